/**
 * The path contract, derived from the domain rules alone (docs: domain.md "Derived: routes" and
 * "Paths on the wire"), for checking what the compiler and the stand-in do on the wire. Nothing
 * here calls the compiler: which exposures a zone serves, on which hosts and paths, and what path
 * the provider's upstream receives are worked out again from the estate.
 *
 * - A zone's gateway (or DTC) URL path G is matched and never forwarded.
 * - The exposure's base path B is forwarded, unless `stripBasePath`: then only what follows it.
 * - A proxy or failover route forwards `G_P + B + rest` to the provider P's default gateway URL,
 *   where P's own routes take over.
 */
import type { EndpointInput, ZoneInput } from "../../lib/compiler/types";
import type { ContractExposure, ContractRover, Estate } from "./estate";

export type ServedKind = "real" | "proxy" | "failover";

/** One exposure served in one zone, with the realm entries its downstreams come from. */
export interface ServedExposure {
  zone: string;
  kind: ServedKind;
  rover: ContractRover;
  exposure: ContractExposure;
  provider: ZoneInput;
  entries: RealmEntryUrl[];
  /** ENTITLED: the entitled tenants (never empty: an ENTITLED exposure without any is not served). */
  tenants: string[] | null;
}

export interface RealmEntryUrl {
  host: string;
  /** The URL's path without a trailing slash ("" for none). */
  path: string;
}

export interface WireRequest {
  method: string;
  host: string;
  /** Path as sent: already normalized (no dot segments, no percent-encoding), optionally `?query`. */
  path: string;
  tenant: string | null;
}

/** A route of the estate that the domain says matches a request: the exposure, the entry and the endpoint. */
export interface Candidate {
  served: ServedExposure;
  entry: RealmEntryUrl;
  endpoint: EndpointInput | null;
  /** What follows the downstream path (`G + B`) in the request path. */
  rest: string;
}

export function urlEntry(url: string): RealmEntryUrl {
  const u = new URL(url);
  return { host: u.hostname, path: u.pathname.replace(/\/+$/, "") };
}

const isDtcEligible = (z: ZoneInput) => z.dtcUrl !== null && z.visibility === "ENTERPRISE";

function entitled(estate: Estate, rover: ContractRover): string[] {
  const tenants = estate.entitlements
    .filter((e) => e.application === rover.name && e.version === rover.version)
    .map((e) => e.tenant);
  return [...new Set(tenants)];
}

/** Domain rule 1 (visibility): may a subscriber in `zone` see the exposure? */
function accepts(exposure: ContractExposure, provider: ZoneInput, zone: ZoneInput): boolean {
  if (exposure.visibility === "ZONE") return zone.name === provider.name;
  if (exposure.visibility === "ENTERPRISE") return zone.visibility === "ENTERPRISE";
  return true;
}

/** Every exposure of the estate in every zone that serves it (domain rules 1–4 and 6). */
export function servedExposures(estate: Estate): ServedExposure[] {
  const zones = new Map(estate.zones.map((z) => [z.name, z]));
  const dtcZones = [...estate.zones]
    .filter((z) => z.dtcUrl !== null)
    .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  const out: ServedExposure[] = [];
  for (const rover of estate.rovers) {
    const provider = zones.get(rover.zone);
    if (!provider) continue;
    for (const exposure of rover.exposures) {
      const tenants = exposure.tenantAccess === "ENTITLED" ? entitled(estate, rover) : null;
      if (tenants !== null && tenants.length === 0) continue;
      const subscribers = estate.rovers.filter(
        (r) =>
          zones.has(r.zone) &&
          r.subscriptions.some((s) => s.approved && s.basePath === exposure.basePath) &&
          accepts(exposure, provider, zones.get(r.zone)!),
      );
      // A ZONE exposure stays in its zone (issue 11, line 6): its failover subscriptions are refused,
      // so no failover routes elsewhere and no dtc realm, whose other zones' DTC hosts are failover
      // traffic too.
      const failover = exposure.visibility === "ZONE" ? [] : subscribers.filter((s) => s.failoverEnabled);
      const kinds = new Map<string, ServedKind>([[provider.name, "real"]]);
      for (const s of subscribers) if (!kinds.has(s.zone)) kinds.set(s.zone, "proxy");
      for (const s of failover) {
        for (const z of estate.zones)
          if (isDtcEligible(z) && z.name !== s.zone && !kinds.has(z.name)) kinds.set(z.name, "failover");
      }
      for (const [zoneName, kind] of kinds) {
        const zone = zones.get(zoneName)!;
        // Realm dtc when a failover subscription exists and the zone has a DTC URL; else the default realm.
        const urls =
          failover.length > 0 && zone.dtcUrl !== null
            ? [zone.gatewayUrl, ...dtcZones.map((z) => z.dtcUrl!)]
            : [zone.gatewayUrl];
        out.push({ zone: zoneName, kind, rover, exposure, provider, entries: urls.map(urlEntry), tenants });
      }
    }
  }
  return out;
}

