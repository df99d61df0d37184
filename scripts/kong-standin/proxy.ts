/**
 * The proxy side: pick the zone from the Host header (or `X-Switchyard-Zone`), route with Kong's
 * engine, forward to the route's service — or, for the demo's made-up hosts, answer with a JSON
 * echo (a stand-in convenience real Kong doesn't have).
 */
import { request as httpRequest, type IncomingHttpHeaders, type IncomingMessage, type OutgoingHttpHeaders, type ServerResponse } from "node:http";
import { request as httpsRequest } from "node:https";
import { hostWithoutPort } from "../../lib/atc/context";
import { matchedValue } from "../../lib/atc/matched-value";
import { kongUpstreamUri } from "../../lib/atc/upstream-uri";
import { injectFaults, readBody, sendJson } from "./http-util";
import type { RouterCache } from "./router";
import { httpsRedirect, type Entity } from "./schemas";
import type { Zone, Zones } from "./zones";

export interface ProxyOptions {
  /** Upstream host suffixes answered by the echo instead of a real request (their DNS doesn't resolve here). */
  echoSuffixes: string[];
  /** Ports on 127.0.0.1/localhost answered by the echo. */
  echoPorts: number[];
  /** Hops through the stand-in's own zones (proxy routes point at another zone's gateway) before giving up. */
  maxHops: number;
}

export const DEFAULT_ECHO_SUFFIXES = [".example.com", ".example.org", ".test", ".local", ".localhost", ".internal", ".invalid"];

export interface ProxyContext {
  zones: Zones;
  routers: RouterCache;
  random: () => number;
  options: ProxyOptions;
  /** The stand-in's own proxy address, for hops into another zone. */
  selfPort: () => number;
}

const HOP_HEADER = "x-switchyard-hops";
const ZONE_HEADER = "x-switchyard-zone";
// Connection-level headers a proxy must not forward (RFC 9110 §7.6.1).
const HOP_BY_HOP = new Set(["connection", "keep-alive", "proxy-authenticate", "proxy-authorization", "te", "trailer", "transfer-encoding", "upgrade", "host"]);

const NO_ROUTE = { message: "no Route matched with those values" };

