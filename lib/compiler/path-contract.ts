/**
 * What a request's path becomes on its way to the provider's upstream (domain "Paths on the wire",
 * docs/path-contract.md): the gateway's own URL path is never forwarded, the base path is unless the
 * exposure says `stripBasePath`, and a proxy hands the provider's gateway exactly the request its
 * real route expects. The compiler emits Kong entities that do this; the functions here say, from a
 * compiled route alone, what Kong will make of them, for the route detail page and the docs.
 */
import { kongUpstreamUri } from "../atc/upstream-uri";
import type { CompiledRoute, Downstream } from "./types";

/** Kong strips only when the route says `strip_path`; a route whose downstreams have nothing to strip keeps today's entities. */
export function needsStripPath(downstreams: readonly Pick<Downstream, "stripPrefix">[]): boolean {
  return downstreams.some((d) => d.stripPrefix !== "");
}

/**
 * The value of the `http.path ^= …` predicate that ends a downstream's alternative in a stripping
 * route: Kong strips the value its last successful `http.path` predicate recorded, and `^=` records
 * its literal. "/" for a downstream with nothing to strip, since an empty literal would be recorded
 * as nothing: stripping "/" and re-joining with a "/" gives the path back unchanged.
 */
export function stripLiteral(stripPrefix: string): string {
  return stripPrefix === "" ? "/" : stripPrefix;
}

/**
 * The path Kong sends upstream for a request path (normalized, no query) that the route matched,
 * `matchedPrefix` being what the route recorded for `http.path` (lib/atc/upstream-uri.ts).
 */
function upstreamPath(servicePath: string | null, stripPath: boolean, matchedPrefix: string | null, requestPath: string): string {
  return kongUpstreamUri({ path: requestPath, requestTarget: requestPath, stripPath, servicePath, matchedPath: matchedPrefix });
}

/** One step of a request's way: what the client sends, the provider zone's gateway (proxy/failover), the upstream. */
export interface ForwardHop {
  stage: "request" | "gateway" | "upstream";
  /** The zone whose gateway receives this hop (gateway stage). */
  zone?: string;
  /** Scheme, host and port. */
  origin: string;
  path: string;
}

export type ForwardableRoute = Pick<CompiledRoute, "kind" | "basePath" | "downstreams" | "upstream" | "stripBasePath" | "providerUpstreams">;

function originAndPath(url: string): { origin: string; path: string | null } {
  const u = new URL(url);
  const path = u.pathname.replace(/\/+$/, "");
  return { origin: u.origin, path: path === "" ? null : path };
}

/**
 * The hops of a request entering the route at `downstream` with `requestPath` (normalized, one of
 * the paths the route matches): each hop's path is what Kong makes of the previous one with the
 * entities the compiler emits (the route's `strip_path` and strip prefix, its service path).
 */
export function forwardChain(route: ForwardableRoute, downstream: Downstream, requestPath: string): ForwardHop[] {
  const entry = originAndPath(downstream.url);
  const hops: ForwardHop[] = [{ stage: "request", origin: entry.origin, path: requestPath }];
  const strip = needsStripPath(route.downstreams);
  const first = originAndPath(route.upstream.targets[0].url);
  const forwarded = upstreamPath(first.path, strip, strip ? stripLiteral(downstream.stripPrefix) : null, requestPath);
  if (route.kind === "real") {
    hops.push({ stage: "upstream", origin: first.origin, path: forwarded });
    return hops;
  }
  hops.push({ stage: "gateway", zone: route.upstream.viaZone, origin: first.origin, path: forwarded });
  // The provider's real route on its default gateway URL strips that URL's path (the proxy's
  // service path), and the base path too with stripBasePath.
  const providerStrip = `${first.path ?? ""}${route.stripBasePath ? route.basePath : ""}`;
  const last = originAndPath(route.providerUpstreams[0].url);
  hops.push({ stage: "upstream", origin: last.origin, path: upstreamPath(last.path, true, stripLiteral(providerStrip), forwarded) });
  return hops;
}

/** `GET https://eu-west.gw.example.com/orders/42 → eu-central's gateway /orders/42 → http://orders:8080/api/orders/42` */
export function describeForwardChain(method: string, hops: readonly ForwardHop[]): string {
  return hops
    .map((hop) => {
      if (hop.stage === "request") return `${method} ${hop.origin}${hop.path}`;
      if (hop.stage === "gateway") return `${hop.zone ?? "the provider"}'s gateway ${hop.path}`;
      return `${hop.origin}${hop.path}`;
    })
    .join(" → ");
}

/**
 * A request path the route matches, for examples: the base path with `/42` under it, or the
 * endpoint with `42` for every `{param}` (and nothing for a trailing `*`).
 */
export function exampleRequestPath(route: Pick<CompiledRoute, "endpoint">, downstream: Pick<Downstream, "path">): string {
  if (!route.endpoint) return `${downstream.path}/42`;
  if (route.endpoint.path === "/") return downstream.path;
  return `${downstream.path}${route.endpoint.path.replace(/\{[^}]+\}/g, "42").replace(/\*$/, "")}`;
}
