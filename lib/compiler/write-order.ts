/**
 * In which order a publish writes a zone's Kong routes so that two routes that can match the same
 * request are never equal, and never in the wrong order, in Kong at any moment (issue 16 line 3).
 *
 * Stable tie-breaks (priority.ts) make moves rare, but they happen: a route whose lower overlapping
 * neighbour went away drops back to its hash slot, a newcomer can lift a route above itself, a
 * realm change gives a route new hosts and so new neighbours. Each write replaces one route whole
 * (priority and expression together), so only the moments between two writes can be wrong, and
 * only for a pair of routes that are both written: with one of them untouched, every moment holds
 * either the old pair or the new one, and both are right.
 *
 * For every pair of written routes the two in-between states are checked — (new a, old b) and
 * (old a, new b) — and where exactly one is wrong the other fixes the order of the two writes. A
 * state is wrong when the pair can match the same request in it and their priorities are equal or
 * ordered against the final state (or, when one of them is deleted, against the current one).
 * "Can match the same request" ignores tenant lists (methods, hosts and paths only): tenant lists
 * change with every grant, so the check is done on the more cautious question. Writes are then
 * grouped into waves (each wave's writes may run concurrently; a wave starts when the previous one
 * has finished), every write in the earliest wave its predecessors allow.
 */
import {
  createShapeCache,
  routeShape,
  shapesOverlapForSomeTenants,
  type RouteShape,
  type ShapeCache,
} from "./analysis";
import { compareStrings } from "./semver";
import type { CompiledRoute, KongRoute } from "./types";

export type RouteWriteAction = "create" | "update" | "delete";

export interface RouteWrite {
  name: string;
  action: RouteWriteAction;
}

interface Side {
  priority: number;
  /** null: hosts, paths and methods unknown (a route as Kong holds it), so assumed to overlap. */
  shape: RouteShape | null;
}

interface Write {
  name: string;
  action: RouteWriteAction;
  before: Side | null;
  after: Side | null;
}

/** Do the two (state of) routes overlap with their priorities equal or against `reference`? */
function wrong(a: Side | null, b: Side | null, reference: { a: number; b: number } | null): boolean {
  if (!a || !b || (a.shape && b.shape && !shapesOverlapForSomeTenants(a.shape, b.shape))) return false;
  if (a.priority === b.priority) return true;
  if (!reference) return false;
  return a.priority > b.priority !== reference.a > reference.b;
}

/** The order the pair must keep: the final state's, else (one of them deleted) the current one's. */
function referenceOf(x: Write, y: Write): { a: number; b: number } | null {
  if (x.after && y.after) return { a: x.after.priority, b: y.after.priority };
  if (x.before && y.before) return { a: x.before.priority, b: y.before.priority };
  return null;
}

/**
 * The route writes (creates, updates of priority or expression, deletes) that take a zone from
 * `current` to `desired`, in waves. Both are compiled routes, so their hosts, paths and methods are
 * known; a route whose expression and priority stay is not listed (its other fields never change
 * what Kong matches).
 */
export function routeWriteOrder(
  current: readonly CompiledRoute[],
  desired: readonly CompiledRoute[],
  cache: ShapeCache = createShapeCache(),
): RouteWrite[][] {
  const side = (route: CompiledRoute | undefined): Side | null =>
    route ? { priority: route.priority, shape: routeShape(route, cache) } : null;
  return orderWrites(current, desired, side);
}

/**
 * The same for a plan that knows only what Kong holds and what it should hold (`name`, `priority`,
 * `expression` of each route): every pair of written routes is taken to overlap, which orders more
 * writes than needed but never fewer. Waves name the routes by `name`.
 */
export function kongRouteWriteOrder(
  live: readonly Pick<KongRoute, "name" | "priority" | "expression">[],
  desired: readonly Pick<KongRoute, "name" | "priority" | "expression">[],
): RouteWrite[][] {
  return orderWrites(live, desired, (r) => (r ? { priority: r.priority, shape: null } : null));
}

function orderWrites<R extends { name: string; priority: number; expression: string }>(
  current: readonly R[],
  desired: readonly R[],
  side: (route: R | undefined) => Side | null,
): RouteWrite[][] {
  const currentByName = new Map(current.map((r) => [r.name, r]));
  const desiredByName = new Map(desired.map((r) => [r.name, r]));
  const writes: Write[] = [];
  for (const route of desired) {
    const old = currentByName.get(route.name);
    if (old && old.expression === route.expression && old.priority === route.priority) continue;
    writes.push({
      name: route.name,
      action: old ? "update" : "create",
      before: side(old),
      after: side(route),
    });
  }
  for (const route of current)
    if (!desiredByName.has(route.name))
      writes.push({ name: route.name, action: "delete", before: side(route), after: null });
  writes.sort((a, b) => compareStrings(a.name, b.name));

  // mustFollow[i] lists the writes that must have finished before write i starts.
  const mustFollow: number[][] = writes.map(() => []);
  for (let i = 0; i < writes.length; i++) {
    for (let j = i + 1; j < writes.length; j++) {
      const x = writes[i];
      const y = writes[j];
      const reference = referenceOf(x, y);
      const xFirstWrong = wrong(x.after, y.before, reference);
      const yFirstWrong = wrong(x.before, y.after, reference);
      if (xFirstWrong && !yFirstWrong) mustFollow[i].push(j);
      else if (yFirstWrong && !xFirstWrong) mustFollow[j].push(i);
      // Both wrong would need the two routes written at once, which Kong can't do; both in-between
      // states then hold an overlap that the compiler's rules never produce between two routes of
      // one group (a pair's winning order never changes), so the replay test would say so.
    }
  }

  // Waves: a write's wave is one more than the latest wave of the writes it must follow. A cycle
  // (impossible by the argument above) would leave writes unplaced: they go last, in name order.
  const wave = new Array<number>(writes.length).fill(-1);
  const placing = new Uint8Array(writes.length);
  const place = (i: number): number => {
    if (wave[i] >= 0) return wave[i];
    if (placing[i]) return 0;
    placing[i] = 1;
    let w = 0;
    for (const j of mustFollow[i]) w = Math.max(w, place(j) + 1);
    wave[i] = w;
    return w;
  };
  const waves: RouteWrite[][] = [];
  for (let i = 0; i < writes.length; i++) {
    const w = place(i);
    while (waves.length <= w) waves.push([]);
    waves[w].push({ name: writes[i].name, action: writes[i].action });
  }
  return waves;
}
