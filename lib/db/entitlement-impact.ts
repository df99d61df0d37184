import "server-only";
import type { EntitlementCreate } from "../api/schemas";
import { tenantEndpoints, type ServedBy, type TenantEndpoint } from "../api/tenant-serving";
import { compareCompiles, createCompiler, routeCount, type ZoneImpact } from "../compiler";
import type { CompileResult, Snapshot } from "../compiler/types";
import { fieldErrors, type FieldProblem } from "./errors";
import { prisma } from "./prisma";
import { loadSnapshot } from "./snapshot";

export interface PendingEntitlements {
  grant: EntitlementCreate[];
  revoke: EntitlementCreate[];
}

/** "university: GET /capabilities — mod-capabilities 1.0.0 → 2.0.0": one tenant's request, before and after. */
export interface TenantEffect {
  tenant: string;
  zone: string;
  basePath: string;
  endpoint: TenantEndpoint["endpoint"];
  request: TenantEndpoint["request"];
  /** The route Kong picks for the tenant now and after the change; null: no route (404). */
  before: ServedBy | null;
  after: ServedBy | null;
}

export interface EntitlementImpact {
  /** Zones whose routes the change touches, ordered by name; each with its number of routes. */
  zones: Array<ZoneImpact & { routes: number }>;
  /** Routes changed across all zones. */
  routes: number;
  /** Per tenant of the batch and endpoint whose answer changes, by tenant, zone and path. */
  effects: TenantEffect[];
}

const key = (e: EntitlementCreate) => `${e.tenant}\u0000${e.application}\u0000${e.version}`;

/** The snapshot as it would be after the batch: grants added (idempotently), revocations removed. */
export function withPendingEntitlements(snapshot: Snapshot, pending: PendingEntitlements): Snapshot {
  const revoked = new Set(pending.revoke.map(key));
  const entitlements = snapshot.entitlements.filter((e) => !revoked.has(key(e)));
  const present = new Set(entitlements.map(key));
  for (const e of pending.grant) {
    if (present.has(key(e))) continue;
    present.add(key(e));
    entitlements.push({ tenant: e.tenant, application: e.application, version: e.version });
  }
  return { ...snapshot, entitlements };
}

// One incremental compiler for each side, kept across calls: the two differ only in
// entitlements, so after the first preview each one recompiles just the exposures it touches.
const globalForImpact = globalThis as unknown as {
  switchyardImpact?: { before: ReturnType<typeof createCompiler>; after: ReturnType<typeof createCompiler> };
};
const compilers = (globalForImpact.switchyardImpact ??= {
  before: createCompiler(),
  after: createCompiler(),
});

/**
 * What the pending grants and revocations would do to the routes, before anything is saved: the
 * current snapshot and the snapshot with the change applied, both compiled, compared zone by zone.
 * The same checks as the batch that applies them (tenants must exist; one entitlement is not
 * both granted and revoked), so a preview never shows a change the batch would refuse.
 */
export async function entitlementImpact(pending: PendingEntitlements): Promise<EntitlementImpact> {
  const names = [...new Set([...pending.grant, ...pending.revoke].map((e) => e.tenant))];
  const known = new Set(
    (await prisma.tenant.findMany({ where: { name: { in: names } }, select: { name: true } })).map(
      (t) => t.name,
    ),
  );
  const problems: FieldProblem[] = [];
  for (const [list, items] of [
    ["grant", pending.grant],
    ["revoke", pending.revoke],
  ] as const) {
    items.forEach((e, i) => {
      if (!known.has(e.tenant))
        problems.push({ path: `${list}.${i}.tenant`, message: `Tenant ${e.tenant} does not exist` });
    });
  }
  const revoking = new Set(pending.revoke.map(key));
  const both = pending.grant.find((g) => revoking.has(key(g)));
  if (both) {
    problems.push({
      path: "grant",
      message: `${both.tenant} → ${both.application} ${both.version} is both granted and revoked; name it in one list only`,
    });
  }
  if (problems.length) throw fieldErrors(problems);

  const snapshot = await loadSnapshot();
  const before = compilers.before.compile(snapshot);
  const after = compilers.after.compile(withPendingEntitlements(snapshot, pending));
  const zones = compareCompiles(before, after).map((impact) => ({ ...impact, routes: routeCount(impact) }));
  const tenants = [...new Set([...pending.grant, ...pending.revoke].map((e) => e.tenant))].sort();
  return {
    zones,
    routes: zones.reduce((n, z) => n + z.routes, 0),
    effects: tenantEffects(before, after, zones, tenants, snapshot.settings.tenantHeader),
  };
}

const sameRoute = (a: ServedBy | null, b: ServedBy | null) => (a?.name ?? null) === (b?.name ?? null);

/**
 * What each tenant of the batch would reach differently, asked of the simulator on both compiles:
 * only the base paths of the routes that change are probed, so a grant in a large estate simulates
 * a handful of requests, not every endpoint of every zone.
 */
function tenantEffects(
  before: CompileResult,
  after: CompileResult,
  impacts: readonly ZoneImpact[],
  tenants: readonly string[],
  tenantHeader: string,
): TenantEffect[] {
  const effects: TenantEffect[] = [];
  for (const impact of impacts) {
    const zoneBefore = before.zones.find((z) => z.zone === impact.zone);
    const zoneAfter = after.zones.find((z) => z.zone === impact.zone);
    if (!zoneBefore || !zoneAfter) continue;
    const touched = new Set([...impact.added, ...impact.removed, ...impact.activated, ...impact.deactivated, ...impact.changed.map((c) => c.name)]);
    const basePaths = new Set(
      [zoneBefore, zoneAfter].flatMap((z) => [...z.routes, ...z.inactiveRoutes].filter((r) => touched.has(r.name)).map((r) => r.basePath)),
    );
    for (const tenant of tenants) {
      const was = new Map(tenantEndpoints(zoneBefore, tenantHeader, tenant, basePaths).map((e) => [requestKey(e), e]));
      for (const now of tenantEndpoints(zoneAfter, tenantHeader, tenant, basePaths)) {
        const old = was.get(requestKey(now));
        if (old && sameRoute(old.servedBy, now.servedBy)) continue;
        effects.push({
          tenant,
          zone: impact.zone,
          basePath: now.basePath,
          endpoint: now.endpoint,
          request: now.request,
          before: old?.servedBy ?? null,
          after: now.servedBy,
        });
      }
    }
  }
  return effects.sort((a, b) =>
    a.tenant !== b.tenant ? (a.tenant < b.tenant ? -1 : 1) : a.zone !== b.zone ? (a.zone < b.zone ? -1 : 1) : a.request.path < b.request.path ? -1 : a.request.path > b.request.path ? 1 : 0,
  );
}

const requestKey = (e: TenantEndpoint) => `${e.request.method} ${e.request.host}${e.request.path}`;
