import "server-only";
import { randomUUID } from "node:crypto";
import { ApiError } from "../api/errors";
import { metrics } from "../observability/metrics";
import type { KongState, Warning } from "../compiler/types";
import { currentCompiledZone } from "../db/compiled";
import {
  createPublish,
  endUnfinishedPublish,
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
import { checkGateway, kongZoneGateway, managedTags } from "../kong/kong-gateway";
import { enqueuePublish, PUBLISH_RETRY_LIMIT, startPublishWorker, type RunPublishJob } from "./jobs";
import { PublishInProgressError, zoneLockHeld } from "./lock";
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

export const deps = (onStarted?: (id: string) => void): PublishDeps => ({
  gateway: zoneGateway,
  desiredState,
  onStarted,
});

/** The workflow's and Kong's failures as API errors: 409 while another publish runs, 412 when Kong can't take the publish. */
export function apiErrorOf(error: unknown, zone: string): unknown {
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
  /** How long to wait for another publish of the zone to finish; 0 answers 409 at once. */
  waitMs?: number;
}

/** How long a run waits for the zone's lock (held by an estate publish or a direct caller) before it is retried. */
const JOB_LOCK_WAIT_MS = 30_000;
/** Without `wait`, how long the request waits for the job's run to start writing before it answers 202 queued. */
const START_WAIT_MS = 15_000;

/** Errors a retry can't mend: the zone or the rollback's source is gone, or Kong can't take the publish. */
const isPermanent = (error: unknown) => error instanceof ApiError || error instanceof KongUnsupportedError;

/** One run of a queued publish (lib/publish/jobs.ts calls it on whichever process claimed the job). */
const runPublishJob: RunPublishJob = async (data, { attempt, signal }) => {
  try {
    await publishZone(
      {
        zone: data.zone,
        actor: data.actor,
        sourcePublishId: data.sourcePublishId,
        publishId: data.publishId,
        attempt,
        waitMs: JOB_LOCK_WAIT_MS,
      },
      { ...deps(), signal },
    );
  } catch (error) {
    // Thrown, the job is retried (by pg-boss, on any process); the last run's failure ends the record.
    if (!isPermanent(error) && attempt <= PUBLISH_RETRY_LIMIT) throw error;
    await endUnfinishedPublish(data.publishId, {
      status: "FAILED",
      error: error instanceof Error ? error.message : String(error),
    });
  }
};

/** Starts this process's publish worker; the app server calls it at boot (instrumentation.ts). */
export const startPublishing = () => startPublishWorker(runPublishJob);

const EMPTY_STATE: KongState = { services: [], upstreams: [], routes: [], targets: [], plugins: [] };
const EMPTY_PLAN = { steps: [], summary: { create: 0, update: 0, delete: 0, unchanged: 0 } };

/**
 * Starts a publish: checks what can be checked at once (the zone, its Kong and whether that Kong
 * can take the state: 404/412), queues the publish's job (409 when one of the zone is queued or
 * running), records it, and answers as soon as its run writes (`running: true`, the caller polls
 * the record), or with the final record when there was nothing to write, it finished first, or
 * `wait` was asked for. The run itself happens on whichever app process's worker claims the job.
 */
export async function startPublish(
  input: StartPublishInput,
): Promise<{ record: PublishRecord; running: boolean }> {
  const { zone } = input;
  const sourcePublishId = input.sourcePublishId ?? null;
  await startPublishing();
  try {
    const gateway = await zoneGateway(zone);
    checkGateway(await gateway.info(), zone, await desiredState(zone, sourcePublishId));
  } catch (error) {
    // Refused before it was queued (Kong unreachable, unsupported, lacking a plugin): a failed
    // publish all the same, as it was before publishes became jobs.
    metrics.publishFailures.inc({ zone });
    throw apiErrorOf(error, zone);
  }
  const publishId = randomUUID();
  const data = { publishId, zone, actor: input.actor, sourcePublishId };
  const deadline = Date.now() + (input.waitMs ?? 0);
  // The job goes first: a refused one (another publish of the zone is queued or running) leaves no
  // record. A lock held outside the queue (an estate publish) refuses it too, as it always has.
  while ((await zoneLockHeld(zone)) || !(await enqueuePublish(data))) {
    if (Date.now() >= deadline) throw apiErrorOf(new PublishInProgressError(zone), zone);
    await sleep(Math.min(250, Math.max(10, deadline - Date.now())));
  }
  await createPublish({
    id: publishId,
    zone,
    actor: input.actor,
    sourcePublishId,
    status: "RUNNING",
    dryRun: false,
    desiredState: EMPTY_STATE,
    plan: EMPTY_PLAN,
    summary: EMPTY_PLAN.summary,
  });
  const answerBy = input.wait ? Infinity : Date.now() + START_WAIT_MS;
  for (;;) {
    const record = (await getPublish(publishId))!;
    if (record.status !== "RUNNING") return { record, running: false };
    if ((!input.wait && record.progress.total > 0) || Date.now() >= answerBy) return { record, running: true };
    await sleep(100);
  }
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

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
