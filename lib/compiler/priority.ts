/**
 * Route priorities. Kong tries expression routes by descending `priority` (0 … 2^46−1; ties by
 * descending id) and the first match wins. The spike that put tenant checks into expressions
 * left every route at the same priority, so a version reachable by ANY tenant could shadow the
 * version a tenant is entitled to. Here the priority is a bit field where every field ranks a
 * kind of strictness, most important first, so for the same request the stricter route wins:
 *
 * ```
 *  bit  36‥35  tenant          2 = ENTITLED (tenant-narrowed), 1 = ANY (header present), 0 = NONE
 *  bit     34  exactPath       1 = the path is matched with `==` only
 *  bit  33‥24  literalLength   length of the literal path prefix (basePath + endpoint up to the
 *                              first {param} or *), capped at 1023: longer prefixes are narrower
 *  bit     23  pattern         1 = endpoint pattern (regex), 0 = base-path prefix: at equal
 *                              literal length, `/items/{id}` is narrower than `/items` + anything
 *  bit  22‥20  methods         0 = any method, else 8 − number of methods: a method clause is
 *                              one more condition, and fewer methods are narrower
 *  bit  19‥0   tieBreak        rank among the zone's routes whose higher fields are equal
 * ```
 *
 * The top value is below 2^37, far inside Kong's 2^46−1 and JSON's exact integers. The literal
 * length is measured on basePath + endpoint, not on the realm URL's path: a route's hosts come
 * from its realm, and measuring the realm path would rank the same API differently per realm.
 *
 * The tie-break makes every priority within a zone unique, so no two routes that can match the
 * same request are left to Kong's id order, and it is stable: a route's tie-break is a hash of its
 * identity (zone and name), so a route joining or leaving a group leaves the others where they
 * are; a publish writes only routes whose own fields change (issue 16). Where two routes of a
 * group could match one request (for some tenants: tenant lists never move a priority), the one
 * that must win — by (application, version, kind, name): for a tenant entitled to two versions of
 * one application the newer version, and a zone's own (real) route over a proxy to the same
 * application version — is lifted just above the other if its hash lies below; a hash already
 * taken in the group moves up to the next free value (docs/priority.md).
 */
import type { PriorityPart, TenantAccess } from "./types";

export const MAX_KONG_PRIORITY = 2 ** 46 - 1;

export interface PriorityField {
  name: "tenant" | "exactPath" | "literalLength" | "pattern" | "methods" | "tieBreak";
  bits: number;
  shift: number;
}

/** Most significant first. */
export const PRIORITY_LAYOUT: readonly PriorityField[] = [
  { name: "tenant", bits: 2, shift: 35 },
  { name: "exactPath", bits: 1, shift: 34 },
  { name: "literalLength", bits: 10, shift: 24 },
  { name: "pattern", bits: 1, shift: 23 },
  { name: "methods", bits: 3, shift: 20 },
  { name: "tieBreak", bits: 20, shift: 0 },
];

export const TIE_BREAK_LIMIT = 2 ** 20;

/** What a route's priority is computed from (independent of the other routes, except tieBreak). */
export interface RouteTraits {
  tenantAccess: TenantAccess;
  pathKind: "exact" | "pattern" | "prefix";
  /** basePath + endpoint path up to the first `{param}` or `*`. */
  literalPrefix: string;
  /** 0 = any method. */
  methodCount: number;
}

const TENANT_RANK: Record<TenantAccess, number> = { NONE: 0, ANY: 1, ENTITLED: 2 };

function fieldValues(traits: RouteTraits): Record<Exclude<PriorityField["name"], "tieBreak">, number> {
  return {
    tenant: TENANT_RANK[traits.tenantAccess],
    exactPath: traits.pathKind === "exact" ? 1 : 0,
    literalLength: Math.min(traits.literalPrefix.length, 1023),
    pattern: traits.pathKind === "pattern" ? 1 : 0,
    methods: traits.methodCount === 0 ? 0 : Math.max(1, 8 - traits.methodCount),
  };
}

/** The priority without the tie-break: routes with equal base priority are ranked by the caller. */
export function basePriority(traits: RouteTraits): number {
  const values = fieldValues(traits);
  let priority = 0;
  for (const field of PRIORITY_LAYOUT) {
    if (field.name === "tieBreak") continue;
    // Multiplication, not <<: JavaScript's shift operators work on 32 bits.
    priority += values[field.name] * 2 ** field.shift;
  }
  return priority;
}

/** The parts above the tie-break, shared by every route with the same traits (a large zone has thousands). */
const sharedParts = new Map<string, PriorityPart[]>();

/** By traits object: the compiler shares one traits object among an endpoint's routes in every zone. */
const partsByTraits = new WeakMap<RouteTraits, PriorityPart[]>();

