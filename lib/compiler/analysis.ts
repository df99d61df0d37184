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
}

interface RouteShape {
  /** Host → path matchers. */
  hosts: Map<string, ShapePath[]>;
  /** null = any method. */
  methods: Set<string> | null;
  tenantAccess: TenantAccess;
  tenants: Set<string>;
}

export function routeShape(route: CompiledRoute): RouteShape {
  const hosts = new Map<string, ShapePath[]>();
  for (const d of route.downstreams) {
    const matcher: PathMatcher = route.endpoint ? endpointMatcher(d.path, route.endpoint.path) : { kind: "prefix", path: d.path };
    hosts.set(d.host, [...(hosts.get(d.host) ?? []), { matcher, language: alternatives(matcher) }]);
  }
  return {
    hosts,
    methods: route.endpoint && route.endpoint.methods.length > 0 ? new Set(route.endpoint.methods) : null,
    tenantAccess: route.tenantAccess,
    tenants: new Set(route.tenants),
  };
}

function tenantsOverlap(a: RouteShape, b: RouteShape): boolean {
  if (a.tenantAccess === "ENTITLED" && b.tenantAccess === "ENTITLED") return [...a.tenants].some((t) => b.tenants.has(t));
  return true;
}

function tenantsCover(outer: RouteShape, inner: RouteShape): boolean {
  switch (outer.tenantAccess) {
    case "NONE":
      return true;
    case "ANY":
      return inner.tenantAccess !== "NONE";
    case "ENTITLED":
      return inner.tenantAccess === "ENTITLED" && [...inner.tenants].every((t) => outer.tenants.has(t));
  }
}

function methodsOverlap(a: RouteShape, b: RouteShape): boolean {
  return a.methods === null || b.methods === null || [...a.methods].some((m) => b.methods!.has(m));
}

function methodsCover(outer: RouteShape, inner: RouteShape): boolean {
  return outer.methods === null || (inner.methods !== null && [...inner.methods].every((m) => outer.methods!.has(m)));
}

function shapesOverlap(a: RouteShape, b: RouteShape): boolean {
  if (!tenantsOverlap(a, b) || !methodsOverlap(a, b)) return false;
  for (const [host, pathsA] of a.hosts) {
    const pathsB = b.hosts.get(host);
    if (pathsB && pathsA.some((pa) => pathsB.some((pb) => languagesIntersect(pa.language, pb.language)))) return true;
  }
  return false;
}

function shapeCovers(outer: RouteShape, inner: RouteShape): boolean {
  if (!tenantsCover(outer, inner) || !methodsCover(outer, inner)) return false;
  for (const [host, innerPaths] of inner.hosts) {
    const outerPaths = outer.hosts.get(host);
    if (!outerPaths) return false;
    const outerLanguage = outerPaths.flatMap((p) => p.language);
    if (!innerPaths.every((p) => languageCovers(outerLanguage, p.language))) return false;
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
 * Sorting the prefixes puts every string right before the strings it is a prefix of.
 */
function candidatePairs(shapes: readonly RouteShape[]): [number, number][] {
  // "host NUL prefix" keys sort with the engine's native string order (much faster than a
  // comparator over objects on a zone with ~100,000 host/path entries).
  const keys: string[] = [];
  const routeOf = new Map<string, number[]>();
  shapes.forEach((s, route) => {
    for (const [host, paths] of s.hosts) {
      for (const p of paths) {
        const key = `${host}\u0000${literalPrefix(p.matcher)}`;
        const list = routeOf.get(key);
        if (list) {
          if (list[list.length - 1] !== route) list.push(route);
        } else {
          routeOf.set(key, [route]);
          keys.push(key);
        }
      }
    }
  });
  keys.sort();
  const pairs = new Set<number>();
  const n = shapes.length;
  const addPairs = (xs: readonly number[], ys: readonly number[]) => {
    for (const x of xs) for (const y of ys) if (x !== y) pairs.add(Math.min(x, y) * n + Math.max(x, y));
  };
  for (let i = 0; i < keys.length; i++) {
    const routesI = routeOf.get(keys[i])!;
    addPairs(routesI, routesI);
    // Same host, and the other prefix starts with this one: the key starts with this key.
    for (let j = i + 1; j < keys.length && keys[j].startsWith(keys[i]); j++) addPairs(routesI, routeOf.get(keys[j])!);
  }
  return [...pairs].sort((a, b) => a - b).map((p) => [Math.floor(p / n), p % n]);
}

/** What two route shapes have in common; computed once per pair of expression trees. */
interface PairVerdict {
  overlap: boolean;
  /** Computed when first needed: only the winner-covers-loser direction ever is. */
  firstCoversSecond?: boolean;
  secondCoversFirst?: boolean;
}

/**
 * Shapes and pair verdicts, keyed by expression tree: a route's tree determines its shape, and
 * the incremental compiler hands unchanged routes over with the very same tree object, so after
 * a small change only pairs involving changed routes are analysed again.
 */
export interface AnalysisCache {
  shapes: WeakMap<object, RouteShape>;
  pairs: WeakMap<object, WeakMap<object, PairVerdict>>;
}

export function createAnalysisCache(): AnalysisCache {
  return { shapes: new WeakMap(), pairs: new WeakMap() };
}

function cachedShape(route: CompiledRoute, cache: AnalysisCache): RouteShape {
  let shape = cache.shapes.get(route.expressionTree);
  if (!shape) {
    shape = routeShape(route);
    cache.shapes.set(route.expressionTree, shape);
  }
  return shape;
}

function pairVerdict(a: CompiledRoute, sa: RouteShape, b: CompiledRoute, sb: RouteShape, cache: AnalysisCache): PairVerdict {
  let byA = cache.pairs.get(a.expressionTree);
  if (!byA) {
    byA = new WeakMap();
    cache.pairs.set(a.expressionTree, byA);
  }
  let verdict = byA.get(b.expressionTree);
  if (!verdict) {
    verdict = { overlap: shapesOverlap(sa, sb) };
    byA.set(b.expressionTree, verdict);
  }
  return verdict;
}

/** Overlap and shadowing warnings for one zone's routes. */
export function analyzeRoutes(routes: readonly CompiledRoute[], cache: AnalysisCache = createAnalysisCache()): Warning[] {
  const shapes = routes.map((r) => cachedShape(r, cache));
  const warnings: Warning[] = [];
  for (const [i, j] of candidatePairs(shapes)) {
    const verdict = pairVerdict(routes[i], shapes[i], routes[j], shapes[j], cache);
    if (!verdict.overlap) continue;
    const iWins = routes[i].priority >= routes[j].priority;
    const [w, l] = iWins ? [routes[i], routes[j]] : [routes[j], routes[i]];
    const shadowed = iWins
      ? (verdict.firstCoversSecond ??= shapeCovers(shapes[i], shapes[j]))
      : (verdict.secondCoversFirst ??= shapeCovers(shapes[j], shapes[i]));
    if (shadowed) {
      warnings.push({
        code: "route-shadowed",
        severity: "warning",
        message: `Route ${l.name} can never match: ${w.name} (priority ${w.priority}) matches every request it would, and ranks above it (priority ${l.priority})`,
        zone: l.zone,
        routes: [l.name, w.name],
      });
    } else {
      warnings.push({
        code: "routes-overlap",
        severity: "info",
        message: `Routes ${w.name} and ${l.name} can match the same request; ${w.name} wins (priority ${w.priority} > ${l.priority})`,
        zone: l.zone,
        routes: [w.name, l.name],
      });
    }
  }
  return warnings;
}
