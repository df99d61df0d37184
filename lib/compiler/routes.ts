/**
 * Domain rules "Derived: routes": for one exposure, which zones get which route, with which
 * realm, downstreams, tenants and reasons. Pure and self-contained per exposure, so the
 * incremental compiler can reuse an exposure's result while its inputs are unchanged.
 */
import { urlBasePath, urlHost } from "../domain/rules";
import { hostPathsClause, methodsClause, pathClause, printShared, routeExpression, tenantClause } from "./expression";
import { and, pred, str, type Expr } from "../atc/ast";
import { needsStripPath, stripLiteral } from "./path-contract";
import { endpointMatcher, literalPrefix, type PathMatcher } from "./path-pattern";
import { basePriority, type RouteTraits } from "./priority";
import { tenantFormReason } from "./tenant-set";
import { DTC_REALM, hasDtcUrl } from "./realms";
import { compareStrings } from "./semver";
import type { RouteShape } from "./analysis";
import type { RouteEntities } from "./kong-state";
import type { IssuerPluginName } from "./issuer-plugins";
import type {
  CompiledRoute,
  Downstream,
  EndpointInput,
  EntityRef,
  ExposureInput,
  InactiveRoute,
  Realm,
  Reason,
  RoverInput,
  RouteKind,
  SettingsInput,
  SubscriptionRefusal,
  Warning,
  ZoneInput,
} from "./types";

/** Everything about the estate an exposure's routes are derived from, indexed once per compile. */
export interface EstateIndex {
  settings: SettingsInput;
  tenantField: string;
  zonesByName: ReadonlyMap<string, ZoneInput>;
  realmsByZone: ReadonlyMap<string, Realm[]>;
  /** DTC-eligible zones, by name. */
  dtcEligible: readonly ZoneInput[];
  /** Approved subscriptions by base path, subscriber rovers in id order. */
  approvedSubscribers: ReadonlyMap<string, readonly RoverInput[]>;
  urlParts: UrlParts;
  /** Tenants entitled to an application version, sorted and de-duplicated. */
  entitledTenants: (application: string, version: string) => readonly string[];
}

/** What the zone pass made of a draft: valid while its name, rank and the issuer settings stay. */
export interface CompiledDraft {
  name: string;
  rank: number;
  enforceIssuers: boolean;
  issuerPlugin: IssuerPluginName;
  route: CompiledRoute;
  entities: RouteEntities;
}

/** A route before the zone-wide pass gives it its final name and priority. */
export interface RouteDraft {
  /** Readable name; the zone pass appends `identityHash` only if two drafts share it. */
  baseName: string;
  identityHash: string;
  route: Omit<CompiledRoute, "name" | "priority" | "priorityParts">;
  traits: RouteTraits;
  basePriority: number;
  /**
   * Filled in by the zone pass (a draft belongs to one zone) and reused by later compiles while
   * the draft is: fields on the draft rather than WeakMaps keyed by it, because tens of thousands
   * of weak entries made every garbage collection slower.
   */
  compiled?: CompiledDraft;
  shape?: RouteShape;
}

export interface InactiveDraft {
  baseName: string;
  identityHash: string;
  route: Omit<InactiveRoute, "name">;
}

/** Everything one exposure contributes, each item tagged with the zone it belongs to. */
export interface ExposureRoutes {
  routes: RouteDraft[];
  inactive: InactiveDraft[];
  /** Listed in the provider's zone and in the subscriber's zone. */
  refusals: { zone: string; refusal: SubscriptionRefusal }[];
  warnings: Warning[];
}

export const entitlementKey = (application: string, version: string) => `${application}@${version}`;

const roverRef = (r: RoverInput): EntityRef => ({ kind: "rover", id: r.id, name: r.name, version: r.version, zone: r.zone });
const roverLabel = (r: RoverInput) => `${r.name}@${r.version} (zone ${r.zone})`;