export async function handleProxy(ctx: ProxyContext, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const started = Date.now();
  try {
    const rawHost = req.headers.host ?? "";
    const host = hostWithoutPort(rawHost);
    const zoneHeader = req.headers[ZONE_HEADER];
    const zone = ctx.zones.zoneForHost(host) ?? (typeof zoneHeader === "string" ? ctx.zones.get(zoneHeader) : undefined);
    if (!zone) {
      sendJson(res, 404, NO_ROUTE, { "x-switchyard-standin": "no zone for this Host (use <zone>.<domain> or X-Switchyard-Zone)" });
      return;
    }
    zone.stats.proxyRequests += 1;
    if (!(await injectFaults(zone, "proxy", res, ctx.random))) return;

    const router = ctx.routers.get(zone.store);
    const matched = router.match({
      method: req.method ?? "GET",
      scheme: "http",
      path: req.url ?? "/",
      headers: headersDistinct(req),
      srcIp: req.socket.remoteAddress,
      srcPort: req.socket.remotePort,
      dstIp: req.socket.localAddress,
      dstPort: req.socket.localPort,
    });
    const baseHeaders: Record<string, string> = { "x-switchyard-zone": zone.name, via: `1.1 kong/${zone.store.settings.version}` };
    if (!matched) {
      zone.stats.proxyUnmatched += 1;
      sendJson(res, 404, NO_ROUTE, baseHeaders);
      return;
    }
    zone.stats.proxyMatched += 1;
    const route = matched.compiled.route;
    const routeName = String(route.name ?? route.id);
    baseHeaders["x-switchyard-route"] = routeName;
    const redirect = httpsRedirect(route, host, req.url ?? "/");
    if (redirect) {
      if (redirect.body) sendJson(res, redirect.status, redirect.body, { ...baseHeaders, ...redirect.headers });
      else {
        res.writeHead(redirect.status, { ...baseHeaders, ...redirect.headers });
        res.end();
      }
      return;
    }
    const serviceId = refId(route.service);
    const service = serviceId ? zone.store.entities.services.get(serviceId) : undefined;
    if (!service) {
      sendJson(res, 503, { message: "no Service found with those values" }, baseHeaders);
      return;
    }
    const peer = pickPeer(zone, service, ctx.random);
    if (!peer) {
      sendJson(res, 503, { message: "failure to get a peer from the ring-balancer" }, baseHeaders);
      return;
    }
    const upstreamPath = kongUpstreamUri({
      path: matched.context.path,
      requestTarget: req.url ?? "/",
      stripPath: route.strip_path === true,
      servicePath: typeof service.path === "string" ? service.path : null,
      // Kong's c:get_result("http.path") for the route that won (kong/router/atc.lua `matching`).
      matchedPath: matched.compiled.expr ? matchedValue(matched.compiled.expr, matched.context).value : null,
    });
    const protocol = service.protocol === "https" ? "https" : "http";
    const headers = forwardHeaders(req, rawHost, route.preserve_host === true ? rawHost : hostHeader(peer.host, peer.port, protocol));
    baseHeaders["x-kong-proxy-latency"] = String(Date.now() - started);

    const target = { protocol, host: peer.host, port: peer.port, path: upstreamPath, headers };
    const hops = Number(req.headers[HOP_HEADER] ?? 0);
    const nextZone = ctx.zones.zoneForHost(peer.host);
    if (nextZone && hops < ctx.options.maxHops) {
      // A proxy or failover route forwards to another zone's gateway: hop into that zone of this
      // same stand-in, so multi-zone journeys work without DNS.
      headers[HOP_HEADER] = String(hops + 1);
      headers.host = peer.host;
      await forward(res, { ...target, protocol: "http", host: "127.0.0.1", port: ctx.selfPort() }, req, baseHeaders, service, started);
      return;
    }
    if (isEcho(peer.host, peer.port, ctx.options)) {
      const body = await readBody(req);
      baseHeaders["x-kong-upstream-latency"] = "0";
      sendJson(
        res,
        200,
        {
          upstream: `${protocol}://${peer.host}:${peer.port}`,
          method: req.method,
          path: upstreamPath,
          headers,
          route: routeName,
          service: service.name ?? service.id,
          zone: zone.name,
          bodyBytes: body.length,
          standIn: "echo: this upstream host isn't contacted; the stand-in answers in its place",
        },
        baseHeaders,
      );
      return;
    }
    await forward(res, target, req, baseHeaders, service, started);
  } catch (error) {
    console.error("kong stand-in: proxy error", error);
    if (!res.headersSent) sendJson(res, 500, { message: "An unexpected error occurred" });
    else res.destroy();
  }
}

const refId = (v: unknown): string | null =>
  v && typeof v === "object" && typeof (v as { id?: unknown }).id === "string" ? (v as { id: string }).id : null;

function headersDistinct(req: IncomingMessage): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const [name, values] of Object.entries(req.headersDistinct)) if (values) out[name] = values;
  return out;
}

/** A service whose host names an upstream balances over its targets by weight (weight 0 = disabled). */
function pickPeer(zone: Zone, service: Entity, random: () => number): { host: string; port: number } | null {
  const upstream = [...zone.store.entities.upstreams.values()].find((u) => u.name === service.host);
  if (!upstream) return { host: String(service.host), port: Number(service.port) };
  const targets = [...zone.store.entities.targets.values()].filter((t) => refId(t.upstream) === upstream.id && Number(t.weight) > 0);
  const total = targets.reduce((sum, t) => sum + Number(t.weight), 0);
  if (total === 0) return null;
  let pick = random() * total;
  for (const t of targets) {
    pick -= Number(t.weight);
    if (pick < 0) return splitTarget(String(t.target));
  }
  return splitTarget(String(targets[targets.length - 1].target));
}

function splitTarget(target: string): { host: string; port: number } {
  const colon = target.lastIndexOf(":");
  return { host: target.slice(0, colon).replace(/^\[|\]$/g, ""), port: Number(target.slice(colon + 1)) };
}

