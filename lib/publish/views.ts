/**
 * What the publish screens and outside tools see: shapes of the publish API's answers, and the
 * pure comparisons behind them (no I/O, so the browser can import the types and tests run fast).
 *
 * - Route impact: two desired Kong states of one zone compared route by route (the state sent by
 *   the last successful publish against the one about to be sent). Kong states, not compiler
 *   output, because that is what a publish record keeps — so a rollback and a history entry get
 *   the same diff as a fresh publish.
 * - Drift: the last successful publish's desired state planned against the live managed entities.
 *   Whatever that plan would write is exactly what someone changed in Kong by hand.
 */
import type { KongRoute, KongService, KongState, KongTarget, Warning } from "../compiler/types";
import type { EntityKind, FieldChange, LiveKongState, PublishPlan } from "./plan";
import { planPublish } from "./plan";

export type RouteChangeField = "expression" | "priority" | "upstream";

export interface RouteChange {
  name: string;
  fields: RouteChangeField[];
  before: { expression: string; priority: number; upstream: string };
  after: { expression: string; priority: number; upstream: string };
}

export interface RouteSnapshot {
  name: string;
  expression: string;
  priority: number;
  upstream: string;
}

export interface RouteImpact {
  added: RouteSnapshot[];
  removed: RouteSnapshot[];
  changed: RouteChange[];
  unchanged: number;
}

/** Where a route sends traffic, as one readable string: a service URL or an upstream's weighted targets. */
function upstreamOf(route: KongRoute, state: KongState): string {
  const service = state.services.find((s) => s.id === route.service.id);
  if (!service) return "(no service)";
  const upstream = state.upstreams.find((u) => u.name === service.host);
  if (upstream) {
    const targets = state.targets
      .filter((t: KongTarget) => t.upstream.id === upstream.id)
      .map((t) => `${t.target}×${t.weight}`)
      .sort();
    return `${service.protocol}://${upstream.name} [${targets.join(", ")}]${service.path ?? ""}`;
  }
  return serviceUrl(service);
}

function serviceUrl(s: KongService): string {
  return `${s.protocol}://${s.host}:${s.port}${s.path ?? ""}`;
}

function snapshot(route: KongRoute, state: KongState): RouteSnapshot {
  return {
    name: route.name,
    expression: route.expression,
    priority: route.priority,
    upstream: upstreamOf(route, state),
  };
}

/** Routes added, removed and changed from `before` (null: nothing published yet) to `after`. */
export function routeImpact(before: KongState | null, after: KongState): RouteImpact {
  const old = new Map((before?.routes ?? []).map((r) => [r.name, snapshot(r, before!)]));
  const now = new Map(after.routes.map((r) => [r.name, snapshot(r, after)]));
  const impact: RouteImpact = { added: [], removed: [], changed: [], unchanged: 0 };
  for (const [name, route] of now) {
    const was = old.get(name);
    if (!was) {
      impact.added.push(route);
      continue;
    }
    const fields: RouteChangeField[] = [];
    if (was.expression !== route.expression) fields.push("expression");
    if (was.priority !== route.priority) fields.push("priority");
    if (was.upstream !== route.upstream) fields.push("upstream");
    if (fields.length === 0) impact.unchanged += 1;
    else {
      const { name: _a, ...beforeFields } = was;
      const { name: _b, ...afterFields } = route;
      impact.changed.push({ name, fields, before: beforeFields, after: afterFields });
    }
  }
  for (const [name, route] of old) if (!now.has(name)) impact.removed.push(route);
  const byName = (a: { name: string }, b: { name: string }) =>
    a.name < b.name ? -1 : a.name > b.name ? 1 : 0;
  impact.added.sort(byName);
  impact.removed.sort(byName);
  impact.changed.sort(byName);
  return impact;
}

// ---------------------------------------------------------------- drift

export type DriftKind = "changed" | "missing" | "added";

export interface DriftItem {
  /** changed: fields differ from what was published; missing: deleted in Kong; added: created by hand with Switchyard's tags. */
  drift: DriftKind;
  kind: EntityKind;
  id: string;
  name: string;
  /** For `changed`: `live` is what Kong holds now, `published` what the last publish sent. */
  changes?: { field: string; live: unknown; published: unknown }[];
}

export interface UnmanagedEntity {
  kind: EntityKind;
  id: string;
  name: string;
  tags: string[];
}