/** Why a subscriber's zone may not see an exposure, or null when it may. */
export function visibilityRefusal(exposure: ExposureInput, provider: ZoneInput, subscriberZone: ZoneInput): string | null {
  if (exposure.visibility === "ZONE" && subscriberZone.name !== provider.name) {
    return `exposure ${exposure.basePath} has ZONE visibility: only subscribers in zone ${provider.name} are accepted, the subscriber is in zone ${subscriberZone.name}`;
  }
  if (exposure.visibility === "ENTERPRISE" && subscriberZone.visibility !== "ENTERPRISE") {
    return `exposure ${exposure.basePath} has ENTERPRISE visibility: zone ${subscriberZone.name} is ${subscriberZone.visibility}, only subscribers from ENTERPRISE zones are accepted`;
  }
  return null;
}

/** An endpoint of an exposure (or its base path, `endpoint` null), with what every zone's route of it shares. */
interface RouteSpec {
  endpoint: EndpointInput | null;
  methods: Expr | null;
  traits: RouteTraits;
  basePriority: number;
  named(kind: RouteKind): { baseName: string; identityHash: string };
}

interface ServedZone {
  zone: ZoneInput;
  kind: RouteKind;
  subscribers: RoverInput[];
  /** Failover subscriptions this zone is a failover zone of. */
  failoverFor: RoverInput[];
}

