/**
 * Which routes of a zone can match the same request, and which can never match at all because a
 * higher-priority route matches every request they would. Exact on the compiler's own route
 * shapes: per-host path matchers (exact, base-path prefix, endpoint pattern), method sets and
 * tenant clauses. (Kong normalizes paths before matching; both sides are compared as written.)
 */
import { endpointMatcher, literalPrefix, type PathMatcher } from "./path-pattern";
import type { CompiledRoute, TenantAccess, Warning } from "./types";

/**
 * A path language as a list of alternatives, each a string of atoms: a literal character, or
 * one of three private-use code points (validated paths never hold them) for a character class.
 * Strings rather than atom objects: the analysis of a large zone builds hundreds of thousands.
 */
type Alternative = string;
/** One character other than `/` (the first of a `{param}`). */
const SEGMENT_CHAR = "\uE000";
/** Any run of characters other than `/` (the rest of a `{param}`). */
const SEGMENT_CHARS = "\uE001";
/** Any run of characters (a trailing `*`, or anything under a base-path prefix). */
const ANY_CHARS = "\uE002";

const isLoop = (atom: string) => atom === SEGMENT_CHARS || atom === ANY_CHARS;
const isClass = (atom: string) => atom === SEGMENT_CHAR || isLoop(atom);

function alternatives(matcher: PathMatcher): Alternative[] {
  switch (matcher.kind) {
    case "exact":
      return [matcher.path];
    case "prefix":
      return [matcher.path, `${matcher.path}/${ANY_CHARS}`];
    case "pattern":
      return [
        matcher.tokens
          .map((tok) => (tok.kind === "literal" ? tok.text : tok.kind === "param" ? SEGMENT_CHAR + SEGMENT_CHARS : ANY_CHARS))
          .join(""),
      ];
  }
}

/** Positions reachable from `i` without consuming a character (loops may match nothing). */
function closure(alt: Alternative, i: number): number[] {
  const out = [i];
  while (i < alt.length && isLoop(alt[i])) out.push(++i);
  return out;
}

/** Can two atoms consume one and the same character? */
function compatible(a: string, b: string): boolean {
  const classA = isClass(a);
  const classB = isClass(b);
  if (!classA && !classB) return a === b;
  if (!classA) return b === ANY_CHARS || a !== "/";
  if (!classB) return a === ANY_CHARS || b !== "/";
  return true;
}

const advance = (alt: Alternative, i: number) => (isLoop(alt[i]) ? i : i + 1);

function alternativesIntersect(a: Alternative, b: Alternative): boolean {
  const seen = new Set<number>();
  const width = b.length + 1;
  const queue: [number, number][] = [];
  const push = (i: number, j: number) => {
    for (const ci of closure(a, i)) {
      for (const cj of closure(b, j)) {
        const key = ci * width + cj;
        if (!seen.has(key)) {
          seen.add(key);
          queue.push([ci, cj]);
        }
      }
    }
  };
  push(0, 0);
  while (queue.length > 0) {
    const [i, j] = queue.pop()!;
    if (i === a.length && j === b.length) return true;
    if (i < a.length && j < b.length && compatible(a[i], b[j])) push(advance(a, i), advance(b, j));
  }
  return false;
}

export function pathsIntersect(a: PathMatcher, b: PathMatcher): boolean {
  return languagesIntersect(alternatives(a), alternatives(b));
}

function languagesIntersect(a: readonly Alternative[], b: readonly Alternative[]): boolean {
  return a.some((x) => b.some((y) => alternativesIntersect(x, y)));
}

/** Does the atom accept this concrete character? (OTHER stands for any character no pattern names.) */
const OTHER = "\u0000";
function accepts(atom: string, c: string): boolean {
  if (atom === ANY_CHARS) return true;
  if (atom === SEGMENT_CHAR || atom === SEGMENT_CHARS) return c !== "/";
  return atom === c;
}

