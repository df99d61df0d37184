/**
 * "Which route serves tenant T?" answered by the simulator itself (lib/compiler/simulate.ts), not
 * by reading tenant lists: a tenant that no ENTITLED route names may still be served by another
 * version's ANY route, and an entitled one may lose to a stricter route. For every API endpoint a
 * zone routes (an exposure's base path, or each of its endpoints), one representative request —
 * the endpoint's first method, an example path under the route's first downstream, the tenant
 * header — is simulated against the zone's routes in Kong's order.
 */
import { exampleRequestPath } from "../compiler/path-contract";
import { simulate } from "../compiler/simulate";
import type { CompileResult, CompiledRoute, EndpointInput, RouteKind, ZoneOutput } from "../compiler/types";

export interface ServedBy {
  name: string;
  kind: RouteKind;
  application: string;
  version: string;
}

export interface TenantEndpoint {
  zone: string;
  /** The applications whose routes (active or not) answer this endpoint, sorted. */
  applications: string[];
  basePath: string;
  endpoint: EndpointInput | null;
  /** The request simulated: what an operator can replay in the simulator. */
  request: { method: string; scheme: string; host: string; path: string };
  /** The route Kong would pick for the tenant, or null: Kong answers 404. */
  servedBy: ServedBy | null;
}

interface Probe {
  zone: string;
  basePath: string;
  endpoint: EndpointInput | null;
  applications: Set<string>;
  request: TenantEndpoint["request"];
}

const endpointKey = (basePath: string, endpoint: EndpointInput | null) =>
  endpoint ? `${basePath}\u0000${[...endpoint.methods].sort().join(",")}\u0000${endpoint.path}` : `${basePath}\u0000*`;

/** One representative request per endpoint the zone routes, in a stable order. */
function zoneProbes(zone: ZoneOutput, basePaths?: ReadonlySet<string>): Probe[] {
  const probes = new Map<string, Probe>();
  for (const route of zone.routes) {
    if (basePaths && !basePaths.has(route.basePath)) continue;
    const key = endpointKey(route.basePath, route.endpoint);
    const known = probes.get(key);
    if (known) {
      known.applications.add(route.application);
      continue;
    }
    const downstream = route.downstreams[0];
    if (!downstream) continue;
    const scheme = new URL(downstream.url).protocol.replace(/:$/, "");
    probes.set(key, {
      zone: zone.zone,
      basePath: route.basePath,
      endpoint: route.endpoint,
      applications: new Set([route.application]),
      request: {
        method: route.endpoint?.methods[0] ?? "GET",
        scheme,
        host: downstream.host,
        path: exampleRequestPath(route, downstream),
      },
    });
  }
  // An endpoint only inactive routes would serve still answers (404): listed with its zone's
  // gateway, so "no route" is said rather than the endpoint left out.
  const gateway = zone.realms[0]?.entries[0]?.url;
  if (gateway) {
    const url = new URL(gateway);
    const prefix = url.pathname.replace(/\/+$/, "");
    for (const route of zone.inactiveRoutes) {
      if (basePaths && !basePaths.has(route.basePath)) continue;
      const key = endpointKey(route.basePath, route.endpoint);
      const known = probes.get(key);
      if (known) {
        known.applications.add(route.application);
        continue;
      }
      probes.set(key, {
        zone: zone.zone,
        basePath: route.basePath,
        endpoint: route.endpoint,
        applications: new Set([route.application]),
        request: {
          method: route.endpoint?.methods[0] ?? "GET",
          scheme: url.protocol.replace(/:$/, ""),
          host: url.hostname,
          path: exampleRequestPath(route, { path: `${prefix}${route.basePath}` }),
        },
      });
    }
  }
  return [...probes.values()].sort((a, b) =>
    a.basePath < b.basePath ? -1 : a.basePath > b.basePath ? 1 : a.request.path < b.request.path ? -1 : a.request.path > b.request.path ? 1 : 0,
  );
}