export function exposureRoutes(rover: RoverInput, exposure: ExposureInput, index: EstateIndex): ExposureRoutes {
  const out: ExposureRoutes = { routes: [], inactive: [], refusals: [], warnings: [] };
  const provider = index.zonesByName.get(rover.zone);
  if (!provider) return out;

  // 1. Subscribers, with visibility refusals reported rather than dropped.
  const accepted: RoverInput[] = [];
  for (const subscriber of index.approvedSubscribers.get(exposure.basePath) ?? []) {
    const subscriberZone = index.zonesByName.get(subscriber.zone);
    if (!subscriberZone) continue;
    const refusal = visibilityRefusal(exposure, provider, subscriberZone);
    if (refusal === null) {
      accepted.push(subscriber);
      continue;
    }
    const record: SubscriptionRefusal = {
      subscriberRoverId: subscriber.id,
      subscriberZone: subscriber.zone,
      basePath: exposure.basePath,
      providerRoverId: rover.id,
      providerZone: provider.name,
      reason: refusal,
    };
    for (const zone of new Set([provider.name, subscriber.zone])) {
      out.refusals.push({ zone, refusal: record });
      out.warnings.push({
        code: "subscription-refused",
        severity: "warning",
        message: `Subscription of ${roverLabel(subscriber)} to ${exposure.basePath} of ${roverLabel(rover)} refused: ${refusal}`,
        zone,
        refs: [roverRef(subscriber), roverRef(rover)],
      });
    }
  }

  // 2. Realm: dtc as soon as one accepted failover subscription exists. A ZONE exposure is served
  // in its provider zone only (domain rule 4): its failover subscriptions get no failover zones,
  // and its real route stays off the dtc realm too, whose hosts and trusted issuers belong to
  // every DTC zone: serving there would let other zones' traffic and tokens in.
  const zoneOnly = exposure.visibility === "ZONE";
  const failoverRequests = accepted.filter((s) => s.failoverEnabled);
  const failoverSubscribers = zoneOnly ? [] : failoverRequests;
  const wantsDtc = failoverSubscribers.length > 0;
  const zoneOnlyFailover = zoneOnly ? failoverRequests : [];
  for (const s of zoneOnlyFailover) {
    out.warnings.push({
      code: "failover-refused",
      severity: "warning",
      message: `Failover subscription of ${roverLabel(s)} to ${exposure.basePath} of ${roverLabel(rover)}: ${zoneOnlyFailoverWhy(provider.name)}; it is served in ${provider.name} only`,
      zone: provider.name,
      refs: [roverRef(s), roverRef(rover)],
    });
  }

  // 3./4. Zones that serve the API: the provider (real), subscriber zones (proxy), failover zones.
  const served = new Map<string, ServedZone>();
  served.set(provider.name, { zone: provider, kind: "real", subscribers: [], failoverFor: [] });
  for (const s of accepted) {
    const zone = index.zonesByName.get(s.zone)!;
    const entry = served.get(zone.name) ?? { zone, kind: "proxy" as const, subscribers: [], failoverFor: [] };
    entry.subscribers.push(s);
    served.set(zone.name, entry);
  }
  for (const s of failoverSubscribers) {
    // A subscription's failover zones are the DTC-eligible zones other than its own zone.
    for (const zone of index.dtcEligible) {
      if (zone.name === s.zone) continue;
      const entry = served.get(zone.name) ?? { zone, kind: "failover" as const, subscribers: [], failoverFor: [] };
      entry.failoverFor.push(s);
      served.set(zone.name, entry);
    }
  }

  const tenants = exposure.tenantAccess === "ENTITLED" ? index.entitledTenants(rover.name, rover.version) : [];
  const inactive = exposure.tenantAccess === "ENTITLED" && tenants.length === 0;
  const endpoints = uniqueEndpoints(exposure.endpoints);
  const stripBasePath = exposure.stripBasePath === true;
  // One array for every route of the exposure: the real route's targets, every proxy's last hop.
  const providerUpstreams = exposure.upstreams.map((u) => ({ url: u.url, weight: u.weight }));
  // One tenant clause for all of the exposure's routes (shared subtree, printed once).
  const tenantExpr = inactive ? null : tenantClause(exposure.tenantAccess, index.tenantField, tenants);
  const routeTenants = [...tenants];
  // The same host + path clause recurs in every zone (each DTC URL pairs with the bare base
  // path everywhere): build each once per exposure and share the subtree, so its text is
  // printed once and a large estate holds one copy.
  // Keyed by host + paths (a string, looked up once per zone and host), then by the endpoint's
  // spec (an object, looked up per route): no key string is built or hashed per route.
  const sharedHostClauses = new Map<string, Map<RouteSpec, Expr>>();
  const hostClausesOf = (host: string, paths: readonly string[], stripLiterals: readonly string[] | null) => {
    const key = `${host}\u0000${paths.join("\u0000")}${stripLiterals ? `\u0001${stripLiterals.join("\u0000")}` : ""}`;
    let clauses = sharedHostClauses.get(key);
    if (!clauses) {
      clauses = new Map();
      sharedHostClauses.set(key, clauses);
    }
    return clauses;
  };
  const sharedPathClauses = new Map<string, Map<RouteSpec, Expr>>();
  const pathClausesOf = (path: string, strip: string | null) => {
    const key = strip === null ? path : `${path}\u0001${strip}`;
    let clauses = sharedPathClauses.get(key);
    if (!clauses) {
      clauses = new Map();
      sharedPathClauses.set(key, clauses);
    }
    return clauses;
  };
  // Printed text of the exposure's subtrees: they are shared only within the exposure, so the
  // memo lives and dies with this call.
  const printed = new Map<Expr, string>();

  // Everything about an endpoint that does not depend on the zone, worked out once rather than
  // once per zone: its key, priority traits, method clause, and per route kind its name and hash.
  const routeSpecs = (endpoints.length > 0 ? endpoints : [null]).map((endpoint): RouteSpec => {
    const realmFreeMatcher: PathMatcher = endpoint ? endpointMatcher(exposure.basePath, endpoint.path) : { kind: "prefix", path: exposure.basePath };
    const traits: RouteTraits = {
      tenantAccess: exposure.tenantAccess,
      pathKind: realmFreeMatcher.kind,
      literalPrefix: literalPrefix(realmFreeMatcher),
      methodCount: endpoint?.methods.length ?? 0,
    };
    const names = new Map<RouteKind, { baseName: string; identityHash: string }>();
    return {
      endpoint,
      methods: endpoint ? methodsClause(endpoint.methods) : null,
      traits,
      basePriority: basePriority(traits),
      named(kind: RouteKind) {
        let name = names.get(kind);
        if (!name) {
          name = {
            baseName: routeBaseName(rover, exposure.basePath, endpoint, kind, provider.name),
            identityHash: fnv1a(JSON.stringify([kind, provider.name, rover.id, exposure.basePath, endpoint])),
          };
          names.set(kind, name);
        }
        return name;
      },
    };
  });

  // Reasons that read the same in every zone: one object each, shared by all of the exposure's routes.
  const ownReason = exposureReason(rover, exposure);
  const accessReason = tenantReason(exposure, index.settings.tenantHeader, tenants.length);
  const entitlementReason: Reason | null =
    exposure.tenantAccess === "ENTITLED" && tenants.length > 0
      ? {
          type: "entitlement",
          message: `Entitled to ${rover.name}@${rover.version}: ${tenants.join(", ")}`,
          refs: tenants.map((t) => ({ kind: "entitlement", tenant: t, application: rover.name, version: rover.version })),
        }
      : null;
  const inactiveWhy = `ENTITLED and no tenant is entitled to ${rover.name}@${rover.version}: an empty tenant list would be a wildcard, so the route is not emitted`;
  const failoverLabels = wantsDtc ? failoverSubscribers.map(roverLabel).join(", ") : "";

  for (const target of [...served.values()].sort((a, b) => compareStrings(a.zone.name, b.zone.name))) {
    const { zone } = target;
    let realmName = index.settings.environment;
    const reasons: Reason[] = [ownReason];
    for (const s of target.kind === "real" ? accepted : target.subscribers) {
      reasons.push({ type: "subscription", message: `Approved subscription by ${roverLabel(s)}${s.failoverEnabled ? " with failover" : ""}`, refs: [roverRef(s)] });
    }
    if (target.kind === "real") {
      for (const s of zoneOnlyFailover) {
        reasons.push({ type: "failover", message: `Failover subscription by ${roverLabel(s)}: ${zoneOnlyFailoverWhy(provider.name)}`, refs: [roverRef(s)] });
      }
    }
    for (const s of target.failoverFor) {
      reasons.push({
        type: "failover",
        message: `Zone ${zone.name} is a failover zone (DTC-eligible) of the failover subscription by ${roverLabel(s)}`,
        refs: [roverRef(s), { kind: "zone", name: zone.name }],
      });
    }
    if (wantsDtc && hasDtcUrl(zone)) {
      realmName = DTC_REALM;
      reasons.push({ type: "realm", message: `Realm ${DTC_REALM}: ${failoverLabels} subscribe(s) with failover`, refs: failoverSubscribers.map(roverRef) });
    } else if (wantsDtc) {
      reasons.push({ type: "realm", message: `Realm ${realmName}: a failover subscription asks for ${DTC_REALM}, but zone ${zone.name} has no DTC URL` });
      out.warnings.push({
        code: "dtc-realm-missing",
        severity: "warning",
        message: `Zone ${zone.name} must serve ${exposure.basePath} of ${roverLabel(rover)} on realm ${DTC_REALM} (failover subscription by ${failoverLabels}) but has no DTC URL; it falls back to realm ${realmName}`,
        zone: zone.name,
        refs: [{ kind: "zone", name: zone.name }, roverRef(rover), ...failoverSubscribers.map(roverRef)],
      });
    } else if (zoneOnlyFailover.length > 0) {
      reasons.push({ type: "realm", message: `Realm ${realmName}: exposure is ZONE, so it is not served on realm ${DTC_REALM} (other zones' hosts and issuers)` });
    } else {
      reasons.push({ type: "realm", message: `Realm ${realmName}: no failover subscription to ${exposure.basePath}` });
    }
    reasons.push(accessReason);
    if (entitlementReason) reasons.push(entitlementReason);

    const realm = index.realmsByZone.get(zone.name)?.find((r) => r.name === realmName);
    const downstreams = realmDownstreams(realm, exposure.basePath, target.kind === "real" && stripBasePath, index.urlParts);
    const issuers = [...new Set(downstreams.map((d) => d.issuer).filter((i) => i !== ""))].sort(compareStrings);
    // A proxy's service is the provider's default gateway URL, its path the gateway's own: the
    // request it forwards is the one the provider's real route expects (never the base path twice).
    const upstream =
      target.kind === "real"
        ? { targets: providerUpstreams }
        : { targets: [{ url: provider.gatewayUrl, weight: 100 }], viaZone: provider.name };
    // Per host of this zone: the key of its paths, built once for all endpoints.
    const strips = needsStripPath(downstreams);
    const hostGroups = groupPathsByHost(downstreams, strips).map(({ host, paths, stripLiterals }) => ({
      host,
      paths,
      stripLiterals,
      clauses: hostClausesOf(host, paths, stripLiterals),
    }));
    const inactiveReasons = inactive ? [...reasons, { type: "entitlement" as const, message: inactiveWhy }] : reasons;

    for (const spec of routeSpecs) {
      const { endpoint } = spec;
      const { baseName, identityHash } = spec.named(target.kind);
      const common = {
        zone: zone.name,
        kind: target.kind,
        application: rover.name,
        version: rover.version,
        roverId: rover.id,
        basePath: exposure.basePath,
        endpoint,
      };
      if (inactive) {
        out.inactive.push({ baseName, identityHash, route: { ...common, reason: inactiveWhy, reasons: inactiveReasons } });
        continue;
      }
      const hostClauses = hostGroups.map((group) => {
        let clause = group.clauses.get(spec);
        if (!clause) {
          const pathClauses = group.paths.map((p, i) => {
            const strip = group.stripLiterals?.[i] ?? null;
            const byPath = pathClausesOf(p, strip);
            let pathExpr = byPath.get(spec);
            if (!pathExpr) {
              pathExpr = pathClause(endpoint ? endpointMatcher(p, endpoint.path) : { kind: "prefix", path: p });
              // Last `http.path` predicate of the alternative, so the value Kong strips is exactly
              // the prefix (docs/path-contract.md); it is a prefix of every path the clause accepts,
              // so it never changes what matches.
              if (strip !== null) pathExpr = and(pathExpr, pred("http.path", "^=", str(strip)));
              byPath.set(spec, pathExpr);
            }
            return pathExpr;
          });
          clause = hostPathsClause([{ host: group.host, paths: pathClauses }]);
          group.clauses.set(spec, clause);
        }
        return clause;
      });
      const expressionTree = routeExpression(hostClauses, spec.methods, tenantExpr);
      out.routes.push({
        baseName,
        identityHash,
        traits: spec.traits,
        basePriority: spec.basePriority,
        route: {
          zone: common.zone,
          kind: common.kind,
          application: common.application,
          version: common.version,
          roverId: common.roverId,
          basePath: common.basePath,
          endpoint,
          realm: realm?.name ?? realmName,
          downstreams,
          tenantAccess: exposure.tenantAccess,
          tenants: routeTenants,
          expression: printShared(expressionTree, printed),
          expressionTree,
          upstream,
          issuers,
          reasons,
          stripBasePath,
          providerUpstreams,
        },
      });
    }
  }
  return out;
}