/**
 * Is every path `inner` matches also matched by one of `outer`? Walks `inner`'s automaton
 * against the subset construction of `outer`'s over the characters the patterns name, plus `/`
 * and one stand-in for every other character.
 */
export function pathsCover(outer: readonly PathMatcher[], inner: PathMatcher): boolean {
  return languageCovers(outer.flatMap(alternatives), alternatives(inner));
}

/** Does the alternative match this concrete path? */
function alternativeMatches(alt: Alternative, path: string): boolean {
  let positions = new Set(closure(alt, 0));
  for (const c of path) {
    const next = new Set<number>();
    for (const i of positions) if (i < alt.length && accepts(alt[i], c)) for (const j of closure(alt, advance(alt, i))) next.add(j);
    if (next.size === 0) return false;
    positions = next;
  }
  return positions.has(alt.length);
}

const hasClass = (alt: Alternative) => alt.includes(SEGMENT_CHAR) || alt.includes(SEGMENT_CHARS) || alt.includes(ANY_CHARS);

/**
 * Cheap exact answers for the common cases (an identical alternative; a concrete path; an outer
 * "literal + anything" that the inner alternative starts with), or null to run the general check.
 */
function quickCover(outerAlts: readonly Alternative[], innerAlt: Alternative): boolean | null {
  if (outerAlts.includes(innerAlt)) return true;
  if (!hasClass(innerAlt)) return outerAlts.some((o) => alternativeMatches(o, innerAlt));
  for (const o of outerAlts) {
    if (o.endsWith(ANY_CHARS) && !hasClass(o.slice(0, -1)) && innerAlt.startsWith(o.slice(0, -1))) return true;
  }
  return null;
}

function languageCovers(outerAlts: readonly Alternative[], innerAlts: readonly Alternative[]): boolean {
  const undecided: Alternative[] = [];
  for (const innerAlt of innerAlts) {
    const quick = quickCover(outerAlts, innerAlt);
    if (quick === false) return false;
    if (quick === null) undecided.push(innerAlt);
  }
  return undecided.length === 0 || subsetCovers(outerAlts, undecided);
}

function subsetCovers(outerAlts: readonly Alternative[], innerAlts: readonly Alternative[]): boolean {
  const symbols = new Set<string>(["/", OTHER]);
  for (const alt of [...outerAlts, ...innerAlts]) for (const a of alt) if (!isClass(a)) symbols.add(a);

  type OuterState = string; // sorted "alt:pos" list
  const outerClosure = (states: Iterable<[number, number]>): [number, number][] => {
    const set = new Map<string, [number, number]>();
    for (const [k, i] of states) for (const ci of closure(outerAlts[k], i)) set.set(`${k}:${ci}`, [k, ci]);
    return [...set.values()];
  };
  const keyOf = (states: [number, number][]): OuterState => states.map(([k, i]) => `${k}:${i}`).sort().join(",");
  const outerAccepts = (states: [number, number][]) => states.some(([k, i]) => i === outerAlts[k].length);

  for (const innerAlt of innerAlts) {
    const start = outerClosure(outerAlts.map((_, k) => [k, 0] as [number, number]));
    const seen = new Set<string>();
    const queue: [number, [number, number][]][] = [];
    const push = (i: number, states: [number, number][]) => {
      for (const ci of closure(innerAlt, i)) {
        const key = `${ci}|${keyOf(states)}`;
        if (!seen.has(key)) {
          seen.add(key);
          queue.push([ci, states]);
        }
      }
    };
    push(0, start);
    while (queue.length > 0) {
      const [i, states] = queue.pop()!;
      if (i === innerAlt.length && !outerAccepts(states)) return false;
      if (i === innerAlt.length) continue;
      for (const c of symbols) {
        if (!accepts(innerAlt[i], c)) continue;
        const next = outerClosure(
          states.flatMap(([k, p]) => (p < outerAlts[k].length && accepts(outerAlts[k][p], c) ? [[k, advance(outerAlts[k], p)] as [number, number]] : [])),
        );
        push(advance(innerAlt, i), next);
      }
    }
  }
  return true;
}