/** `/a/b/42` → `/`, `/a`, `/a/b`, `/a/b/42`: every place a downstream path can end. */
function segmentPrefixes(path: string): string[] {
  const out = ["/"];
  for (let i = path.indexOf("/", 1); i > 0; i = path.indexOf("/", i + 1)) out.push(path.slice(0, i));
  if (path !== "/") out.push(path.replace(/\/$/, ""));
  return out;
}

/**
 * The zone cut down to the routes that could match a request to `host` and `path`, so a large
 * zone's endpoint is simulated against a handful of routes instead of all 3,000 (the estate's
 * 22,000 endpoints would take minutes). Only a pre-filter: every route's expression pairs a
 * downstream's host with a path that starts with that downstream's path (docs/path-contract.md),
 * so a route none of whose downstreams fits can't match; the simulator still decides among the rest.
 */
function candidateZones(zone: ZoneOutput) {
  const byDownstream = new Map<string, CompiledRoute[]>();
  for (const route of zone.routes)
    for (const d of route.downstreams) {
      const key = `${d.host}\u0000${d.path}`;
      const list = byDownstream.get(key);
      if (!list) byDownstream.set(key, [route]);
      else if (list[list.length - 1] !== route) list.push(route);
    }
  const kongRoutes = new Map(zone.kong.routes.map((r) => [r.name, r]));
  const subZones = new Map<string, ZoneOutput>();
  return (host: string, path: string): ZoneOutput => {
    const routes = new Set<CompiledRoute>();
    for (const prefix of segmentPrefixes(path)) for (const r of byDownstream.get(`${host}\u0000${prefix}`) ?? []) routes.add(r);
    const picked = zone.routes.filter((r) => routes.has(r));
    const key = picked.map((r) => r.name).join("\u0000");
    let sub = subZones.get(key);
    // Only the picked routes' Kong entities: the simulator maps names to route ids over all of them.
    if (!sub) subZones.set(key, (sub = { ...zone, routes: picked, kong: { ...zone.kong, routes: picked.flatMap((r) => kongRoutes.get(r.name) ?? []) } }));
    return sub;
  };
}

/** What each of the zone's endpoints answers for the tenant (only the given base paths, when set). */
export function tenantEndpoints(
  zone: ZoneOutput,
  tenantHeader: string,
  tenant: string,
  basePaths?: ReadonlySet<string>,
): TenantEndpoint[] {
  const candidates = candidateZones(zone);
  return zoneProbes(zone, basePaths).map((probe) => {
    const result = simulate(candidates(probe.request.host, probe.request.path), {
      ...probe.request,
      headers: { [tenantHeader]: tenant },
    });
    const m = result.matched;
    return {
      zone: probe.zone,
      applications: [...probe.applications].sort(),
      basePath: probe.basePath,
      endpoint: probe.endpoint,
      request: probe.request,
      servedBy: m ? { name: m.name, kind: m.kind, application: m.application, version: m.version } : null,
    };
  });
}

/**
 * Every zone's endpoints for one tenant, kept per compile result and tenant by the instance that
 * owns it: the tenant page, and the routes list's "served tenant" filter paging through it, ask for
 * the same answer many times between two changes.
 */
export function createTenantServing(maxTenants = 50) {
  const cache = new WeakMap<CompileResult, Map<string, TenantEndpoint[]>>();
  return function estateTenantEndpoints(result: CompileResult, tenantHeader: string, tenant: string): TenantEndpoint[] {
    let byTenant = cache.get(result);
    if (!byTenant) cache.set(result, (byTenant = new Map()));
    const key = `${tenantHeader}\u0000${tenant}`;
    let endpoints = byTenant.get(key);
    if (!endpoints) {
      endpoints = result.zones.flatMap((zone) => tenantEndpoints(zone, tenantHeader, tenant));
      if (byTenant.size >= maxTenants) byTenant.delete(byTenant.keys().next().value!);
      byTenant.set(key, endpoints);
    }
    return endpoints;
  };
}

/** The (zone, route name) pairs that serve the tenant somewhere, for filtering route lists. */
export function servedRouteKeys(endpoints: readonly TenantEndpoint[]): Set<string> {
  return new Set(endpoints.flatMap((e) => (e.servedBy ? [`${e.zone}\u0000${e.servedBy.name}`] : [])));
}