function zoneOnlyFailoverWhy(providerZone: string): string {
  return `exposure is ZONE: no failover routes outside ${providerZone}`;
}

function exposureReason(rover: RoverInput, exposure: ExposureInput): Reason {
  return {
    type: "exposure",
    message: `${roverLabel(rover)} exposes ${exposure.basePath} (${exposure.visibility} visibility)`,
    refs: [roverRef(rover)],
  };
}

function tenantReason(exposure: ExposureInput, tenantHeader: string, tenantCount: number): Reason {
  const message = {
    NONE: "Tenant access NONE: no tenant check",
    ANY: `Tenant access ANY: header ${tenantHeader} must be present, any value`,
    // Which form the clause takes, and why: the preview says so (issue 14).
    ENTITLED: `Tenant access ENTITLED: header ${tenantHeader} must name a tenant entitled to this version${tenantCount > 0 ? `; ${tenantFormReason(tenantCount)}` : ""}`,
  }[exposure.tenantAccess];
  return { type: "tenant-access", message };
}

/** A URL's host and path (without a trailing slash), parsed once per compile: URL parsing is slow. */
export type UrlParts = (url: string) => { host: string; path: string };

export function urlPartsCache(): UrlParts {
  const parsed = new Map<string, { host: string; path: string }>();
  return (url) => {
    let parts = parsed.get(url);
    if (!parts) {
      parts = { host: urlHost(url), path: urlBasePath(url) };
      parsed.set(url, parts);
    }
    return parts;
  };
}

