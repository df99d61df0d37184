import "server-only";
import { ApiError } from "../api/errors";
import type { KongState, Warning } from "../compiler/types";
import { currentCompiledZone } from "../db/compiled";
import {
  getPublish,
  getPublishDetail,
  lastSucceededPublish,
  listPublishes,
  previousSucceededPublish,
  publishDesiredState,
  type PublishRecord,
} from "../db/publishes";
import { getZoneConnection } from "../db/zones";
import { KongError, KongUnsupportedError } from "../kong/errors";
import { kongZoneGateway, managedTags } from "../kong/kong-gateway";
import { log } from "../observability/log";
import { PublishInProgressError } from "./lock";
import type { EntityKind } from "./plan";
import {
  driftItems,
  routeImpact,
  type PublishDetailView,
  type PublishPreviewView,
  type UnmanagedEntity,
  type ZoneDrift,
} from "./views";
import { dryRunZone, publishZone, type DryRun, type PublishDeps } from "./workflow";

/**
 * What the publish API does, behind a few functions: wires the workflow to the database (desired
 * state from the compiler, or an earlier publish's for a rollback) and to the zone's Kong (its
 * stored admin URL and token), runs real publishes in the background so the browser can watch
 * their progress, and turns the workflow's errors into API errors.
 */
async function zoneGateway(zone: string) {
  const connection = await getZoneConnection(zone);
  if (!connection) throw new ApiError("not_found", `Zone ${zone} does not exist`);
  return kongZoneGateway({ name: zone, ...connection });
}

async function desiredState(zone: string, sourcePublishId?: string | null): Promise<KongState> {
  if (sourcePublishId) {
    const source = await publishDesiredState(sourcePublishId);
    if (!source) throw new ApiError("not_found", `Publish ${sourcePublishId} does not exist`);
    if (source.zone !== zone)
      throw new ApiError(
        "conflict",
        `Publish ${sourcePublishId} belongs to zone ${source.zone}, not ${zone}`,
      );
    return source.desiredState;
  }
  const compiled = await currentCompiledZone(zone);
  if (!compiled) throw new ApiError("not_found", `Zone ${zone} does not exist`);
  return compiled.kong;
}

const deps = (onStarted?: (id: string) => void): PublishDeps => ({
  gateway: zoneGateway,
  desiredState,
  onStarted,
});

/** The workflow's and Kong's failures as API errors: 409 while another publish runs, 412 when Kong can't take the publish. */
function apiErrorOf(error: unknown, zone: string): unknown {
  if (error instanceof PublishInProgressError) return new ApiError("conflict", error.message);
  if (error instanceof KongUnsupportedError) return new ApiError("precondition_failed", error.message);
  if (error instanceof KongError)
    return new ApiError("precondition_failed", `Zone ${zone}'s Kong could not be read: ${error.message}`);
  return error;
}

export interface StartPublishInput {
  zone: string;
  actor: string;
  sourcePublishId?: string | null;
  /** Answer only when the publish has finished (tools, tests) instead of as soon as it runs. */
  wait?: boolean;
  /** How long to wait for another publish of the zone; 0 answers 409 at once. */
  waitMs?: number;
}

/**
 * Starts a publish. Returns as soon as it is recorded and writing (`running: true`, the caller
 * polls the record for progress), or with the final record when there was nothing to write, it
 * finished first, or `wait` was asked for.
 */
export async function startPublish(
  input: StartPublishInput,
): Promise<{ record: PublishRecord; running: boolean }> {
  let started!: (id: string) => void;
  const startedId = new Promise<string>((resolve) => (started = resolve));
  const run = publishZone(
    {
      zone: input.zone,
      actor: input.actor,
      sourcePublishId: input.sourcePublishId ?? null,
      waitMs: input.waitMs ?? 0,
    },
    deps(started),
  );
  // The publish goes on after the HTTP answer; its outcome lands in the record either way.
  run.catch((error: unknown) => log.warn("background publish failed", { zone: input.zone, error }));
  try {
    if (input.wait) return { record: await run, running: false };
    const first = await Promise.race([run.then((record) => ({ record })), startedId.then((id) => ({ id }))]);
    if ("record" in first) return { record: first.record, running: false };
    const record = await getPublish(first.id);
    return { record: record!, running: record!.status === "RUNNING" };
  } catch (error) {
    throw apiErrorOf(error, input.zone);
  }
}