export interface ZoneDrift {
  zone: string;
  checkedAt: string;
  /** false when Kong could not be read; `error` says why and the other fields are empty. */
  reachable: boolean;
  error: string | null;
  /** The publish the live state is compared with; null when the zone was never published. */
  baseline: { publishId: string; finishedAt: string | null } | null;
  /**
   * A later publish that stopped before it finished (FAILED or INTERRUPTED): Kong holds part of it.
   * What it wrote (or was about to) is not counted as drift; publishing again converges.
   */
  incomplete: { publishId: string; status: "FAILED" | "INTERRUPTED" } | null;
  drifted: boolean;
  items: DriftItem[];
  /** Entities without Switchyard's tags: listed, never touched. */
  unmanaged: UnmanagedEntity[];
}

const EMPTY_STATE: KongState = { services: [], upstreams: [], targets: [], routes: [], plugins: [] };

function liveChanges(changes: FieldChange[] | undefined) {
  return changes?.map((c) => ({ field: c.field, live: c.before, published: c.after }));
}

/**
 * Hand-made changes: what a publish of the last published state would have to write. After a
 * publish that stopped halfway (`unfinished`), Kong legitimately holds a mix of both states, so only
 * what differs from both of them is someone's hand.
 */
export function driftItems(
  published: KongState | null,
  live: LiveKongState,
  unfinished: KongState | null = null,
): DriftItem[] {
  const items = driftAgainst(published, live);
  if (!unfinished) return items;
  const alsoOff = new Set(driftAgainst(unfinished, live).map((i) => `${i.kind}:${i.id}`));
  return items.filter((i) => alsoOff.has(`${i.kind}:${i.id}`));
}

function driftAgainst(published: KongState | null, live: LiveKongState): DriftItem[] {
  const plan: PublishPlan = planPublish(published ?? EMPTY_STATE, live);
  return plan.steps.flatMap((s) =>
    s.ops.map((op): DriftItem => {
      const drift: DriftKind =
        op.action === "create" ? "missing" : op.action === "update" ? "changed" : "added";
      return {
        drift,
        kind: op.kind,
        id: op.id,
        name: op.name,
        ...(op.changes ? { changes: liveChanges(op.changes) } : {}),
      };
    }),
  );
}

// ---------------------------------------------------------------- API shapes

export interface PublishProgress {
  done: number;
  total: number;
}

/** A plan as stored with a publish (each write and the fields it changes, not whole entities). */
export interface PlanView {
  steps: {
    name: string;
    ops: {
      action: "create" | "update" | "delete";
      kind: EntityKind;
      id: string;
      name: string;
      parentId?: string;
      note?: string;
      changes?: FieldChange[];
    }[];
  }[];
  summary: { create: number; update: number; delete: number; unchanged: number };
}

export interface PublishRecordView {
  id: string;
  zone: string;
  actor: string;
  status: "PLANNED" | "RUNNING" | "SUCCEEDED" | "FAILED" | "INTERRUPTED";
  dryRun: boolean;
  sourcePublishId: string | null;
  summary: PlanView["summary"] & {
    applied?: number;
    failed?: number;
    skipped?: number;
    mode?: "entities" | "config";
    /** Runs of the publish's job that stopped before it finished (lib/db/publishes.ts). */
    earlierAttempts?: { attempt: number; planned: number; applied: number }[];
  };
  error: string | null;
  createdAt: string;
  finishedAt: string | null;
  durationMs: number | null;
  /** The run of the publish's job that wrote the record last (above 1: resumed by another run). */
  attempt: number;
  progress: PublishProgress;
}

/**
 * How a publish that another run took over says so: its worker (process) stopped — killed, or cut
 * off from the database — and a worker on this or another app process resumed it, re-planning
 * against Kong as the stopped run had left it. Null for a publish that ran once.
 */
export function resumedNote(p: Pick<PublishRecordView, "attempt" | "summary">): string | null {
  if (p.attempt <= 1) return null;
  const earlier = p.summary.earlierAttempts ?? [];
  const applied = earlier.reduce((n, a) => n + a.applied, 0);
  return `resumed after its worker stopped · attempt ${p.attempt}${earlier.length ? ` · ${applied} writes applied before` : ""}`;
}

export interface PublishOperationView {
  seq: number;
  step: number;
  action: string;
  kind: string;
  entityId: string;
  name: string;
  status: "PENDING" | "APPLIED" | "FAILED" | "SKIPPED";
  attempts: number;
  error: string | null;
}

/** A publish with its plan, outcomes and route diff against the zone's previous successful publish. */
export interface PublishDetailView extends PublishRecordView {
  plan: PlanView;
  operations?: PublishOperationView[];
  impact: RouteImpact;
  /** The successful publish the route diff starts from (null: the zone's first). */
  baselinePublishId: string | null;
}

/** A dry run: the plan against live Kong, the route diff since the last publish, the compiler's warnings. */
export interface PublishPreviewView extends PublishDetailView {
  warnings: Warning[];
  /** False when the dry run was only answered (a caller who may not publish): its id can't be fetched. */
  stored: boolean;
}
