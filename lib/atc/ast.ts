/**
 * The tree of Kong's expression language (atc-router). `and`/`or` are n-ary here so that a
 * canonical printer can parenthesize every group; `toKongTree` in kong-tree.ts folds them into
 * Kong's binary form for comparison with `@kong/atc-router`.
 */

export type FieldType = "String" | "Int" | "IpAddr" | "IpCidr";

export type StringOp = "==" | "!=" | "^=" | "=^" | "contains" | "~";
export type IntOp = "==" | "!=" | ">" | ">=" | "<" | "<=";
export type IpOp = "==" | "!=" | "in" | "not in";
export type Op = StringOp | IntOp | IpOp;

/** Transformations apply innermost first: `lower(any(f))` is `["any", "lower"]`... kept in source order, outermost first. */
export type Transform = "lower" | "any";

export type Value =
  | { type: "string"; value: string }
  | { type: "int"; value: number }
  | { type: "ip"; value: string }
  | { type: "cidr"; value: string };

export interface Lhs {
  field: string;
  /** Outermost first: `lower(any(http.path))` → `["lower", "any"]`. */
  transforms: Transform[];
}

export interface Predicate {
  kind: "predicate";
  lhs: Lhs;
  op: Op;
  rhs: Value;
}

export interface And {
  kind: "and";
  terms: Expr[];
}

export interface Or {
  kind: "or";
  terms: Expr[];
}

export interface Not {
  kind: "not";
  expr: Expr;
}

export type Expr = Predicate | And | Or | Not;

/** Source span (0-based character offsets, end exclusive). */
export interface Span {
  start: number;
  end: number;
}

// ---- builders: the compiler writes expressions with these, never with string concatenation ----

export const str = (value: string): Value => ({ type: "string", value });
export const int = (value: number): Value => ({ type: "int", value });

export function pred(field: string, op: Op, rhs: Value, transforms: Transform[] = []): Predicate {
  return { kind: "predicate", lhs: { field, transforms }, op, rhs };
}

/** n-ary AND; a single term is returned as is, nested ANDs are flattened. */
export function and(...terms: Expr[]): Expr {
  const flat = terms.flatMap((t) => (t.kind === "and" ? t.terms : [t]));
  if (flat.length === 0) throw new Error("and() needs at least one term");
  return flat.length === 1 ? flat[0] : { kind: "and", terms: flat };
}

/** n-ary OR; a single term is returned as is, nested ORs are flattened. */
export function or(...terms: Expr[]): Expr {
  const flat = terms.flatMap((t) => (t.kind === "or" ? t.terms : [t]));
  if (flat.length === 0) throw new Error("or() needs at least one term");
  return flat.length === 1 ? flat[0] : { kind: "or", terms: flat };
}

export function not(expr: Expr): Not {
  return { kind: "not", expr };
}

/** Every predicate of a tree, left to right. */
export function predicates(expr: Expr): Predicate[] {
  switch (expr.kind) {
    case "predicate":
      return [expr];
    case "not":
      return predicates(expr.expr);
    default:
      return expr.terms.flatMap(predicates);
  }
}
