import { analyzeRoutes, createAnalysisCache, type AnalysisCache } from "./analysis";
import { tenantHeaderField } from "./expression";
import { kongEntityId, type KongEntityType } from "./ids";
import { kongState, routeEntities, type RouteEntities } from "./kong-state";
import { routePriority, TIE_BREAK_LIMIT } from "./priority";
import { dtcEligibleZones, isDtcEligible, zoneRealms } from "./realms";
import { entitlementKey, exposureRoutes, type EstateIndex, type ExposureRoutes, type InactiveDraft, type RouteDraft } from "./routes";
import { compareSemver, compareStrings } from "./semver";
import type {
  CompiledRoute,
  CompileResult,
  InactiveRoute,
  Realm,
  RoverInput,
  RouteKind,
  Snapshot,
  SubscriptionRefusal,
  Warning,
  ZoneInput,
  ZoneOutput,
} from "./types";

/**
 * A compiler that remembers, between calls, each exposure's routes keyed on exactly the inputs
 * they are derived from, and each zone's output keyed on the exposures it holds. After one
 * entitlement change only the exposures of that application version and the zones they serve
 * are recomputed; the result is byte-identical to a fresh `compile` (tested).
 */
export interface Compiler {
  compile(snapshot: Snapshot): CompileResult;
}

interface ExposureMemo {
  key: string;
  result: ExposureRoutes;
}

interface ZoneMemo {
  /** Identity of the exposure results the zone was assembled from, in order. */
  inputs: ExposureRoutes[];
  unmatchedKey: string;
  output: ZoneOutput;
}

const KIND_RANK: Record<RouteKind, number> = { failover: 0, proxy: 1, real: 2 };

export function createCompiler(): Compiler {
  let estateKey = "";
  let exposureMemo = new Map<string, ExposureMemo>();
  let zoneMemo = new Map<string, ZoneMemo>();
  const ids = new Map<string, string>();
  const analysisCache = createAnalysisCache();
  const routeCache: RouteCache = new WeakMap();
  const idOf = (zone: string, type: KongEntityType, name: string): string => {
    const key = `${zone}/${type}/${name}`;
    let id = ids.get(key);
    if (id === undefined) {
      id = kongEntityId(zone, type, name);
      ids.set(key, id);
    }
    return id;
  };

  return {
    compile(snapshot: Snapshot): CompileResult {
      const zones = [...snapshot.zones].sort((a, b) => compareStrings(a.name, b.name));
      // Settings and zones shape every route (realms, hosts, header field): any change to them
      // invalidates everything.
      const nextEstateKey = JSON.stringify([snapshot.settings, zones]);
      if (nextEstateKey !== estateKey) {
        estateKey = nextEstateKey;
        exposureMemo = new Map();
        zoneMemo = new Map();
      }
      const index = estateIndex(snapshot, zones);
      const rovers = [...snapshot.rovers].sort((a, b) => compareStrings(a.id, b.id));

      const nextExposureMemo = new Map<string, ExposureMemo>();
      const results: ExposureRoutes[] = [];
      for (const rover of rovers) {
        for (const exposure of [...rover.exposures].sort((a, b) => compareStrings(a.basePath, b.basePath))) {
          const memoKey = `${rover.id} ${exposure.basePath}`;
          const key = exposureKey(rover, exposure, index);
          const cached = exposureMemo.get(memoKey);
          const result = cached && cached.key === key ? cached.result : exposureRoutes(rover, exposure, index);
          nextExposureMemo.set(memoKey, { key, result });
          results.push(result);
        }
      }
      exposureMemo = nextExposureMemo;

      const unmatched = unmatchedSubscriptionWarnings(rovers, snapshot);
      const nextZoneMemo = new Map<string, ZoneMemo>();
      const outputs = zones.map((zone) => {
        const inputs = results.filter((r) => touchedZones(r).has(zone.name));
        const zoneUnmatched = unmatched.get(zone.name) ?? [];
        const unmatchedKey = JSON.stringify(zoneUnmatched);
        const cached = zoneMemo.get(zone.name);
        const output =
          cached && cached.unmatchedKey === unmatchedKey && sameItems(cached.inputs, inputs)
            ? cached.output
            : assembleZone(zone, index.realmsByZone.get(zone.name) ?? [], inputs, zoneUnmatched, { idOf, analysisCache, routeCache });
        nextZoneMemo.set(zone.name, { inputs, unmatchedKey, output });
        return output;
      });
      zoneMemo = nextZoneMemo;
      return { zones: outputs };
    },
  };
}

