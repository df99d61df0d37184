/**
 * The publish plan: a zone's desired Kong entities (from the compiler) against the live entities
 * that carry Switchyard's tags → the writes that make Kong match, in the order Kong accepts them.
 *
 * - Entities are matched by id (ids are deterministic, so a publish is idempotent); a live entity
 *   with the name of a desired one but another id is a leftover (e.g. made by hand with our tags)
 *   and is removed first, with whatever references it, before the desired one is created.
 * - Only the fields Switchyard sets are compared: Kong fills defaults for the rest, and a field
 *   Kong added must not make every publish rewrite every entity. Nothing changed ⇒ zero writes.
 * - Order: no route is reachable in Kong without its issuer plugin at any moment. The plugin is
 *   scoped to the route's own service, so it is written after the service and *before* the route;
 *   a route goes before its service's plugin, and services last (Kong refuses to delete a service
 *   that routes still use). decK writes plugins after routes, which leaves a new route open until
 *   its plugin lands — or for good, when Kong refuses the plugin. A plugin that must be replaced
 *   (same instance_name, other id) takes the live routes it guards down with it first, to be
 *   re-created after the new plugin: briefly not found rather than briefly unchecked. Plugins
 *   scoped to a route (what earlier versions wrote) can only follow their route.
 * - Entities without Switchyard's tag never reach this function (the caller lists by tag), so
 *   they are never touched.
 */
import type {
  KongPlugin,
  KongRoute,
  KongService,
  KongState,
  KongTarget,
  KongUpstream,
} from "../compiler/types";
import { compareStrings } from "../compiler/semver";

export type EntityKind = "service" | "upstream" | "route" | "target" | "plugin";
export type Action = "create" | "update" | "delete";

/** An entity as Kong returns it: the fields we manage plus whatever Kong adds. */
export type LiveEntity = { id: string; name?: string; tags?: string[] | null } & Record<string, unknown>;

export interface LiveKongState {
  services: LiveEntity[];
  upstreams: LiveEntity[];
  routes: LiveEntity[];
  targets: LiveEntity[];
  plugins: LiveEntity[];
}

export type DesiredEntity = KongService | KongUpstream | KongRoute | KongTarget | KongPlugin;

export interface FieldChange {
  field: string;
  before: unknown;
  after: unknown;
}

export interface PlanOp {
  action: Action;
  kind: EntityKind;
  id: string;
  /** Name (services, upstreams, routes, plugins' instance_name) or host:port (targets). */
  name: string;
  /** For targets: the upstream's id, which the Admin API path needs. */
  parentId?: string;
  desired?: DesiredEntity;
  live?: LiveEntity;
  changes?: FieldChange[];
  /** Why a delete happens: "not desired" or "replaced (same name, other id)". */
  note?: string;
}

export interface PlanStep {
  name: string;
  ops: PlanOp[];
}

export interface PublishPlan {
  steps: PlanStep[];
  summary: { create: number; update: number; delete: number; unchanged: number };
}

const KIND_KEYS: Record<EntityKind, keyof KongState> = {
  service: "services",
  upstream: "upstreams",
  route: "routes",
  target: "targets",
  plugin: "plugins",
};

export function entityName(kind: EntityKind, e: DesiredEntity | LiveEntity): string {
  if (kind === "target") return String((e as { target?: unknown }).target ?? e.id);
  if (kind === "plugin")
    return String((e as { instance_name?: unknown }).instance_name ?? (e as { name?: unknown }).name ?? e.id);
  return String((e as { name?: unknown }).name ?? e.id);
}

/** A reference field (`service`, `route`, `upstream`) as an id, whatever shape Kong returned. */
function refId(value: unknown): string | undefined {
  if (value && typeof value === "object" && "id" in value) return String((value as { id: unknown }).id);
  return undefined;
}

/**
 * Compares what we set with what Kong holds: every field of `desired` must be equal in `live`.
 * Objects compare key by key (Kong may add keys, e.g. plugin config defaults); arrays by position.
 */
export function fieldChanges(desired: object, live: Record<string, unknown>, prefix = ""): FieldChange[] {
  const changes: FieldChange[] = [];
  for (const [key, want] of Object.entries(desired)) {
    if (key === "id") continue;
    const have = live[key];
    const field = prefix ? `${prefix}.${key}` : key;
    if (!covers(want, have)) changes.push({ field, before: have ?? null, after: want });
  }
  return changes;
}