// ---------------------------------------------------------------- route shapes

interface ShapePath {
  matcher: PathMatcher;
  language: Alternative[];
  /** Literal text every matching path starts with (for candidate pairs). */
  prefix: string;
  /**
   * Whether this path's language intersects another's, remembered: shared paths meet the same
   * other paths on every DTC host of every zone.
   */
  intersects?: Map<ShapePath, boolean>;
}

function pathsMeet(a: ShapePath, b: ShapePath): boolean {
  if (a === b) return true;
  let known = a.intersects?.get(b);
  if (known === undefined) {
    known = languagesIntersect(a.language, b.language);
    (a.intersects ??= new Map()).set(b, known);
  }
  return known;
}

export interface RouteShape {
  /** Host → path matchers. */
  hosts: Map<string, ShapePath[]>;
  /** null = any method. */
  methods: Set<string> | null;
  tenantAccess: TenantAccess;
  tenants: Set<string>;
}

/** What a shape is derived from: a compiled route, or a route draft before its name and priority. */
export type ShapeSource = Pick<CompiledRoute, "downstreams" | "endpoint" | "tenantAccess" | "tenants">;

/**
 * Per-path matchers shared between routes (every zone serving an exposure has the same base path
 * on its DTC hosts), and tenant sets shared between the routes of one exposure (they share the
 * tenant array). Optional: without it, every shape builds its own.
 */
export interface ShapeCache {
  paths: Map<string, ShapePath>;
  tenantSets: WeakMap<readonly string[], Set<string>>;
}

export function createShapeCache(): ShapeCache {
  return { paths: new Map(), tenantSets: new WeakMap() };
}

function shapePath(downstreamPath: string, endpoint: ShapeSource["endpoint"], cache: ShapeCache | undefined): ShapePath {
  const key = endpoint ? `${downstreamPath}\u0000${endpoint.path}` : downstreamPath;
  let path = cache?.paths.get(key);
  if (!path) {
    const matcher: PathMatcher = endpoint ? endpointMatcher(downstreamPath, endpoint.path) : { kind: "prefix", path: downstreamPath };
    path = { matcher, language: alternatives(matcher), prefix: literalPrefix(matcher) };
    cache?.paths.set(key, path);
  }
  return path;
}

export function routeShape(route: ShapeSource, cache?: ShapeCache): RouteShape {
  const hosts = new Map<string, ShapePath[]>();
  for (const d of route.downstreams) {
    const path = shapePath(d.path, route.endpoint, cache);
    const list = hosts.get(d.host);
    if (list) list.push(path);
    else hosts.set(d.host, [path]);
  }
  let tenants = cache?.tenantSets.get(route.tenants);
  if (!tenants) {
    tenants = new Set(route.tenants);
    cache?.tenantSets.set(route.tenants, tenants);
  }
  return {
    hosts,
    methods: route.endpoint && route.endpoint.methods.length > 0 ? new Set(route.endpoint.methods) : null,
    tenantAccess: route.tenantAccess,
    tenants,
  };
}

function tenantsOverlap(a: RouteShape, b: RouteShape): boolean {
  if (a.tenantAccess === "ENTITLED" && b.tenantAccess === "ENTITLED") {
    const [small, large] = a.tenants.size <= b.tenants.size ? [a.tenants, b.tenants] : [b.tenants, a.tenants];
    for (const t of small) if (large.has(t)) return true;
    return false;
  }
  return true;
}

function tenantsCover(outer: RouteShape, inner: RouteShape): boolean {
  switch (outer.tenantAccess) {
    case "NONE":
      return true;
    case "ANY":
      return inner.tenantAccess !== "NONE";
    case "ENTITLED":
      if (inner.tenantAccess !== "ENTITLED") return false;
      for (const t of inner.tenants) if (!outer.tenants.has(t)) return false;
      return true;
  }
}