/** Compiles a snapshot from scratch: the same snapshot always gives byte-identical output. */
export function compile(snapshot: Snapshot): CompileResult {
  return createCompiler().compile(snapshot);
}

export function estateIndex(snapshot: Snapshot, sortedZones: readonly ZoneInput[]): EstateIndex {
  const { settings } = snapshot;
  const zonesByName = new Map(sortedZones.map((z) => [z.name, z]));
  const realmsByZone = new Map<string, Realm[]>(sortedZones.map((z) => [z.name, zoneRealms(z, sortedZones, settings.environment)]));
  const approvedSubscribers = new Map<string, RoverInput[]>();
  for (const rover of [...snapshot.rovers].sort((a, b) => compareStrings(a.id, b.id))) {
    for (const basePath of new Set(rover.subscriptions.filter((s) => s.approved).map((s) => s.basePath))) {
      const list = approvedSubscribers.get(basePath) ?? [];
      list.push(rover);
      approvedSubscribers.set(basePath, list);
    }
  }
  const tenantSets = new Map<string, Set<string>>();
  for (const e of snapshot.entitlements) {
    const key = entitlementKey(e.application, e.version);
    const set = tenantSets.get(key) ?? new Set<string>();
    set.add(e.tenant);
    tenantSets.set(key, set);
  }
  const entitledTenants = new Map([...tenantSets].map(([k, set]) => [k, [...set].sort(compareStrings)]));
  return {
    settings,
    tenantField: tenantHeaderField(settings.tenantHeader),
    zonesByName,
    realmsByZone,
    dtcEligible: dtcEligibleZones(sortedZones),
    approvedSubscribers,
    entitledTenants,
  };
}

/** Exactly the inputs `exposureRoutes` reads besides settings and zones (those reset the memo). */
function exposureKey(rover: RoverInput, exposure: RoverInput["exposures"][number], index: EstateIndex): string {
  const subscribers = (index.approvedSubscribers.get(exposure.basePath) ?? []).map((s) => [s.id, s.name, s.version, s.zone, s.failoverEnabled]);
  const tenants = exposure.tenantAccess === "ENTITLED" ? (index.entitledTenants.get(entitlementKey(rover.name, rover.version)) ?? []) : null;
  return JSON.stringify([rover.id, rover.name, rover.version, rover.zone, exposure, subscribers, tenants]);
}

const zonesTouched = new WeakMap<ExposureRoutes, Set<string>>();

/** The zones an exposure's result contributes to (remembered: results are immutable once built). */
function touchedZones(result: ExposureRoutes): Set<string> {
  let zones = zonesTouched.get(result);
  if (!zones) {
    zones = new Set<string>();
    for (const r of result.routes) zones.add(r.route.zone);
    for (const r of result.inactive) zones.add(r.route.zone);
    for (const r of result.refusals) zones.add(r.zone);
    for (const w of result.warnings) if (w.zone) zones.add(w.zone);
    zonesTouched.set(result, zones);
  }
  return zones;
}

function sameItems<T>(a: readonly T[], b: readonly T[]): boolean {
  return a.length === b.length && a.every((x, i) => x === b[i]);
}

function unmatchedSubscriptionWarnings(rovers: readonly RoverInput[], snapshot: Snapshot): Map<string, Warning[]> {
  const exposed = new Set(snapshot.rovers.flatMap((r) => r.exposures.map((e) => e.basePath)));
  const byZone = new Map<string, Warning[]>();
  for (const rover of rovers) {
    for (const s of rover.subscriptions) {
      if (exposed.has(s.basePath)) continue;
      const list = byZone.get(rover.zone) ?? [];
      list.push({
        code: "subscription-unmatched",
        severity: "warning",
        message: `${rover.name}@${rover.version} (zone ${rover.zone}) subscribes to ${s.basePath}${s.approved ? "" : " (not approved)"}, which no rover exposes`,
        zone: rover.zone,
        refs: [{ kind: "rover", id: rover.id, name: rover.name, version: rover.version, zone: rover.zone }],
      });
      byZone.set(rover.zone, list);
    }
  }
  return byZone;
}

/** A draft's compiled route and Kong entities, valid while its name, rank and the zone's issuer setting stay. */
type RouteCache = WeakMap<RouteDraft, { name: string; rank: number; enforceIssuers: boolean; route: CompiledRoute; entities: RouteEntities }>;

interface ZoneCaches {
  idOf: (zone: string, type: KongEntityType, name: string) => string;
  analysisCache: AnalysisCache;
  routeCache: RouteCache;
}

