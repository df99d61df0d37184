/**
 * What a change does to the routes: two compile results compared zone by zone. Used to show,
 * right where an entitlement is granted or a rover edited, how many routes in which zones change
 * before anything is saved or published.
 */
import type { CompileResult, CompiledRoute, ZoneOutput } from "./types";

export type RouteField = "expression" | "priority" | "tenants" | "upstream" | "issuers" | "realm";

export interface ChangedRoute {
  name: string;
  fields: RouteField[];
  before: Pick<CompiledRoute, "expression" | "priority" | "tenants">;
  after: Pick<CompiledRoute, "expression" | "priority" | "tenants">;
}

export interface ZoneImpact {
  zone: string;
  added: string[];
  removed: string[];
  changed: ChangedRoute[];
  /** Routes that were inactive (e.g. ENTITLED without tenants) and are now emitted, and back. */
  activated: string[];
  deactivated: string[];
}

const sameJson = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

function changedFields(a: CompiledRoute, b: CompiledRoute): RouteField[] {
  const fields: RouteField[] = [];
  if (a.expression !== b.expression) fields.push("expression");
  if (a.priority !== b.priority) fields.push("priority");
  if (!sameJson(a.tenants, b.tenants)) fields.push("tenants");
  if (!sameJson(a.upstream, b.upstream)) fields.push("upstream");
  if (!sameJson(a.issuers, b.issuers)) fields.push("issuers");
  if (a.realm !== b.realm) fields.push("realm");
  return fields;
}

export function compareZone(before: ZoneOutput | undefined, after: ZoneOutput | undefined, zone: string): ZoneImpact {
  const beforeRoutes = new Map((before?.routes ?? []).map((r) => [r.name, r]));
  const afterRoutes = new Map((after?.routes ?? []).map((r) => [r.name, r]));
  const beforeInactive = new Set((before?.inactiveRoutes ?? []).map((r) => r.name));
  const afterInactive = new Set((after?.inactiveRoutes ?? []).map((r) => r.name));
  const impact: ZoneImpact = { zone, added: [], removed: [], changed: [], activated: [], deactivated: [] };
  for (const [name, route] of afterRoutes) {
    const old = beforeRoutes.get(name);
    if (!old) {
      (beforeInactive.has(name) ? impact.activated : impact.added).push(name);
      continue;
    }
    const fields = changedFields(old, route);
    if (fields.length) {
      impact.changed.push({
        name,
        fields,
        before: { expression: old.expression, priority: old.priority, tenants: old.tenants },
        after: { expression: route.expression, priority: route.priority, tenants: route.tenants },
      });
    }
  }
  for (const name of beforeRoutes.keys()) {
    if (!afterRoutes.has(name)) (afterInactive.has(name) ? impact.deactivated : impact.removed).push(name);
  }
  for (const list of [impact.added, impact.removed, impact.activated, impact.deactivated]) list.sort();
  impact.changed.sort((a, b) => (a.name < b.name ? -1 : 1));
  return impact;
}

export function routeCount(impact: ZoneImpact): number {
  return impact.added.length + impact.removed.length + impact.changed.length + impact.activated.length + impact.deactivated.length;
}

/** Zones whose routes differ between the two results, ordered by zone name. */
export function compareCompiles(before: CompileResult, after: CompileResult): ZoneImpact[] {
  const names = [...new Set([...before.zones.map((z) => z.zone), ...after.zones.map((z) => z.zone)])].sort();
  const byName = (r: CompileResult) => new Map(r.zones.map((z) => [z.zone, z]));
  const [b, a] = [byName(before), byName(after)];
  return names.map((zone) => compareZone(b.get(zone), a.get(zone), zone)).filter((i) => routeCount(i) > 0);
}
