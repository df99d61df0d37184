/**
 * "Which route would Kong pick for this request?" — for a whole zone, in Kong's order, with the
 * reason every other route lost. Kong's own playground tests one expression at a time and answers
 * yes/no; Kong's router tries routes by descending priority, ties broken by descending route id
 * (UUID string order), and the first match wins. Request normalization is Kong's (lib/atc/context).
 */
import { buildContext, evaluate, type FailedAt, type HttpRequest } from "../atc";
import type { CompiledRoute, RouteUpstream, ZoneOutput } from "./types";

export interface SimulationCandidate {
  name: string;
  routeId: string;
  priority: number;
  kind: CompiledRoute["kind"];
  application: string;
  version: string;
  /** Whether the route's expression matches the request (also for routes Kong never reaches). */
  matched: boolean;
  /** False for routes after the winner: Kong stops at the first match. */
  tried: boolean;
  failedAt?: FailedAt;
}

export interface SimulationMatch {
  name: string;
  routeId: string;
  priority: number;
  kind: CompiledRoute["kind"];
  application: string;
  version: string;
  expression: string;
  upstream: RouteUpstream;
  captures: Record<string, string>;
}

export interface SimulationResult {
  zone: string;
  /** The request as Kong's router sees it. */
  seen: { method: string; protocol: string; host: string | null; path: string; headers: Record<string, string[]> };
  matched: SimulationMatch | null;
  /** Kong's answer when nothing matches (its 404 body). */
  message: string | null;
  candidates: SimulationCandidate[];
}

export const NO_ROUTE_MESSAGE = "no Route matched with those values";

interface OrderedRoute {
  route: CompiledRoute;
  routeId: string;
}

const orderCache = new WeakMap<ZoneOutput, OrderedRoute[]>();

/** The zone's routes in the order Kong tries them: priority desc, then route id desc. */
export function kongOrder(zone: ZoneOutput): OrderedRoute[] {
  let ordered = orderCache.get(zone);
  if (!ordered) {
    const ids = new Map(zone.kong.routes.map((r) => [r.name, r.id]));
    ordered = zone.routes
      .map((route) => ({ route, routeId: ids.get(route.name) ?? "" }))
      .sort((a, b) => b.route.priority - a.route.priority || (a.routeId < b.routeId ? 1 : a.routeId > b.routeId ? -1 : 0));
    orderCache.set(zone, ordered);
  }
  return ordered;
}

/** Kong adds `net.protocol` to every expression route from its `protocols`; ours are http and https. */
const ROUTE_PROTOCOLS = new Set(["http", "https"]);

export function simulate(zone: ZoneOutput, request: HttpRequest): SimulationResult {
  const ctx = buildContext(request);
  const candidates: SimulationCandidate[] = [];
  let matched: SimulationMatch | null = null;
  for (const { route, routeId } of kongOrder(zone)) {
    const base = {
      name: route.name,
      routeId,
      priority: route.priority,
      kind: route.kind,
      application: route.application,
      version: route.version,
    };
    const result = ROUTE_PROTOCOLS.has(ctx.protocol)
      ? evaluate(route.expressionTree, ctx)
      : { matched: false, failedAt: { predicate: 'net.protocol == "http" || net.protocol == "https"', path: [], actual: [ctx.protocol] } };
    candidates.push({ ...base, matched: result.matched, tried: matched === null, failedAt: result.failedAt });
    if (result.matched && matched === null) {
      matched = { ...base, expression: route.expression, upstream: route.upstream, captures: result.captures ?? {} };
    }
  }
  return {
    zone: zone.zone,
    seen: { method: ctx.method, protocol: ctx.protocol, host: ctx.host ?? null, path: ctx.path, headers: ctx.headers },
    matched,
    message: matched ? null : NO_ROUTE_MESSAGE,
    candidates,
  };
}
