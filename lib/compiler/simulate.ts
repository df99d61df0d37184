/**
 * "Which route would Kong pick for this request?" — for a whole zone, in Kong's order, with the
 * reason every other route lost. Kong's own playground tests one expression at a time and answers
 * yes/no; Kong's router tries routes by descending priority, ties broken by descending route id
 * (UUID string order), and the first match wins. Request normalization is Kong's (lib/atc/context).
 */
import { buildContext, type FailedAt, type HttpRequest } from "../atc";
import { ExprSet } from "../atc/evaluate";
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

/**
 * Every expression of the zone in Kong's order, prepared once per compile output: a request
 * evaluates each distinct predicate once instead of once per route that repeats it.
 */
const exprCache = new WeakMap<ZoneOutput, ExprSet>();

function zoneExprs(zone: ZoneOutput): ExprSet {
  let exprs = exprCache.get(zone);
  if (!exprs) {
    exprs = new ExprSet(kongOrder(zone).map((o) => o.route.expressionTree));
    exprCache.set(zone, exprs);
  }
  return exprs;
}

/** Kong adds `net.protocol` to every expression route from its `protocols`; ours are http and https. */
const ROUTE_PROTOCOLS = new Set(["http", "https"]);
const PROTOCOL_PREDICATE = 'net.protocol == "http" || net.protocol == "https"';

export function simulate(zone: ZoneOutput, request: HttpRequest): SimulationResult {
  const ctx = buildContext(request);
  const order = kongOrder(zone);
  const run = ROUTE_PROTOCOLS.has(ctx.protocol) ? zoneExprs(zone).evaluate(ctx) : null;
  // A large zone answers with thousands of candidates, and the answer stays alive while it is
  // serialized: one literal each, no intermediate objects; failures share their frozen `path`
  // and `actual` arrays (see ExprSetEvaluation.failedAt).
  const candidates: SimulationCandidate[] = [];
  let matched: SimulationMatch | null = null;
  for (let i = 0; i < order.length; i++) {
    const { route, routeId } = order[i];
    const hit = run !== null && run.matched(i);
    const failedAt = hit ? undefined : run ? run.failedAt(i) : { predicate: PROTOCOL_PREDICATE, path: [], actual: [ctx.protocol] };
    candidates.push({
      name: route.name,
      routeId,
      priority: route.priority,
      kind: route.kind,
      application: route.application,
      version: route.version,
      matched: hit,
      tried: matched === null,
      failedAt,
    });
    if (run !== null && hit && matched === null) {
      matched = {
        name: route.name,
        routeId,
        priority: route.priority,
        kind: route.kind,
        application: route.application,
        version: route.version,
        expression: route.expression,
        upstream: route.upstream,
        captures: run.captures(i),
      };
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