function traitParts(traits: RouteTraits): PriorityPart[] {
  const known = partsByTraits.get(traits);
  if (known) return known;
  const key = `${traits.tenantAccess} ${traits.pathKind} ${traits.methodCount} ${traits.literalPrefix}`;
  let parts = sharedParts.get(key);
  if (!parts) {
    const values = fieldValues(traits);
    parts = PRIORITY_LAYOUT.filter((f) => f.name !== "tieBreak").map((field) => ({
      name: field.name,
      bits: field.bits,
      shift: field.shift,
      value: values[field.name as Exclude<PriorityField["name"], "tieBreak">],
      explanation: explain(field.name, traits, 0),
    }));
    if (sharedParts.size > 100_000) sharedParts.clear();
    sharedParts.set(key, parts);
  }
  partsByTraits.set(traits, parts);
  return parts;
}

/**
 * Where a route's tie-break starts: 20 bits of an FNV-1a hash of zone and name (the high bits
 * folded in, since FNV's low bits mix least).
 */
export function tieBreakSlot(zone: string, name: string): number {
  let h = 0x811c9dc5;
  const s = `${zone}\u0000${name}`;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  h >>>= 0;
  return ((h ^ (h >>> 20)) >>> 0) % TIE_BREAK_LIMIT;
}

/**
 * Tie-breaks for one group of routes with equal base priority, given in the order they must win
 * in (a later route wins over an earlier one it can overlap) with, per route, the earlier routes
 * it can overlap (`lower[i]` holds indexes below i). Each route keeps its slot unless an earlier
 * overlapping route holds that value or more (then just above the highest of them) or the value
 * is taken (then the next free one), so every value is unique in the group and every overlapping
 * pair is ordered. Should a route be pushed past the field's top, the group falls back to ranks
 * 0, 1, 2 … in the winning order, which satisfies both rules too.
 */
export function groupTieBreaks(slots: readonly number[], lower: readonly (readonly number[])[]): number[] {
  if (slots.length > TIE_BREAK_LIMIT) throw new RangeError(`more than ${TIE_BREAK_LIMIT} routes share a base priority`);
  const ties: number[] = new Array<number>(slots.length);
  const taken = new Set<number>();
  for (let i = 0; i < slots.length; i++) {
    let t = slots[i];
    for (const j of lower[i]) if (ties[j] >= t) t = ties[j] + 1;
    while (taken.has(t)) t++;
    if (t >= TIE_BREAK_LIMIT) return slots.map((_, k) => k);
    taken.add(t);
    ties[i] = t;
  }
  return ties;
}

export function routePriority(traits: RouteTraits, tieBreak: number): { priority: number; parts: PriorityPart[] } {
  if (!Number.isInteger(tieBreak) || tieBreak < 0 || tieBreak >= TIE_BREAK_LIMIT) {
    throw new RangeError(`tie-break ${tieBreak} does not fit in ${PRIORITY_LAYOUT[5].bits} bits`);
  }
  const tie = PRIORITY_LAYOUT[5];
  const parts = [
    ...traitParts(traits),
    { name: tie.name, bits: tie.bits, shift: tie.shift, value: tieBreak, explanation: explain("tieBreak", traits, tieBreak) },
  ];
  return { priority: basePriority(traits) + tieBreak, parts };
}

function explain(name: PriorityField["name"], traits: RouteTraits, tieBreak: number): string {
  switch (name) {
    case "tenant":
      return {
        ENTITLED: "ENTITLED: only entitled tenants match, so it ranks above ANY and NONE",
        ANY: "ANY: the tenant header must be present, so it ranks above NONE",
        NONE: "NONE: no tenant check",
      }[traits.tenantAccess];
    case "exactPath":
      return traits.pathKind === "exact" ? "exact path (==): ranks above patterns and prefixes" : "not an exact path";
    case "literalLength":
      return `literal path prefix "${traits.literalPrefix}" is ${traits.literalPrefix.length} characters: longer prefixes rank higher`;
    case "pattern":
      return traits.pathKind === "pattern"
        ? "endpoint pattern: ranks above a base-path prefix with the same literal prefix"
        : traits.pathKind === "prefix"
          ? "base-path prefix: matches anything under the base path"
          : "exact path";
    case "methods":
      return traits.methodCount === 0
        ? "any method"
        : `${traits.methodCount} method(s): a method condition ranks above none, fewer methods above more`;
    case "tieBreak":
      return `${tieBreak}: from a hash of the route's zone and name, so it stays when other routes come and go; unique among this zone's routes with the same fields above, and above every such route it can overlap that ranks before it by application, version, kind and name`;
  }
}