function hostHeader(host: string, port: number, protocol: string): string {
  const standard = (protocol === "https" && port === 443) || (protocol === "http" && port === 80);
  return standard ? host : `${host}:${port}`;
}

function forwardHeaders(req: IncomingMessage, originalHost: string, upstreamHost: string): Record<string, string> {
  const out: Record<string, string> = {};
  const connectionListed = new Set(String(req.headers.connection ?? "").toLowerCase().split(",").map((s) => s.trim()));
  for (const [name, value] of Object.entries(req.headers)) {
    if (value === undefined || HOP_BY_HOP.has(name) || connectionListed.has(name)) continue;
    out[name] = Array.isArray(value) ? value.join(", ") : value;
  }
  const client = (req.socket.remoteAddress ?? "").replace(/^::ffff:/, "");
  out["x-forwarded-for"] = req.headers["x-forwarded-for"] ? `${req.headers["x-forwarded-for"]}, ${client}` : client;
  out["x-forwarded-proto"] = "http";
  out["x-forwarded-host"] = hostWithoutPort(originalHost);
  out["x-forwarded-port"] = String(req.socket.localPort ?? "");
  out["x-forwarded-path"] = (req.url ?? "/").split("?")[0];
  out["x-real-ip"] = client;
  out.host = upstreamHost;
  return out;
}

function isEcho(host: string, port: number, options: ProxyOptions): boolean {
  const h = host.toLowerCase();
  if ((h === "127.0.0.1" || h === "localhost") && options.echoPorts.includes(port)) return true;
  return options.echoSuffixes.some((s) => h.endsWith(s.toLowerCase()));
}

interface Target {
  protocol: string;
  host: string;
  port: number;
  path: string;
  headers: Record<string, string>;
}

/** Streams the request to the upstream and the answer back, with Kong's 502/504 bodies on failure. */
function forward(res: ServerResponse, target: Target, req: IncomingMessage, extra: Record<string, string>, service: Entity, started: number): Promise<void> {
  return new Promise((resolve) => {
    const send = target.protocol === "https" ? httpsRequest : httpRequest;
    const upstreamStart = Date.now();
    const timeoutMs = Number(service.read_timeout ?? 60000);
    const out = send(
      {
        host: target.host,
        port: target.port,
        method: req.method,
        path: target.path,
        headers: target.headers as OutgoingHttpHeaders,
        // Kong doesn't verify upstream certificates unless the service says so.
        rejectUnauthorized: service.tls_verify === true,
        timeout: Number(service.connect_timeout ?? 60000),
      },
      (upstreamRes) => {
        out.setTimeout(0);
        const headers = relabel(upstreamRes.headers);
        res.writeHead(upstreamRes.statusCode ?? 502, {
          ...headers,
          ...extra,
          "x-kong-upstream-latency": String(Date.now() - upstreamStart),
          "x-kong-proxy-latency": String(upstreamStart - started),
        });
        upstreamRes.pipe(res);
        upstreamRes.on("end", () => resolve());
        upstreamRes.on("error", () => {
          res.destroy();
          resolve();
        });
      },
    );
    out.setTimeout(timeoutMs, () => {
      out.destroy(new Error("upstream timeout"));
    });
    out.on("error", (error) => {
      if (!res.headersSent) {
        const timedOut = error.message === "upstream timeout";
        sendJson(res, timedOut ? 504 : 502, { message: timedOut ? "The upstream server is timed out" : "An invalid response was received from the upstream server" }, extra);
      } else res.destroy();
      resolve();
    });
    req.pipe(out);
  });
}

/** The next hop's own route headers stay visible under another name, so the outer ones win. */
function relabel(headers: IncomingHttpHeaders): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value === undefined || name === "connection" || name === "transfer-encoding" || name === "keep-alive") continue;
    if (name === "x-switchyard-route" || name === "x-switchyard-zone") out[name.replace("x-switchyard-", "x-switchyard-upstream-")] = value;
    else out[name] = value;
  }
  return out;
}