function escapeRegex(s: string): string {
  return s.replace(/[\\^$.*+?()[\]{}|/-]/g, (c) => `\\${c}`);
}

/** An endpoint path under a downstream path as a JavaScript regex: `{param}` one segment, trailing `*` anything. */
export function endpointRegex(downstream: string, endpointPath: string): RegExp {
  const full = endpointPath === "/" ? downstream : downstream + endpointPath;
  let source = "";
  for (let i = 0; i < full.length; i++) {
    const c = full[i];
    if (c === "{") {
      i = full.indexOf("}", i);
      source += "[^/]+";
    } else if (c === "*" && i === full.length - 1) source += ".*";
    else source += escapeRegex(c);
  }
  return new RegExp(`^${source}$`);
}

const pathOnly = (path: string) => path.split("?")[0];
const queryOf = (path: string) => (path.includes("?") ? path.slice(path.indexOf("?")) : "");

/** The routes of a zone that the domain says match the request. */
export function candidates(
  served: readonly ServedExposure[],
  zone: string,
  request: WireRequest,
): Candidate[] {
  const path = pathOnly(request.path);
  const out: Candidate[] = [];
  for (const s of served) {
    if (s.zone !== zone) continue;
    if (s.exposure.tenantAccess === "ANY" && request.tenant === null) continue;
    if (s.tenants !== null && (request.tenant === null || !s.tenants.includes(request.tenant))) continue;
    for (const entry of s.entries) {
      if (entry.host !== request.host) continue;
      const downstream = entry.path + s.exposure.basePath;
      const rest = path.slice(downstream.length);
      if (s.exposure.endpoints.length === 0) {
        if (path === downstream || path.startsWith(`${downstream}/`))
          out.push({ served: s, entry, endpoint: null, rest });
        continue;
      }
      for (const endpoint of s.exposure.endpoints) {
        if (endpoint.methods.includes(request.method) && endpointRegex(downstream, endpoint.path).test(path))
          out.push({ served: s, entry, endpoint, rest });
      }
    }
  }
  return out;
}

/** Where a matched request goes next, according to the contract. */
export type Forward =
  { to: "upstream"; hosts: string[]; path: string } | { to: "gateway"; zone: string; request: WireRequest };

function hostPort(url: string): string {
  const u = new URL(url);
  return `${u.hostname}:${u.port || (u.protocol === "https:" ? "443" : "80")}`;
}

export function forwardOf(c: Candidate, request: WireRequest): Forward {
  const { exposure, provider } = c.served;
  const query = queryOf(request.path);
  if (c.served.kind === "real") {
    const forwarded = exposure.stripBasePath ? c.rest : exposure.basePath + c.rest;
    const servicePath = urlEntry(exposure.upstreams[0].url).path;
    return {
      to: "upstream",
      hosts: exposure.upstreams.map((u) => hostPort(u.url)),
      path: (servicePath + forwarded || "/") + query,
    };
  }
  const gateway = urlEntry(provider.gatewayUrl);
  return {
    to: "gateway",
    zone: provider.name,
    request: { ...request, host: gateway.host, path: gateway.path + exposure.basePath + c.rest + query },
  };
}

/** The identity of a route as the compiler records it, to compare a served route with a candidate. */
export interface RouteIdentity {
  roverId: string;
  basePath: string;
  endpoint: EndpointInput | null;
  kind: ServedKind;
}

const sameEndpoint = (a: EndpointInput | null, b: EndpointInput | null) =>
  a === null || b === null
    ? a === b
    : a.path === b.path && [...a.methods].sort().join() === [...b.methods].sort().join();

export function isCandidate(c: Candidate, route: RouteIdentity): boolean {
  return (
    c.served.rover.id === route.roverId &&
    c.served.exposure.basePath === route.basePath &&
    c.served.kind === route.kind &&
    sameEndpoint(c.endpoint, route.endpoint)
  );
}
