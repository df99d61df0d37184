/**
 * Picks the route for a request with Kong's own router engine (`@kong/atc-router`, WASM), in
 * Kong's order: priority descending, then route id descending (string order).
 *
 * The engine only answers "did any matcher match" and, in the WASM build, wraps priorities above
 * 2^32 — so the stand-in does the ordering itself and never hands the engine a real priority
 * (every matcher is added with priority 0, keyed by route id). Routes are sorted in Kong's order
 * and cut into blocks of BLOCK routes; one engine Router per block answers "is the winner in
 * here", then one Router per route of that block finds it: about n/BLOCK + BLOCK calls per
 * request instead of n.
 */
import type { AstType, AstValue, Context, Router } from "@kong/atc-router";
import { buildContext, fieldValues, type HttpRequest, type RequestContext } from "../../lib/atc/context";
import { kongEngine, kongParse, kongSchema } from "../../lib/atc/kong-engine";
import { withProtocols, type Entity } from "./schemas";
import type { ZoneStore } from "./zone-store";

const BLOCK = 32;

export interface CompiledRoute {
  route: Entity;
  /** What the engine evaluates: the route's expression (or its traditional fields translated) and its protocols. */
  matcher: string;
  /** Literal `http.path ^= "…"` prefixes of the expression, longest first (for `strip_path`). */
  pathPrefixes: string[];
}

export interface RouterProblem {
  route: string;
  message: string;
}

type KongSchema = ReturnType<typeof kongSchema>;

export class ZoneRouter {
  readonly routes: CompiledRoute[] = [];
  readonly problems: RouterProblem[] = [];
  private readonly fields = new Map<string, AstType>();
  private readonly schema: KongSchema;
  private readonly blockRouters: Router[] = [];
  private readonly routeRouters: Router[] = [];

  constructor(store: ZoneStore) {
    const { Router: RouterClass } = kongEngine();
    this.schema = kongSchema();
    const ordered = [...store.entities.routes.values()].sort(kongOrder);
    for (const route of ordered) {
      const protocols = Array.isArray(route.protocols) ? (route.protocols as string[]) : ["http", "https"];
      if (!protocols.some((p) => p === "http" || p === "https")) continue;
      const base = typeof route.expression === "string" ? route.expression : traditionalExpression(route);
      if (base === null) continue;
      const matcher = withProtocols(base, protocols);
      const parsed = kongParse(matcher);
      if (parsed.status !== "ok") {
        this.problems.push({ route: String(route.name ?? route.id), message: parsed.status });
        continue;
      }
      const prefixes: string[] = [];
      collect(parsed.expression, (field, op, value) => {
        const type = this.schema.typeOf(field);
        if (type) this.fields.set(field, type);
        if (field === "http.path" && op === "Prefix" && typeof value === "string") prefixes.push(value);
      });
      const router = new RouterClass(this.schema);
      const error = router.addMatcher(0, route.id, matcher);
      if (error) {
        router.free();
        this.problems.push({ route: String(route.name ?? route.id), message: error });
        continue;
      }
      this.routeRouters.push(router);
      this.routes.push({ route, matcher, pathPrefixes: prefixes.sort((a, b) => b.length - a.length) });
    }
    for (let start = 0; start < this.routes.length; start += BLOCK) {
      const block = new RouterClass(this.schema);
      for (const r of this.routes.slice(start, start + BLOCK)) block.addMatcher(0, r.route.id, r.matcher);
      this.blockRouters.push(block);
    }
  }

  /** The winning route for a request, or null (Kong's 404 "no Route matched"). */
  match(request: HttpRequest): { compiled: CompiledRoute; context: RequestContext } | null {
    const context = buildContext(request);
    if (this.routes.length === 0) return null;
    const { Context: ContextClass } = kongEngine();
    const engineContext: Context = new ContextClass(this.schema);
    try {
      // Only the fields some route uses, as Kong collects them; the schema knows every one of
      // them, so the engine never sees an unknown field (which would crash the instance).
      for (const [field, type] of this.fields) {
        for (const value of fieldValues(context, field)) {
          const v = astValue(type, value);
          if (v) engineContext.addValue(field, v);
        }
      }
      for (let b = 0; b < this.blockRouters.length; b++) {
        if (!this.blockRouters[b].execute(engineContext)) continue;
        const end = Math.min(this.routes.length, (b + 1) * BLOCK);
        for (let i = b * BLOCK; i < end; i++) {
          if (this.routeRouters[i].execute(engineContext)) return { compiled: this.routes[i], context };
        }
      }
      return null;
    } finally {
      engineContext.free();
    }
  }

