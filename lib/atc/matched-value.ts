/**
 * Which value Kong's router reports for a field after a matcher matched: `c:get_result("http.path")`
 * in kong/router/atc.lua, which Kong strips from the request path when a route has `strip_path`.
 *
 * atc-router (src/interpreter.rs) records a value into `Match.matches[field]` while it evaluates,
 * not after deciding the match: `==`, `^=` and `=^` record their literal, `~` the regex's whole
 * (leftmost) match, every other operator nothing. `&&` and `||` stop at the first term that decides
 * them, left to right, and a later record overwrites an earlier one — also a record made inside a
 * branch that failed afterwards (src/router.rs resets the match only between matchers). An empty
 * string reads as nil (lib/resty/router/context.lua). This module replays that order; pure.
 */
import type { Expr, Predicate, Value } from "./ast";
import { fieldValues, type RequestContext } from "./context";
import { evaluate } from "./evaluate";
import { translateRustRegex } from "./regex";

export interface RecordedValue {
  value: Value["value"];
  /** The predicate that wrote it last. */
  predicate: Predicate;
}

export interface MatchRecords {
  matched: boolean;
  /** field → last value recorded during the evaluation (also when `matched` is false). */
  matches: Map<string, RecordedValue>;
}

export interface MatchedValue {
  matched: boolean;
  /** What `get_result(field)` answers: the recorded string, or null (nothing recorded, not a string, or empty). */
  value: string | null;
  predicate: Predicate | null;
}

/** Evaluates `expr` the way atc-router's interpreter does, keeping every value it records. */
export function recordMatches(expr: Expr, ctx: RequestContext): MatchRecords {
  const matches = new Map<string, RecordedValue>();
  // Regexes of this evaluation only: the caller owns no cache, and a request evaluates one route.
  const regexes = new Map<string, RegExp>();
  const run = (e: Expr): boolean => {
    switch (e.kind) {
      case "predicate":
        return predicate(e, ctx, matches, regexes);
      case "not":
        return !run(e.expr);
      case "and":
        return e.terms.every(run);
      case "or":
        return e.terms.some(run);
    }
  };
  return { matched: run(expr), matches };
}

export function matchedValue(expr: Expr, ctx: RequestContext, field = "http.path"): MatchedValue {
  const { matched, matches } = recordMatches(expr, ctx);
  const recorded = matches.get(field);
  if (!recorded || typeof recorded.value !== "string" || recorded.value === "")
    return { matched, value: null, predicate: null };
  return { matched, value: recorded.value, predicate: recorded.predicate };
}

const STRING_OPS = new Set(["==", "!=", "^=", "=^", "contains", "~"]);

function predicate(
  p: Predicate,
  ctx: RequestContext,
  matches: Map<string, RecordedValue>,
  regexes: Map<string, RegExp>,
): boolean {
  if (p.rhs.type !== "string" || !STRING_OPS.has(p.op)) {
    // Int and IP predicates never record a string, so only their verdict matters here.
    const holds = evaluate(p, ctx).matched;
    if (holds && p.op === "==") matches.set(p.lhs.field, { value: p.rhs.value, predicate: p });
    return holds;
  }
  const values = fieldValues(ctx, p.lhs.field);
  if (values.length === 0) return false;
  const lower = p.lhs.transforms.includes("lower");
  const any = p.lhs.transforms.includes("any");
  const rhs = p.rhs.value;
  for (const raw of values) {
    if (typeof raw !== "string") return false;
    const v = lower ? raw.toLowerCase() : raw;
    let ok: boolean;
    let record: string | null = null;
    switch (p.op) {
      case "==":
        ok = v === rhs;
        record = rhs;
        break;
      case "^=":
        ok = v.startsWith(rhs);
        record = rhs;
        break;
      case "=^":
        ok = v.endsWith(rhs);
        record = rhs;
        break;
      case "!=":
        ok = v !== rhs;
        break;
      case "contains":
        ok = v.includes(rhs);
        break;
      default: {
        const m = regex(rhs, regexes).exec(v);
        ok = m !== null;
        record = m === null ? null : m[0];
      }
    }
    // Recorded per value, before the loop knows whether the other values pass.
    if (ok && record !== null) matches.set(p.lhs.field, { value: record, predicate: p });
    if (ok && any) return true;
    if (!ok && !any) return false;
  }
  return !any;
}

function regex(pattern: string, regexes: Map<string, RegExp>): RegExp {
  let re = regexes.get(pattern);
  if (!re) {
    const t = translateRustRegex(pattern);
    // Parsed expressions never get here with a bad regex; hand-built ones might.
    if (!t.ok) throw new Error(`cannot evaluate regex ${JSON.stringify(pattern)}: ${t.message}`);
    re = new RegExp(t.source, t.flags);
    regexes.set(pattern, re);
  }
  return re;
}
