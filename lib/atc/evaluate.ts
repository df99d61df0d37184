import type { Expr, Predicate } from "./ast";
import { fieldValues, type RequestContext } from "./context";
import { ipEquals, networkContains, parseCidr, parseIpAddress } from "./ip";
import { print, printPredicate } from "./print";
import { translateRustRegex } from "./regex";

export interface FailedAt {
  /** Printed text of the predicate (or `!( … )` group) that decided the failure. */
  predicate: string;
  /** Term indices from the root: `and`/`or` → index of the term, `not` → 0. */
  path: number[];
  /** The field's values as Kong saw them (empty: the field has no value). */
  actual: string[];
}

export interface EvalResult {
  matched: boolean;
  failedAt?: FailedAt;
  /** Regex captures of the match, numbered (`"0"` = whole match) and named, as Kong exposes them. */
  captures?: Record<string, string>;
}

interface Outcome {
  matched: boolean;
  failedAt?: FailedAt;
  captures: Record<string, string>;
}

const regexCache = new Map<string, { re: RegExp; names: (string | null)[] }>();

function compiled(pattern: string): { re: RegExp; names: (string | null)[] } {
  let hit = regexCache.get(pattern);
  if (!hit) {
    const t = translateRustRegex(pattern);
    // Parsed expressions never get here with a bad regex; hand-built ones might.
    if (!t.ok) throw new Error(`cannot evaluate regex ${JSON.stringify(pattern)}: ${t.message}`);
    hit = { re: new RegExp(t.source, t.flags), names: t.groupNames };
    regexCache.set(pattern, hit);
  }
  return hit;
}

/** One value against the operator; captures are filled when a regex matches. */
function test(p: Predicate, value: string | number, captures: Record<string, string>): boolean {
  const { op, rhs } = p;
  if (rhs.type === "ip" || rhs.type === "cidr") {
    const addr = typeof value === "string" ? parseIpAddress(value) : null;
    if (!addr) return false;
    if (rhs.type === "ip") {
      const other = parseIpAddress(rhs.value);
      const equal = other !== null && ipEquals(addr, other);
      return op === "==" ? equal : op === "!=" ? !equal : false;
    }
    const net = parseCidr(rhs.value);
    const inside = net.ok && networkContains(net.network, addr);
    return op === "in" ? inside : op === "not in" ? !inside : false;
  }
  if (rhs.type === "int") {
    if (typeof value !== "number") return false;
    switch (op) {
      case "==":
        return value === rhs.value;
      case "!=":
        return value !== rhs.value;
      case ">":
        return value > rhs.value;
      case ">=":
        return value >= rhs.value;
      case "<":
        return value < rhs.value;
      case "<=":
        return value <= rhs.value;
      default:
        return false;
    }
  }
  if (typeof value !== "string") return false;
  // Rust's str::to_lowercase and JS toLowerCase are both full, locale-independent Unicode lowering.
  const s = p.lhs.transforms.includes("lower") ? value.toLowerCase() : value;
  switch (op) {
    case "==":
      return s === rhs.value;
    case "!=":
      return s !== rhs.value;
    case "^=":
      return s.startsWith(rhs.value);
    case "=^":
      return s.endsWith(rhs.value);
    case "contains":
      return s.includes(rhs.value);
    case "~": {
      const { re, names } = compiled(rhs.value);
      const m = re.exec(s);
      if (!m) return false;
      m.forEach((g, i) => {
        if (g === undefined) return;
        captures[String(i)] = g;
        const name = names[i];
        if (name) captures[name] = g;
      });
      return true;
    }
    default:
      return false;
  }
}

/**
 * A field with no value fails every operator (`!=` included); several values must all pass
 * unless the field is wrapped in `any()`, in which case one is enough.
 */
function evalPredicate(p: Predicate, ctx: RequestContext, path: number[]): Outcome {
  const values = fieldValues(ctx, p.lhs.field);
  const captures: Record<string, string> = {};
  const any = p.lhs.transforms.includes("any");
  const results = values.map((v) => test(p, v, captures));
  const matched = values.length > 0 && (any ? results.some(Boolean) : results.every(Boolean));
  return matched
    ? { matched, captures }
    : { matched, captures: {}, failedAt: { predicate: printPredicate(p), path, actual: values.map(String) } };
}

function evalExpr(e: Expr, ctx: RequestContext, path: number[]): Outcome {
  switch (e.kind) {
    case "predicate":
      return evalPredicate(e, ctx, path);
    case "not": {
      const inner = evalExpr(e.expr, ctx, [...path, 0]);
      return inner.matched
        ? { matched: false, captures: {}, failedAt: { predicate: print(e), path, actual: [] } }
        : { matched: true, captures: {} };
    }
    case "and": {
      const captures: Record<string, string> = {};
      for (let i = 0; i < e.terms.length; i++) {
        const r = evalExpr(e.terms[i], ctx, [...path, i]);
        if (!r.matched) return { matched: false, captures: {}, failedAt: r.failedAt };
        Object.assign(captures, r.captures);
      }
      return { matched: true, captures };
    }
    case "or": {
      let first: FailedAt | undefined;
      for (let i = 0; i < e.terms.length; i++) {
        const r = evalExpr(e.terms[i], ctx, [...path, i]);
        if (r.matched) return r;
        first ??= r.failedAt;
      }
      return { matched: false, captures: {}, failedAt: first };
    }
  }
}

/**
 * Evaluates an expression against a request context, the way Kong's router does, and explains a
 * miss: the first predicate that failed (for an `||`, the failure of its first alternative).
 */
export function evaluate(expr: Expr, ctx: RequestContext): EvalResult {
  const r = evalExpr(expr, ctx, []);
  if (!r.matched) return { matched: false, failedAt: r.failedAt };
  return Object.keys(r.captures).length > 0 ? { matched: true, captures: r.captures } : { matched: true };
}