function covers(want: unknown, have: unknown): boolean {
  if (want === null || want === undefined) return have === null || have === undefined;
  if (Array.isArray(want)) {
    return Array.isArray(have) && have.length === want.length && want.every((w, i) => covers(w, have[i]));
  }
  if (typeof want === "object") {
    if (!have || typeof have !== "object" || Array.isArray(have)) return false;
    const h = have as Record<string, unknown>;
    return Object.entries(want).every(([k, w]) => covers(w, h[k]));
  }
  return want === have;
}

/** Managed entities that (transitively) reference one of `ids`: routes and targets of a service
 *  or upstream, plugins of those services and routes. They must go before what they reference can go. */
function dependents(
  live: LiveKongState,
  ids: Set<string>,
): { routes: LiveEntity[]; targets: LiveEntity[]; plugins: LiveEntity[] } {
  const routes = live.routes.filter((r) => ids.has(refId(r.service) ?? ""));
  const targets = live.targets.filter((t) => ids.has(refId(t.upstream) ?? ""));
  const routeIds = new Set([...routes.map((r) => r.id), ...ids]);
  const plugins = live.plugins.filter(
    (p) => routeIds.has(refId(p.route) ?? "") || routeIds.has(refId(p.service) ?? ""),
  );
  return { routes, targets, plugins };
}

/** A plugin scoped to one route (earlier versions' shape): it can only be written after its route. */
const routeScoped = (p: DesiredEntity | LiveEntity) => refId((p as { route?: unknown }).route) !== undefined;

/** The routes a plugin applies to: its route, or every route of its service. */
function guardedRoutes(plugin: DesiredEntity | LiveEntity, routes: readonly (KongRoute | LiveEntity)[]): (KongRoute | LiveEntity)[] {
  const route = refId((plugin as { route?: unknown }).route);
  if (route) return routes.filter((r) => r.id === route);
  const service = refId((plugin as { service?: unknown }).service);
  return service ? routes.filter((r) => refId(r.service) === service) : [];
}