/**
 * One downstream per realm entry: host from the URL, path = URL path + basePath. What Kong strips
 * is the URL path (the gateway's own, never forwarded), and the base path too when `stripBase`.
 */
function realmDownstreams(realm: Realm | undefined, basePath: string, stripBase: boolean, urlParts: UrlParts): Downstream[] {
  const seen = new Set<string>();
  const downstreams: Downstream[] = [];
  for (const entry of realm?.entries ?? []) {
    const { host, path } = urlParts(entry.url);
    const full = `${path}${basePath}`;
    const downstream: Downstream = { host, path: full, url: entry.url, issuer: entry.issuer, stripPrefix: stripBase ? full : path };
    const key = `${downstream.host} ${downstream.path} ${downstream.issuer}`;
    if (seen.has(key)) continue;
    seen.add(key);
    downstreams.push(downstream);
  }
  return downstreams;
}

/**
 * Downstreams grouped by host (first appearance order), each host with its own paths and, when the
 * route strips, each path's strip literal (a path always has one prefix: both derive from the realm
 * entry's URL path).
 */
function groupPathsByHost(downstreams: readonly Downstream[], strips: boolean): { host: string; paths: string[]; stripLiterals: string[] | null }[] {
  const byHost = new Map<string, { host: string; paths: string[]; stripLiterals: string[] | null }>();
  for (const d of downstreams) {
    let group = byHost.get(d.host);
    if (!group) {
      group = { host: d.host, paths: [], stripLiterals: strips ? [] : null };
      byHost.set(d.host, group);
    }
    if (group.paths.includes(d.path)) continue;
    group.paths.push(d.path);
    group.stripLiterals?.push(stripLiteral(d.stripPrefix));
  }
  return [...byHost.values()];
}