function methodsOverlap(a: RouteShape, b: RouteShape): boolean {
  return a.methods === null || b.methods === null || [...a.methods].some((m) => b.methods!.has(m));
}

function methodsCover(outer: RouteShape, inner: RouteShape): boolean {
  return outer.methods === null || (inner.methods !== null && [...inner.methods].every((m) => outer.methods!.has(m)));
}

function shapesOverlap(a: RouteShape, b: RouteShape): boolean {
  return tenantsOverlap(a, b) && shapesOverlapForSomeTenants(a, b);
}

/**
 * Could the two routes match one request if their tenant lists were anything (methods, hosts and
 * paths only)? The tie-break orders such pairs, so that a grant or revoke, which changes tenant
 * lists only, never moves a priority.
 */
export function shapesOverlapForSomeTenants(a: RouteShape, b: RouteShape): boolean {
  if (!methodsOverlap(a, b)) return false;
  for (const [host, pathsA] of a.hosts) {
    const pathsB = b.hosts.get(host);
    if (!pathsB) continue;
    for (const pa of pathsA) for (const pb of pathsB) if (pathsMeet(pa, pb)) return true;
  }
  return false;
}

function shapeCovers(outer: RouteShape, inner: RouteShape): boolean {
  if (!tenantsCover(outer, inner) || !methodsCover(outer, inner)) return false;
  for (const [host, innerPaths] of inner.hosts) {
    const outerPaths = outer.hosts.get(host);
    if (!outerPaths) return false;
    // A path matcher covers itself: no language work for the common identical case.
    const outerLanguage = outerPaths.flatMap((p) => p.language);
    if (!innerPaths.every((p) => outerPaths.includes(p) || languageCovers(outerLanguage, p.language))) return false;
  }
  return true;
}

/** Can one request match both routes? */
export function routesCanOverlap(a: CompiledRoute, b: CompiledRoute): boolean {
  return shapesOverlap(routeShape(a), routeShape(b));
}

/** Does `outer` match every request `inner` matches? */
export function routeCovers(outer: CompiledRoute, inner: CompiledRoute): boolean {
  return shapeCovers(routeShape(outer), routeShape(inner));
}

/**
 * Pairs of routes sharing a host whose literal path prefixes are compatible (one a prefix of the
 * other): every path a route matches starts with its literal prefix, so other pairs can't overlap.
 * Sorting the prefixes puts every string right before the strings it is a prefix of. Returned
 * flat (`i0, j0, i1, j1, …`, i < j, ordered by i then j).
 */
export function candidatePairs(shapes: readonly RouteShape[]): Int32Array {
  // Per host, per literal prefix: the routes. Two levels of maps rather than one "host NUL
  // prefix" key, so no key string is built per route and host.
  const byHost = new Map<string, Map<string, number[]>>();
  for (let route = 0; route < shapes.length; route++) {
    for (const [host, paths] of shapes[route].hosts) {
      let routeOf = byHost.get(host);
      if (!routeOf) {
        routeOf = new Map();
        byHost.set(host, routeOf);
      }
      for (const p of paths) {
        const list = routeOf.get(p.prefix);
        if (list) {
          if (list[list.length - 1] !== route) list.push(route);
        } else {
          routeOf.set(p.prefix, [route]);
        }
      }
    }
  }
  const pairs = new Set<number>();
  const n = shapes.length;
  const addPairs = (xs: readonly number[], ys: readonly number[]) => {
    for (const x of xs) for (const y of ys) if (x !== y) pairs.add(x < y ? x * n + y : y * n + x);
  };
  for (const routeOf of byHost.values()) {
    // Native string order puts every prefix right before the prefixes that extend it.
    const prefixes = [...routeOf.keys()].sort();
    for (let i = 0; i < prefixes.length; i++) {
      const routesI = routeOf.get(prefixes[i])!;
      if (routesI.length > 1) addPairs(routesI, routesI);
      for (let j = i + 1; j < prefixes.length && prefixes[j].startsWith(prefixes[i]); j++) addPairs(routesI, routeOf.get(prefixes[j])!);
    }
  }
  const sorted = Float64Array.from(pairs).sort();
  const flat = new Int32Array(sorted.length * 2);
  for (let k = 0; k < sorted.length; k++) {
    flat[2 * k] = Math.floor(sorted[k] / n);
    flat[2 * k + 1] = sorted[k] % n;
  }
  return flat;
}