export function planPublish(desired: KongState, live: LiveKongState): PublishPlan {
  const kinds: EntityKind[] = ["service", "upstream", "route", "target", "plugin"];
  const liveById = new Map<string, { kind: EntityKind; entity: LiveEntity }>();
  for (const kind of kinds) for (const e of live[KIND_KEYS[kind]]) liveById.set(e.id, { kind, entity: e });

  // 1. Leftovers: a live entity holding a desired entity's name (or target address) under another id.
  const removed = new Map<string, PlanOp>();
  const remove = (kind: EntityKind, e: LiveEntity, note: string) => {
    if (!removed.has(e.id)) {
      removed.set(e.id, {
        action: "delete",
        kind,
        id: e.id,
        name: entityName(kind, e),
        parentId: refId(e.upstream),
        live: e,
        note,
      });
    }
  };
  for (const kind of kinds) {
    const desiredIds = new Set(desired[KIND_KEYS[kind]].map((e) => e.id));
    const scope = (e: DesiredEntity | LiveEntity) =>
      kind === "target"
        ? `${refId((e as { upstream?: unknown }).upstream)}|${entityName(kind, e)}`
        : entityName(kind, e);
    const wanted = new Set(desired[KIND_KEYS[kind]].map(scope));
    for (const e of live[KIND_KEYS[kind]]) {
      if (!desiredIds.has(e.id) && wanted.has(scope(e))) remove(kind, e, "replaced (same name, other id)");
    }
  }
  const replacedParents = new Set(
    [...removed.values()].filter((o) => o.kind === "service" || o.kind === "upstream").map((o) => o.id),
  );
  const deps = dependents(live, replacedParents);
  deps.routes.forEach((e) => remove("route", e, "references a replaced entity"));
  deps.targets.forEach((e) => remove("target", e, "references a replaced entity"));
  deps.plugins.forEach((e) => remove("plugin", e, "references a replaced entity"));
  // Between removing a replaced plugin and writing its successor, the routes it guarded would be
  // open: those the desired state guards too go down first and come back after the new plugin.
  const guardedByDesired = new Set(desired.plugins.flatMap((p) => guardedRoutes(p, desired.routes).map((r) => r.id)));
  for (const op of [...removed.values()].filter((o) => o.kind === "plugin")) {
    for (const r of guardedRoutes(op.live!, live.routes))
      if (guardedByDesired.has(r.id)) remove("route", r as LiveEntity, "re-created after its issuer plugin is replaced");
  }

  // Kong deletes a route's own plugins with it (on_delete cascade): they are written again after it.
  const replacedRoutes = new Set([...removed.values()].filter((o) => o.kind === "route").map((o) => o.id));
  for (const p of live.plugins)
    if (replacedRoutes.has(refId(p.route) ?? "")) remove("plugin", p, "references a replaced entity");
  // 2. Creates and updates, by id.
  let unchanged = 0;
  const upserts: Record<EntityKind, PlanOp[]> = {
    service: [],
    upstream: [],
    route: [],
    target: [],
    plugin: [],
  };
  for (const kind of kinds) {
    for (const want of desired[KIND_KEYS[kind]] as DesiredEntity[]) {
      const found = removed.has(want.id) ? undefined : liveById.get(want.id);
      const parentId = kind === "target" ? (want as KongTarget).upstream.id : undefined;
      if (!found) {
        upserts[kind].push({
          action: "create",
          kind,
          id: want.id,
          name: entityName(kind, want),
          parentId,
          desired: want,
        });
        continue;
      }
      const changes = fieldChanges(want, found.entity);
      if (changes.length === 0) unchanged += 1;
      else
        upserts[kind].push({
          action: "update",
          kind,
          id: want.id,
          name: entityName(kind, want),
          parentId,
          desired: want,
          live: found.entity,
          changes,
        });
    }
  }

  // 3. Deletes: live managed entities that are no longer desired.
  const desiredIds = new Set(kinds.flatMap((k) => desired[KIND_KEYS[k]].map((e) => e.id)));
  for (const kind of kinds) {
    for (const e of live[KIND_KEYS[kind]]) if (!desiredIds.has(e.id)) remove(kind, e, "not desired");
  }
  const leftovers = [...removed.values()].filter((o) => o.note !== "not desired");
  const stale = [...removed.values()].filter((o) => o.note === "not desired");
  const ofKinds = (ops: PlanOp[], ...ks: EntityKind[]) => sortOps(ops.filter((o) => ks.includes(o.kind)));

  const steps: PlanStep[] = [
    { name: "remove replaced routes and targets", ops: ofKinds(leftovers, "route", "target") },
    { name: "remove replaced plugins", ops: ofKinds(leftovers, "plugin") },
    { name: "remove replaced services and upstreams", ops: ofKinds(leftovers, "service", "upstream") },
    { name: "services and upstreams", ops: sortOps([...upserts.service, ...upserts.upstream]) },
    {
      name: "targets and service plugins",
      ops: sortOps([...upserts.target, ...upserts.plugin.filter((o) => !routeScoped(o.desired!))]),
    },
    { name: "routes", ops: sortOps(upserts.route) },
    { name: "route plugins", ops: sortOps(upserts.plugin.filter((o) => routeScoped(o.desired!))) },
    { name: "delete routes and targets", ops: ofKinds(stale, "route", "target") },
    { name: "delete plugins", ops: ofKinds(stale, "plugin") },
    { name: "delete services and upstreams", ops: ofKinds(stale, "service", "upstream") },
  ].filter((s) => s.ops.length > 0);

  const all = steps.flatMap((s) => s.ops);
  return {
    steps,
    summary: {
      create: all.filter((o) => o.action === "create").length,
      update: all.filter((o) => o.action === "update").length,
      delete: all.filter((o) => o.action === "delete").length,
      unchanged,
    },
  };
}

/** Deterministic order inside a step, so the same inputs always give the same plan. */
function sortOps(ops: PlanOp[]): PlanOp[] {
  return [...ops].sort(
    (a, b) => compareStrings(a.kind, b.kind) || compareStrings(a.name, b.name) || compareStrings(a.id, b.id),
  );
}

export function planIsEmpty(plan: PublishPlan): boolean {
  return plan.steps.length === 0;
}
