import { analyzeZone, candidatePairs, createShapeCache, reanalyzeZone, routeShape, shapesOverlapForSomeTenants, type RouteShape, type ShapeCache, type ZoneAnalysis } from "./analysis";
import { tenantHeaderField } from "./expression";
import { kongEntityId, type KongEntityType } from "./ids";
import { issuerPluginOf, type IssuerPluginName } from "./issuer-plugins";
import { kongState, routeEntities, type RouteEntities } from "./kong-state";
import { groupTieBreaks, routePriority, tieBreakSlot, TIE_BREAK_LIMIT } from "./priority";
import { dtcEligibleZones, isDtcEligible, zoneRealms } from "./realms";
import { exposureRoutes, urlPartsCache, type CompiledDraft, type EstateIndex, type ExposureRoutes, type InactiveDraft, type RouteDraft } from "./routes";
import { compareSemver, compareStrings } from "./semver";
import type {
  CompiledRoute,
  CompileResult,
  EndpointInput,
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

const NO_TENANTS: readonly string[] = [];

const KIND_RANK: Record<RouteKind, number> = { failover: 0, proxy: 1, real: 2 };

export function createCompiler(): Compiler {
  let estateKey = "";
  let exposureMemo = new Map<string, ExposureMemo>();
  let zoneMemo = new Map<string, ZoneState>();
  const shapeCache = createShapeCache();
  // Ids are computed, not cached: a cache of ~100,000 ids cost more memory (and GC time) than it
  // saved, and an incremental compile only needs the ids of the routes it re-compiles.
  const idOf = kongEntityId;

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
      const caches: ZoneCaches = { idOf, shapeCache, issuerPlugin: issuerPluginOf(snapshot.settings.issuerPlugin) };
      const nextZoneMemo = new Map<string, ZoneState>();
      let outputs: ZoneOutput[];
      try {
        outputs = zones.map((zone) => {
          const inputs = results.filter((r) => zonePartsOf(r).has(zone.name));
          const zoneUnmatched = unmatched.get(zone.name) ?? [];
          const unmatchedKey = JSON.stringify(zoneUnmatched);
          const cached = zoneMemo.get(zone.name);
          let state: ZoneState | null = null;
          if (cached && cached.unmatchedKey === unmatchedKey && sameItems(cached.inputs, inputs)) state = cached;
          else if (cached) state = patchZone(zone, cached, inputs, zoneUnmatched, unmatchedKey, caches);
          state ??= assembleZone(zone, index.realmsByZone.get(zone.name) ?? [], inputs, zoneUnmatched, unmatchedKey, caches);
          nextZoneMemo.set(zone.name, state);
          return state.output;
        });
      } catch (error) {
        // A zone state may have been patched in place before the failure: start over next time.
        estateKey = "";
        exposureMemo = new Map();
        zoneMemo = new Map();
        throw error;
      }
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
  // Nested by application and version rather than keyed by a joined string: 40,000
  // entitlements, and most of an incremental compile's fixed cost was building those keys.
  const tenantSets = new Map<string, Map<string, Set<string>>>();
  for (const e of snapshot.entitlements) {
    let byVersion = tenantSets.get(e.application);
    if (!byVersion) {
      byVersion = new Map();
      tenantSets.set(e.application, byVersion);
    }
    let set = byVersion.get(e.version);
    if (!set) {
      set = new Set();
      byVersion.set(e.version, set);
    }
    set.add(e.tenant);
  }
  // Sorted on first use: only ENTITLED exposures ask. (Default sort = code-unit order = compareStrings.)
  const sorted = new Map<Set<string>, string[]>();
  const entitledTenants = (application: string, version: string): readonly string[] => {
    const set = tenantSets.get(application)?.get(version);
    if (!set) return NO_TENANTS;
    let list = sorted.get(set);
    if (!list) {
      list = [...set].sort();
      sorted.set(set, list);
    }
    return list;
  };
  return {
    settings,
    tenantField: tenantHeaderField(settings.tenantHeader),
    zonesByName,
    realmsByZone,
    urlParts: urlPartsCache(),
    dtcEligible: dtcEligibleZones(sortedZones),
    approvedSubscribers,
    entitledTenants,
  };
}

/** Exactly the inputs `exposureRoutes` reads besides settings and zones (those reset the memo). */
function exposureKey(rover: RoverInput, exposure: RoverInput["exposures"][number], index: EstateIndex): string {
  const subscribers = (index.approvedSubscribers.get(exposure.basePath) ?? []).map((s) => [s.id, s.name, s.version, s.zone, s.failoverEnabled]);
  const tenants = exposure.tenantAccess === "ENTITLED" ? index.entitledTenants(rover.name, rover.version) : null;
  return JSON.stringify([rover.id, rover.name, rover.version, rover.zone, exposure, subscribers, tenants]);
}

interface ZoneParts {
  drafts: RouteDraft[];
  inactiveDrafts: InactiveDraft[];
  refusals: SubscriptionRefusal[];
  warnings: Warning[];
}

const partsByZone = new WeakMap<ExposureRoutes, Map<string, ZoneParts>>();

/**
 * An exposure's result split by zone, remembered (results are immutable once built), so that each
 * zone pass reads only its own items rather than every item of every exposure it serves.
 */
function zonePartsOf(result: ExposureRoutes): Map<string, ZoneParts> {
  let byZone = partsByZone.get(result);
  if (!byZone) {
    const map = new Map<string, ZoneParts>();
    const of = (zone: string) => {
      let parts = map.get(zone);
      if (!parts) {
        parts = { drafts: [], inactiveDrafts: [], refusals: [], warnings: [] };
        map.set(zone, parts);
      }
      return parts;
    };
    for (const d of result.routes) of(d.route.zone).drafts.push(d);
    for (const d of result.inactive) of(d.route.zone).inactiveDrafts.push(d);
    for (const r of result.refusals) of(r.zone).refusals.push(r.refusal);
    for (const w of result.warnings) if (w.zone) of(w.zone).warnings.push(w);
    byZone = map;
    partsByZone.set(result, byZone);
  }
  return byZone;
}

const NO_PARTS: ZoneParts = { drafts: [], inactiveDrafts: [], refusals: [], warnings: [] };

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

interface ZoneCaches {
  idOf: (zone: string, type: KongEntityType, name: string) => string;
  shapeCache: ShapeCache;
  issuerPlugin: IssuerPluginName;
}

/**
 * A zone's output and what it was assembled from, kept by the incremental compiler so that a
 * change that leaves every route's name and priority in place (an entitlement granted or revoked)
 * replaces just the changed routes instead of re-running the zone pass.
 */
interface ZoneState {
  /** Identity of the exposure results the zone was assembled from, in order. */
  inputs: ExposureRoutes[];
  unmatchedKey: string;
  output: ZoneOutput;
  /** The drafts of `output.routes`, position for position, and their Kong entities and shapes. */
  drafts: RouteDraft[];
  entities: RouteEntities[];
  shapes: RouteShape[];
  position: Map<RouteDraft, number>;
  nameCount: Map<string, number>;
  analysis: ZoneAnalysis;
}

/** The zone's parts of the exposure results, in input order. */
function zoneParts(zone: string, inputs: readonly ExposureRoutes[]): ZoneParts {
  const all: ZoneParts = { drafts: [], inactiveDrafts: [], refusals: [], warnings: [] };
  for (const input of inputs) {
    const parts = zonePartsOf(input).get(zone);
    if (!parts) continue;
    for (const d of parts.drafts) all.drafts.push(d);
    for (const d of parts.inactiveDrafts) all.inactiveDrafts.push(d);
    for (const r of parts.refusals) all.refusals.push(r);
    for (const w of parts.warnings) all.warnings.push(w);
  }
  return all;
}

/** Names: readable, with a stable hash suffix only where two readable names collide. */
function finalName(nameCount: ReadonlyMap<string, number>, d: { baseName: string; identityHash: string }): string {
  return nameCount.get(d.baseName)! > 1 ? `${d.baseName}-${d.identityHash}` : d.baseName;
}

function compileDraft(draft: RouteDraft, name: string, rank: number, zone: ZoneInput, { idOf, issuerPlugin }: ZoneCaches): CompiledDraft {
  const cached = draft.compiled;
  if (cached && cached.name === name && cached.rank === rank && cached.enforceIssuers === zone.enforceIssuers && cached.issuerPlugin === issuerPlugin) return cached;
  const { priority, parts } = routePriority(draft.traits, rank);
  // Field by field in the draft's order (the JSON is byte-compared), not a spread: a literal
  // gets one fixed object shape, the spread of a 16-field object was a third of this function.
  const d = draft.route;
  const route: CompiledRoute = {
    zone: d.zone,
    kind: d.kind,
    application: d.application,
    version: d.version,
    roverId: d.roverId,
    basePath: d.basePath,
    endpoint: d.endpoint,
    realm: d.realm,
    downstreams: d.downstreams,
    tenantAccess: d.tenantAccess,
    tenants: d.tenants,
    expression: d.expression,
    expressionTree: d.expressionTree,
    upstream: d.upstream,
    issuers: d.issuers,
    reasons: d.reasons,
    stripBasePath: d.stripBasePath,
    providerUpstreams: d.providerUpstreams,
    name,
    priority,
    priorityParts: parts,
  };
  const entities = routeEntities(route, { enforce: zone.enforceIssuers, plugin: issuerPlugin }, idOf);
  const compiled = { name, rank, enforceIssuers: zone.enforceIssuers, issuerPlugin, route, entities };
  draft.compiled = compiled;
  return compiled;
}

function draftShape(draft: RouteDraft, cache: ShapeCache): RouteShape {
  return (draft.shape ??= routeShape(draft.route, cache));
}

function sortRefusals(refusals: SubscriptionRefusal[]): SubscriptionRefusal[] {
  return refusals.sort(
    (a, b) =>
      compareStrings(a.basePath, b.basePath) ||
      compareStrings(a.subscriberRoverId, b.subscriberRoverId) ||
      compareStrings(a.providerRoverId, b.providerRoverId),
  );
}

function inactiveRoutesOf(drafts: readonly InactiveDraft[], nameCount: ReadonlyMap<string, number>): InactiveRoute[] {
  return drafts.map((d) => ({ ...d.route, name: finalName(nameCount, d) })).sort((a, b) => compareStrings(a.name, b.name));
}

/**
 * Every warning of the zone, in the order the zone pass has always collected them (unmatched
 * subscriptions, the exposures' own, the Kong entities', then the analysis by candidate pair),
 * then sorted: a stable sort over the same sequence gives the same bytes.
 */
function zoneWarnings(unmatched: readonly Warning[], own: readonly Warning[], entities: readonly RouteEntities[], analysis: ZoneAnalysis): Warning[] {
  const warnings: Warning[] = [...unmatched, ...own];
  for (const e of entities) for (const w of e.warnings) warnings.push(w);
  for (const w of analysis.verdicts) if (w !== null) warnings.push(w);
  return warnings.sort((a, b) => compareStrings(a.code, b.code) || compareStrings(a.message, b.message));
}

/** Zone-wide pass: final names, priorities (tie-break ranks), Kong entities, analysis. */
function assembleZone(
  zone: ZoneInput,
  realms: Realm[],
  inputs: ExposureRoutes[],
  unmatched: readonly Warning[],
  unmatchedKey: string,
  caches: ZoneCaches,
): ZoneState {
  const parts = zoneParts(zone.name, inputs);
  const { drafts, inactiveDrafts } = parts;

  const nameCount = new Map<string, number>();
  for (const d of drafts) nameCount.set(d.baseName, (nameCount.get(d.baseName) ?? 0) + 1);
  for (const d of inactiveDrafts) nameCount.set(d.baseName, (nameCount.get(d.baseName) ?? 0) + 1);

  // Output order (by final name) first: shapes and candidate pairs are computed once, for the
  // tie-breaks and the analysis alike.
  const ordered = drafts.map((draft) => ({ draft, name: finalName(nameCount, draft) })).sort((a, b) => compareStrings(a.name, b.name));
  const shapes = ordered.map((d) => draftShape(d.draft, caches.shapeCache));
  const pairs = candidatePairs(shapes);

  // Priorities: within each group of equal base priority, the winning order is (application,
  // version, kind, name); tie-breaks start from a hash of the name (priority.ts groupTieBreaks).
  const groups = new Map<number, number[]>();
  ordered.forEach(({ draft }, i) => {
    const g = groups.get(draft.basePriority);
    if (g) g.push(i);
    else groups.set(draft.basePriority, [i]);
  });
  const overlapping = new Map<number, number[]>();
  for (let k = 0; k < pairs.length; k += 2) {
    const i = pairs[k];
    const j = pairs[k + 1];
    if (ordered[i].draft.basePriority !== ordered[j].draft.basePriority || !shapesOverlapForSomeTenants(shapes[i], shapes[j])) continue;
    for (const [x, y] of [[i, j], [j, i]]) {
      const list = overlapping.get(x);
      if (list) list.push(y);
      else overlapping.set(x, [y]);
    }
  }
  // Versions ordered once, so the rank comparison below does not re-parse them.
  const versionOrder = new Map(
    [...new Set(drafts.map((d) => d.route.version))]
      .sort((a, b) => compareSemver(a, b) || compareStrings(a, b))
      .map((v, i) => [v, i]),
  );
  for (const group of groups.values()) {
    if (group.length > TIE_BREAK_LIMIT) throw new RangeError(`zone ${zone.name}: more than ${TIE_BREAK_LIMIT} routes share a base priority`);
    group.sort((x, y) => {
      const a = ordered[x];
      const b = ordered[y];
      return (
        compareStrings(a.draft.route.application, b.draft.route.application) ||
        versionOrder.get(a.draft.route.version)! - versionOrder.get(b.draft.route.version)! ||
        KIND_RANK[a.draft.route.kind] - KIND_RANK[b.draft.route.kind] ||
        compareStrings(a.name, b.name)
      );
    });
    const place = new Map(group.map((i, k) => [i, k]));
    const lower = group.map((i, k) => (overlapping.get(i) ?? []).map((j) => place.get(j)!).filter((m) => m < k));
    const ties = groupTieBreaks(
      group.map((i) => tieBreakSlot(zone.name, ordered[i].name)),
      lower,
    );
    group.forEach((i, k) => compileDraft(ordered[i].draft, ordered[i].name, ties[k], zone, caches));
  }
  const routes = ordered.map((d) => d.draft.compiled!.route);
  const entities = ordered.map((d) => d.draft.compiled!.entities);
  const position = new Map<RouteDraft, number>();
  ordered.forEach((d, i) => position.set(d.draft, i));
  const analysis = analyzeZone(routes, shapes, pairs);

  const output: ZoneOutput = {
    zone: zone.name,
    dtcEligible: isDtcEligible(zone),
    realms,
    routes,
    inactiveRoutes: inactiveRoutesOf(inactiveDrafts, nameCount),
    refusals: sortRefusals(parts.refusals),
    warnings: zoneWarnings(unmatched, parts.warnings, entities, analysis),
    kong: kongState(entities),
  };
  return { inputs, unmatchedKey, output, drafts: ordered.map((d) => d.draft), entities, shapes, position, nameCount, analysis };
}

function sameEndpoint(a: EndpointInput | null, b: EndpointInput | null): boolean {
  if (a === b) return true;
  if (!a || !b || a.path !== b.path || a.methods.length !== b.methods.length) return false;
  return a.methods.every((m, i) => m === b.methods[i]);
}

/**
 * Would `next` take `previous`'s place in the zone unchanged in everything the zone pass derives
 * from the set of drafts: name (and name collisions), base priority and rank order, and the hosts
 * and paths the analysis pairs routes by? Its tenants, reasons and expression may differ.
 */
function sameZoneStructure(previous: RouteDraft, next: RouteDraft): boolean {
  const a = previous.route;
  const b = next.route;
  if (
    previous.baseName !== next.baseName ||
    previous.identityHash !== next.identityHash ||
    previous.basePriority !== next.basePriority ||
    a.application !== b.application ||
    a.version !== b.version ||
    a.kind !== b.kind ||
    a.basePath !== b.basePath ||
    a.tenantAccess !== b.tenantAccess ||
    !sameEndpoint(a.endpoint, b.endpoint) ||
    a.downstreams.length !== b.downstreams.length
  ) {
    return false;
  }
  return a.downstreams.every((d, i) => d.host === b.downstreams[i].host && d.path === b.downstreams[i].path);
}

/** Do two routes' entities sort into the same places of the zone's Kong state? */
function sameEntityLayout(a: RouteEntities, b: RouteEntities): boolean {
  return (
    a.upstream?.name === b.upstream?.name &&
    (a.plugin === null) === (b.plugin === null) &&
    a.targets.length === b.targets.length &&
    a.targets.every((t, i) => t.target === b.targets[i].target && t.upstream.id === b.targets[i].upstream.id)
  );
}

/**
 * The zone pass for a change that keeps every route's place: the drafts that replace earlier ones
 * take over their names, ranks and positions in every sorted list, and the analysis re-examines
 * only the pairs they are in. Returns null (so the caller runs the full pass) as soon as anything
 * structural differs. Output is byte-identical to the full pass (tested).
 */
function patchZone(
  zone: ZoneInput,
  state: ZoneState,
  inputs: ExposureRoutes[],
  unmatched: readonly Warning[],
  unmatchedKey: string,
  caches: ZoneCaches,
): ZoneState | null {
  if (inputs.length !== state.inputs.length) return null;
  const replaced: [RouteDraft, RouteDraft][] = [];
  for (let k = 0; k < inputs.length; k++) {
    const before = state.inputs[k];
    const after = inputs[k];
    if (before === after) continue;
    const a = zonePartsOf(before).get(zone.name) ?? NO_PARTS;
    const b = zonePartsOf(after).get(zone.name) ?? NO_PARTS;
    if (a.drafts.length !== b.drafts.length || a.inactiveDrafts.length !== b.inactiveDrafts.length) return null;
    for (let i = 0; i < a.drafts.length; i++) {
      if (!sameZoneStructure(a.drafts[i], b.drafts[i])) return null;
      if (a.drafts[i] !== b.drafts[i]) replaced.push([a.drafts[i], b.drafts[i]]);
    }
    for (let i = 0; i < a.inactiveDrafts.length; i++) {
      if (a.inactiveDrafts[i].baseName !== b.inactiveDrafts[i].baseName || a.inactiveDrafts[i].identityHash !== b.inactiveDrafts[i].identityHash) return null;
    }
  }

  // Compile the replacements under their predecessors' names and ranks; check they sort alike.
  const updates: { position: number; previous: RouteDraft; next: RouteDraft; compiled: CompiledDraft }[] = [];
  for (const [previous, next] of replaced) {
    const position = state.position.get(previous);
    const before = previous.compiled;
    if (position === undefined || !before) return null;
    const compiled = compileDraft(next, before.name, before.rank, zone, caches);
    if (!sameEntityLayout(before.entities, compiled.entities)) return null;
    updates.push({ position, previous, next, compiled });
  }

  // From here on the patch can't fail: the state is updated in place (it is this zone's only
  // state, replaced by the one returned), the output is new.
  const routes = state.output.routes.slice();
  const changed = new Uint8Array(routes.length);
  const swap = new Map<object, object>();
  for (const { position, previous, next, compiled } of updates) {
    const before = state.entities[position];
    const after = compiled.entities;
    routes[position] = compiled.route;
    state.drafts[position] = next;
    state.entities[position] = after;
    state.shapes[position] = draftShape(next, caches.shapeCache);
    state.position.delete(previous);
    state.position.set(next, position);
    changed[position] = 1;
    swap.set(before.service, after.service);
    swap.set(before.route, after.route);
    if (before.upstream && after.upstream) swap.set(before.upstream, after.upstream);
    if (before.plugin && after.plugin) swap.set(before.plugin, after.plugin);
    before.targets.forEach((t, i) => swap.set(t, after.targets[i]));
  }
  const swapped = <T extends object>(items: T[]): T[] => (swap.size === 0 ? items : items.map((x) => (swap.get(x) as T | undefined) ?? x));
  const kong = state.output.kong;
  const analysis = updates.length === 0 ? state.analysis : reanalyzeZone(state.analysis, routes, state.shapes, changed);
  const parts = zoneParts(zone.name, inputs);
  const output: ZoneOutput = {
    zone: zone.name,
    dtcEligible: state.output.dtcEligible,
    realms: state.output.realms,
    routes: updates.length === 0 ? state.output.routes : routes,
    inactiveRoutes: inactiveRoutesOf(parts.inactiveDrafts, state.nameCount),
    refusals: sortRefusals(parts.refusals),
    warnings: zoneWarnings(unmatched, parts.warnings, state.entities, analysis),
    kong: {
      services: swapped(kong.services),
      upstreams: swapped(kong.upstreams),
      targets: swapped(kong.targets),
      routes: swapped(kong.routes),
      plugins: swapped(kong.plugins),
    },
  };
  return { ...state, inputs, unmatchedKey, output, analysis };
}