/** The warning for one candidate pair, or null when the two routes can't match the same request. */
function pairWarning(routes: readonly CompiledRoute[], shapes: readonly RouteShape[], i: number, j: number): Warning | null {
  if (!shapesOverlap(shapes[i], shapes[j])) return null;
  const iWins = routes[i].priority >= routes[j].priority;
  const [w, l] = iWins ? [routes[i], routes[j]] : [routes[j], routes[i]];
  const shadowed = iWins ? shapeCovers(shapes[i], shapes[j]) : shapeCovers(shapes[j], shapes[i]);
  if (shadowed) {
    return {
      code: "route-shadowed",
      severity: "warning",
      message: `Route ${l.name} can never match: ${w.name} (priority ${w.priority}) matches every request it would, and ranks above it (priority ${l.priority})`,
      zone: l.zone,
      routes: [l.name, w.name],
    };
  }
  return {
    code: "routes-overlap",
    severity: "info",
    message: `Routes ${w.name} and ${l.name} can match the same request; ${w.name} wins (priority ${w.priority} > ${l.priority})`,
    zone: l.zone,
    routes: [w.name, l.name],
  };
}

/** A zone's analysis, kept so that a change to a few routes re-examines only their pairs. */
export interface ZoneAnalysis {
  /** Candidate pairs, flat (see candidatePairs). */
  pairs: Int32Array;
  /** Per pair: its warning, or null. */
  verdicts: (Warning | null)[];
}

export function analyzeZone(routes: readonly CompiledRoute[], shapes: readonly RouteShape[], pairs: Int32Array = candidatePairs(shapes)): ZoneAnalysis {
  const verdicts: (Warning | null)[] = new Array(pairs.length / 2);
  for (let k = 0; k < verdicts.length; k++) verdicts[k] = pairWarning(routes, shapes, pairs[2 * k], pairs[2 * k + 1]);
  return { pairs, verdicts };
}

/**
 * The same zone after routes at the `changed` positions were replaced by routes with the same
 * hosts, paths, names and priorities (so the candidate pairs are the same): only pairs with a
 * changed route are examined again.
 */
export function reanalyzeZone(previous: ZoneAnalysis, routes: readonly CompiledRoute[], shapes: readonly RouteShape[], changed: Uint8Array): ZoneAnalysis {
  const { pairs } = previous;
  const verdicts = previous.verdicts.slice();
  for (let k = 0; k < verdicts.length; k++) {
    const i = pairs[2 * k];
    const j = pairs[2 * k + 1];
    if (changed[i] || changed[j]) verdicts[k] = pairWarning(routes, shapes, i, j);
  }
  return { pairs, verdicts };
}

/** Shapes keyed by expression tree (a route's tree determines its shape). */
export interface AnalysisCache {
  shapes: WeakMap<object, RouteShape>;
}

export function createAnalysisCache(): AnalysisCache {
  return { shapes: new WeakMap() };
}

function cachedShape(route: CompiledRoute, cache: AnalysisCache): RouteShape {
  let shape = cache.shapes.get(route.expressionTree);
  if (!shape) {
    shape = routeShape(route);
    cache.shapes.set(route.expressionTree, shape);
  }
  return shape;
}

/** Overlap and shadowing warnings for one zone's routes. */
export function analyzeRoutes(routes: readonly CompiledRoute[], cache: AnalysisCache = createAnalysisCache()): Warning[] {
  const shapes = routes.map((r) => cachedShape(r, cache));
  return analyzeZone(routes, shapes).verdicts.filter((w): w is Warning => w !== null);
}