  free(): void {
    for (const r of this.blockRouters) r.free();
    for (const r of this.routeRouters) r.free();
    this.schema.free();
  }
}

/** Kong's order: higher priority first; equal priorities by route id, descending as strings. */
export function kongOrder(a: Entity, b: Entity): number {
  const pa = typeof a.priority === "number" ? a.priority : 0;
  const pb = typeof b.priority === "number" ? b.priority : 0;
  if (pa !== pb) return pb - pa;
  return a.id < b.id ? 1 : a.id > b.id ? -1 : 0;
}

function astValue(type: AstType, value: string | number): AstValue | null {
  switch (type) {
    case "String":
      return { String: String(value) };
    case "Int":
      return typeof value === "number" ? { Int: value } : null;
    case "IpAddr":
      return typeof value === "string" ? { IpAddr: value.replace(/^::ffff:(?=\d+\.)/, "") } : null;
    default:
      return null;
  }
}

function collect(node: unknown, visit: (field: string, op: string, value: unknown) => void): void {
  if (!node || typeof node !== "object") return;
  const n = node as Record<string, unknown>;
  if (n.Predicate && typeof n.Predicate === "object") {
    const p = n.Predicate as { lhs: { var_name: string; transformations: string[] }; rhs: Record<string, unknown>; op: string };
    const transformed = p.lhs.transformations.length > 0;
    visit(p.lhs.var_name, transformed ? "" : p.op, Object.values(p.rhs)[0]);
    return;
  }
  for (const child of Object.values(n)) {
    if (Array.isArray(child)) child.forEach((c) => collect(c, visit));
    else collect(child, visit);
  }
}

const quote = (s: string): string => `"${s.replace(/\\/g, "\\\\").replace(/"/g, '\\"')}"`;

/**
 * Routes written with Kong's traditional fields (`paths`, `hosts`, `methods`, `headers`,
 * `snis`), which the expressions flavor still accepts, translated the way Kong's compatibility
 * layer does in spirit: OR within a field, AND across fields, prefix paths, `~` regex paths
 * anchored at the start, `*` host wildcards, case-insensitive header values. (Kong also derives
 * a priority for them; the stand-in keeps 0, so such routes only win ties by id.)
 */
export function traditionalExpression(route: Entity): string | null {
  const clauses: string[] = [];
  const list = (v: unknown): string[] => (Array.isArray(v) ? (v as unknown[]).filter((x): x is string => typeof x === "string") : []);
  const any = (parts: string[]) => (parts.length === 1 ? parts[0] : `(${parts.join(" || ")})`);
  const methods = list(route.methods);
  if (methods.length) clauses.push(any(methods.map((m) => `http.method == ${quote(m.toUpperCase())}`)));
  const hosts = list(route.hosts);
  if (hosts.length) {
    clauses.push(
      any(
        hosts.map((h) => {
          const host = h.replace(/:\d+$/, "");
          if (host.startsWith("*")) return `http.host =^ ${quote(host.slice(1))}`;
          if (host.endsWith("*")) return `http.host ^= ${quote(host.slice(0, -1))}`;
          return `http.host == ${quote(host)}`;
        }),
      ),
    );
  }
  const paths = list(route.paths);
  if (paths.length) clauses.push(any(paths.map((p) => (p.startsWith("~") ? `http.path ~ ${quote(`^${p.slice(1).replace(/^\^/, "")}`)}` : `http.path ^= ${quote(p)}`))));
  if (route.headers && typeof route.headers === "object") {
    for (const [name, values] of Object.entries(route.headers as Record<string, unknown>)) {
      const field = `http.headers.${name.toLowerCase().replace(/-/g, "_")}`;
      const vs = list(values);
      if (vs.length) clauses.push(any(vs.map((v) => `any(lower(${field})) == ${quote(v.toLowerCase())}`)));
    }
  }
  const snis = list(route.snis);
  if (snis.length) clauses.push(any(snis.map((s) => `tls.sni == ${quote(s)}`)));
  return clauses.length ? clauses.join(" && ") : null;
}

/** Routers are rebuilt lazily when the zone's data changed since the last request. */
export class RouterCache {
  private readonly cache = new Map<string, { version: number; router: ZoneRouter }>();

  get(store: ZoneStore): ZoneRouter {
    const hit = this.cache.get(store.name);
    if (hit && hit.version === store.version) return hit.router;
    hit?.router.free();
    const router = new ZoneRouter(store);
    this.cache.set(store.name, { version: store.version, router });
    return router;
  }

  clear(): void {
    for (const { router } of this.cache.values()) router.free();
    this.cache.clear();
  }
}