/** Zone-wide pass: final names, priorities (tie-break ranks), Kong entities, analysis. */
function assembleZone(
  zone: ZoneInput,
  realms: Realm[],
  inputs: readonly ExposureRoutes[],
  unmatched: readonly Warning[],
  { idOf, analysisCache, routeCache }: ZoneCaches,
): ZoneOutput {
  const drafts: RouteDraft[] = [];
  const inactiveDrafts: InactiveDraft[] = [];
  const refusals: SubscriptionRefusal[] = [];
  const warnings: Warning[] = [...unmatched];
  for (const input of inputs) {
    for (const d of input.routes) if (d.route.zone === zone.name) drafts.push(d);
    for (const d of input.inactive) if (d.route.zone === zone.name) inactiveDrafts.push(d);
    for (const r of input.refusals) if (r.zone === zone.name) refusals.push(r.refusal);
    for (const w of input.warnings) if (w.zone === zone.name) warnings.push(w);
  }

  // Names: readable, with a stable hash suffix only where two readable names collide.
  const nameCount = new Map<string, number>();
  for (const d of [...drafts, ...inactiveDrafts]) nameCount.set(d.baseName, (nameCount.get(d.baseName) ?? 0) + 1);
  const finalName = (d: { baseName: string; identityHash: string }) =>
    nameCount.get(d.baseName)! > 1 ? `${d.baseName}-${d.identityHash}` : d.baseName;

  // Priorities: within each group of equal base priority, rank by (application, version, kind, name).
  const named = drafts.map((d) => ({ draft: d, name: finalName(d) }));
  const groups = new Map<number, typeof named>();
  for (const n of named) {
    const g = groups.get(n.draft.basePriority) ?? [];
    g.push(n);
    groups.set(n.draft.basePriority, g);
  }
  // Versions ordered once, so the rank comparison below does not re-parse them.
  const versionOrder = new Map(
    [...new Set(drafts.map((d) => d.route.version))]
      .sort((a, b) => compareSemver(a, b) || compareStrings(a, b))
      .map((v, i) => [v, i]),
  );
  const compiled: { route: CompiledRoute; entities: RouteEntities }[] = [];
  for (const group of groups.values()) {
    if (group.length > TIE_BREAK_LIMIT) throw new RangeError(`zone ${zone.name}: more than ${TIE_BREAK_LIMIT} routes share a base priority`);
    group.sort(
      (a, b) =>
        compareStrings(a.draft.route.application, b.draft.route.application) ||
        versionOrder.get(a.draft.route.version)! - versionOrder.get(b.draft.route.version)! ||
        KIND_RANK[a.draft.route.kind] - KIND_RANK[b.draft.route.kind] ||
        compareStrings(a.name, b.name),
    );
    group.forEach(({ draft, name }, rank) => {
      const cached = routeCache.get(draft);
      if (cached && cached.name === name && cached.rank === rank && cached.enforceIssuers === zone.enforceIssuers) {
        compiled.push(cached);
        return;
      }
      const { priority, parts } = routePriority(draft.traits, rank);
      const route: CompiledRoute = { ...draft.route, name, priority, priorityParts: parts };
      const entry = { name, rank, enforceIssuers: zone.enforceIssuers, route, entities: routeEntities(route, zone.enforceIssuers, idOf) };
      routeCache.set(draft, entry);
      compiled.push(entry);
    });
  }
  compiled.sort((a, b) => compareStrings(a.route.name, b.route.name));
  const routes = compiled.map((c) => c.route);

  const inactiveRoutes: InactiveRoute[] = inactiveDrafts
    .map((d) => ({ ...d.route, name: finalName(d) }))
    .sort((a, b) => compareStrings(a.name, b.name));

  const entities = compiled.map((c) => c.entities);
  for (const e of entities) warnings.push(...e.warnings);
  warnings.push(...analyzeRoutes(routes, analysisCache));

  const output: ZoneOutput = {
    zone: zone.name,
    dtcEligible: isDtcEligible(zone),
    realms,
    routes,
    inactiveRoutes,
    refusals: refusals.sort(
      (a, b) =>
        compareStrings(a.basePath, b.basePath) ||
        compareStrings(a.subscriberRoverId, b.subscriberRoverId) ||
        compareStrings(a.providerRoverId, b.providerRoverId),
    ),
    warnings: warnings.sort((a, b) => compareStrings(a.code, b.code) || compareStrings(a.message, b.message)),
    kong: kongState(entities),
  };
  return output;
}