/** The route diff of a publish's state against the zone's successful publish before it. */
async function impactOf(record: { id: string; zone: string; createdAt: string }, state: KongState) {
  const baseline = await previousSucceededPublish(record.zone, record.createdAt, record.id);
  return { impact: routeImpact(baseline?.desiredState ?? null, state), baselinePublishId: baseline?.id ?? null };
}

/** A publish's detail with the route diff against the zone's successful publish before it. */
export async function publishDetail(
  id: string,
  options: { operations?: boolean } = {},
): Promise<PublishDetailView | null> {
  const detail = await getPublishDetail(id);
  if (!detail) return null;
  const { desiredState: state, operations, ...rest } = detail;
  return {
    ...rest,
    ...(options.operations === false ? {} : { operations }),
    ...(await impactOf(detail, state)),
  };
}

/**
 * The dry run: the plan against live Kong, what changed since the last publish, the compiler's
 * warnings. `store: false` (a caller who may not publish) answers without recording it.
 */
export async function previewPublish(input: {
  zone: string;
  actor: string;
  sourcePublishId?: string | null;
  store?: boolean;
}): Promise<PublishPreviewView> {
  let dry: DryRun;
  try {
    dry = await dryRunZone(
      { zone: input.zone, actor: input.actor, sourcePublishId: input.sourcePublishId ?? null, store: input.store ?? true },
      deps(),
    );
  } catch (error) {
    throw apiErrorOf(error, input.zone);
  }
  const [detail, compiled] = await Promise.all([
    dry.stored
      ? publishDetail(dry.record.id, { operations: false })
      : impactOf(dry.record, dry.desiredState).then((impact) => ({ ...dry.record, plan: dry.plan, ...impact })),
    currentCompiledZone(input.zone),
  ]);
  // A rollback sends an old state: today's warnings describe today's compile, not that one.
  const warnings: Warning[] = input.sourcePublishId ? [] : (compiled?.warnings ?? []);
  return { ...detail!, warnings, stored: dry.stored };
}

const LIST_KINDS: [EntityKind, "services" | "routes" | "upstreams" | "plugins"][] = [
  ["service", "services"],
  ["route", "routes"],
  ["upstream", "upstreams"],
  ["plugin", "plugins"],
];

/** Live Kong against the zone's last successful publish: what someone changed by hand, and what isn't ours. */
export async function zoneDrift(zone: string): Promise<ZoneDrift> {
  const gateway = await zoneGateway(zone);
  const [baseline, latest] = await Promise.all([
    lastSucceededPublish(zone),
    listPublishes({ zone, limit: 1 }),
  ]);
  const last = latest.items[0];
  const stopped = last && (last.status === "FAILED" || last.status === "INTERRUPTED") ? last : null;
  const unfinished = stopped ? await publishDesiredState(stopped.id) : null;
  const base = {
    zone,
    checkedAt: new Date().toISOString(),
    baseline: baseline
      ? { publishId: baseline.id, finishedAt: baseline.finishedAt?.toISOString() ?? null }
      : null,
    incomplete: stopped
      ? { publishId: stopped.id, status: stopped.status as "FAILED" | "INTERRUPTED" }
      : null,
  };
  try {
    const tags = managedTags(zone);
    const [live, everything] = await Promise.all([
      gateway.listManaged(),
      Promise.all(
        LIST_KINDS.map(async ([kind, path]) => ({ kind, entities: await gateway.client.list(path) })),
      ),
    ]);
    const items = driftItems(baseline?.desiredState ?? null, live, unfinished?.desiredState ?? null);
    const unmanaged: UnmanagedEntity[] = everything.flatMap(({ kind, entities }) =>
      entities
        .filter((e) => !tags.every((t) => e.tags?.includes(t)))
        .map((e) => ({
          kind,
          id: e.id,
          name: String(e.name ?? (e as { instance_name?: unknown }).instance_name ?? e.id),
          tags: e.tags ?? [],
        })),
    );
    return { ...base, reachable: true, error: null, drifted: items.length > 0, items, unmanaged };
  } catch (error) {
    if (!(error instanceof KongError)) throw error;
    return { ...base, reachable: false, error: error.message, drifted: false, items: [], unmanaged: [] };
  }
}
