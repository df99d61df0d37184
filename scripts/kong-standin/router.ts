/**
 * Picks the route for a request with Kong's own router engine (`@kong/atc-router`, WASM), in
 * Kong's order: priority descending, then route id descending (string order).
 *
 * The engine only answers "did any matcher match" and, in the WASM build, wraps priorities above
 * 2^32 — so the stand-in does the ordering itself and never hands the engine a real priority:
 * each route gets its own engine Router holding just its matcher (priority 0), and the routes
 * are tried one by one in Kong's order until one matches (a few µs each).
 *
 * Compiling a matcher is the expensive part (Rust regexes in WASM, and the WASM heap gets slower
 * as it fills), so matchers are kept across rebuilds: after a publish only new or changed routes
 * are compiled again, and nothing is compiled twice.
 */
import type { AstType, AstValue, Context, Router } from "@kong/atc-router";
import { predicates, type Expr } from "../../lib/atc/ast";
import { buildContext, fieldValues, type HttpRequest, type RequestContext } from "../../lib/atc/context";
import { parse as parseExpression } from "../../lib/atc/parse";
import { kongEngine } from "../../lib/atc/kong-engine";
import { kongFieldsSchema as schema, withProtocols, type Entity } from "./schemas";
import type { ZoneStore } from "./zone-store";

/** One route's compiled matcher, reusable while the route's matcher text stays the same. */
interface Matcher {
  matcher: string;
  router: Router;
  fields: Map<string, AstType>;
  /** The matcher as lib/atc's tree, to replay which `http.path` value Kong records (`strip_path`). */
  expr: Expr | null;
}

export interface CompiledRoute {
  route: Entity;
  /** What the engine evaluates: the route's expression (or its traditional fields translated) and its protocols. */
  matcher: string;
  /** Null only when lib/atc can't parse what Kong's engine accepted (a Rust regex feature JS lacks). */
  expr: Expr | null;
}

export interface RouterProblem {
  route: string;
  message: string;
}


function compileMatcher(route: Entity, problems: RouterProblem[]): Matcher | null | "skip" {
  const protocols = Array.isArray(route.protocols) ? (route.protocols as string[]) : ["http", "https"];
  if (!protocols.some((p) => p === "http" || p === "https")) return "skip";
  const base = typeof route.expression === "string" ? route.expression : traditionalExpression(route);
  if (base === null) return "skip";
  const matcher = withProtocols(base, protocols);
  return buildMatcher(String(route.name ?? route.id), route.id, matcher, problems);
}

function buildMatcher(name: string, id: string, matcher: string, problems: RouterProblem[]): Matcher | null {
  const { Router: RouterClass } = kongEngine();
  const router = new RouterClass(schema());
  // The engine parses and validates the matcher here; it decides what matches.
  const error = router.addMatcher(0, id, matcher);
  if (error) {
    router.free();
    problems.push({ route: name, message: error });
    return null;
  }
  const fields = new Map<string, AstType>();
  const expr = usedFields(matcher, (field) => {
    const type = schema().typeOf(field);
    if (type) fields.set(field, type);
  });
  if (expr === null) problems.push({ route: name, message: "lib/atc can't evaluate this matcher, so strip_path can't tell which part Kong would strip" });
  return { matcher, router, fields, expr };
}

/**
 * The fields a matcher reads (which values the request context must carry), and its tree. Read
 * with lib/atc's TS parser — a second parse in the WASM engine costs as much as compiling the
 * matcher — falling back to the engine's parse tree for the fields if the TS parser disagrees.
 */
function usedFields(matcher: string, visit: (field: string) => void): Expr | null {
  const parsed = parseExpression(matcher);
  if (parsed.ok) {
    for (const p of predicates(parsed.expr)) visit(p.lhs.field);
    return parsed.expr;
  }
  const result = kongEngine().Parser.parse(matcher, schema());
  if (result.status === "ok") collect(result.expression, visit);
  return null;
}

export class ZoneRouter {
  readonly routes: CompiledRoute[] = [];
  readonly problems: RouterProblem[] = [];
  private readonly fields = new Map<string, AstType>();
  private readonly routers: Router[] = [];
  /** Matchers by route id, handed to the next rebuild for reuse. */
  readonly matchers = new Map<string, Matcher>();

  /** `previous` matchers whose text is unchanged are taken over; the caller frees the rest. */
  constructor(store: ZoneStore, previous: Map<string, Matcher> = new Map()) {
    const ordered = [...store.entities.routes.values()].sort(kongOrder);
    for (const route of ordered) {
      const protocols = Array.isArray(route.protocols) ? (route.protocols as string[]) : ["http", "https"];
      const base = typeof route.expression === "string" ? route.expression : traditionalExpression(route);
      const text = base === null ? null : withProtocols(base, protocols);
      let m: Matcher | null | "skip";
      const old = previous.get(route.id);
      if (old && old.matcher === text) {
        m = old;
        previous.delete(route.id);
      } else m = compileMatcher(route, this.problems);
      if (m === null || m === "skip") continue;
      this.matchers.set(route.id, m);
      for (const [f, t] of m.fields) this.fields.set(f, t);
      this.routers.push(m.router);
      this.routes.push({ route, matcher: m.matcher, expr: m.expr });
    }
  }

  /** The winning route for a request, or null (Kong's 404 "no Route matched"). */
  match(request: HttpRequest): { compiled: CompiledRoute; context: RequestContext } | null {
    const context = buildContext(request);
    if (this.routes.length === 0) return null;
    const { Context: ContextClass } = kongEngine();
    const engineContext: Context = new ContextClass(schema());
    try {
      // Only the fields some route uses, as Kong collects them; the schema knows every one of
      // them, so the engine never sees an unknown field (which would crash the instance).
      for (const [field, type] of this.fields) {
        for (const value of fieldValues(context, field)) {
          const v = astValue(type, value);
          if (v) engineContext.addValue(field, v);
        }
      }
      for (let i = 0; i < this.routers.length; i++) {
        if (this.routers[i].execute(engineContext)) return { compiled: this.routes[i], context };
      }
      return null;
    } finally {
      engineContext.free();
    }
  }

  free(): void {
    for (const m of this.matchers.values()) m.router.free();
    this.matchers.clear();
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

function collect(node: unknown, visit: (field: string) => void): void {
  if (!node || typeof node !== "object") return;
  const n = node as Record<string, unknown>;
  if (n.Predicate && typeof n.Predicate === "object") {
    visit((n.Predicate as { lhs: { var_name: string } }).lhs.var_name);
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

/** Routers are rebuilt lazily when the zone's data changed since the last request, reusing matchers. */
export class RouterCache {
  private readonly cache = new Map<string, { store: ZoneStore; version: number; router: ZoneRouter }>();

  get(store: ZoneStore): ZoneRouter {
    const hit = this.cache.get(store.name);
    // A zone dropped and made again is a new store whose version starts over: the same name and
    // version number can't prove the routes are the same ones.
    if (hit && hit.store === store && hit.version === store.version) return hit.router;
    const previous = hit ? hit.router.matchers : new Map<string, Matcher>();
    const router = new ZoneRouter(store, previous);
    // What the new router didn't take over belongs to deleted or changed routes.
    for (const m of previous.values()) m.router.free();
    previous.clear();
    this.cache.set(store.name, { store, version: store.version, router });
    return router;
  }

  clear(): void {
    for (const { router } of this.cache.values()) router.free();
    this.cache.clear();
  }
}