/** Identical endpoints (same methods and path) would be identical routes: keep one, methods sorted. */
function uniqueEndpoints(endpoints: readonly EndpointInput[]): EndpointInput[] {
  const byKey = new Map<string, EndpointInput>();
  for (const e of endpoints) {
    const methods = [...new Set(e.methods)].sort(compareStrings);
    byKey.set(`${methods.join(",")} ${e.path}`, { methods, path: e.path });
  }
  return [...byKey.values()];
}

/** Characters Kong accepts in names: letters, digits and `. - _ ~`. */
function nameSlug(s: string): string {
  return s
    .replace(/^\/+/, "")
    .replace(/[{}]/g, "")
    .replace(/\*/g, "all")
    .replace(/[^A-Za-z0-9._~-]+/g, "_");
}

/**
 * `orders-1.2.0-api_orders`, `…-get-items_id` for an endpoint, `…-via-zone-a` for a proxy or
 * failover route (a zone can proxy the same application version from two provider zones).
 */
function routeBaseName(rover: RoverInput, basePath: string, endpoint: EndpointInput | null, kind: RouteKind, providerZone: string): string {
  let name = `${rover.name}-${nameSlug(rover.version)}-${nameSlug(basePath)}`;
  if (endpoint) name += `-${endpoint.methods.join("-").toLowerCase()}-${nameSlug(endpoint.path) || "root"}`;
  if (kind !== "real") name += `-via-${providerZone}`;
  return name;
}

/** FNV-1a 32-bit as 8 hex digits: a short, stable suffix for names whose readable part collides. */
export function fnv1a(s: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return (h >>> 0).toString(16).padStart(8, "0");
}
