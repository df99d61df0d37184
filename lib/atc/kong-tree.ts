import type { Expr, Op, Value } from "./ast";
import { parseCidr, parseIpAddress, rustCidrDisplay, rustIpDisplay } from "./ip";

/**
 * Our tree in the JSON shape `@kong/atc-router`'s Parser.parse returns, so the two can be compared
 * with a deep equality: n-ary groups fold left into Kong's binary `And`/`Or` (Kong's `&&`/`||` are
 * left-associative), transformations are listed innermost first, regex operands become `Regex`.
 */
export type KongTree =
  | { Logical: { And: [KongTree, KongTree] } | { Or: [KongTree, KongTree] } | { Not: KongTree } }
  | { Predicate: { lhs: { var_name: string; transformations: string[] }; rhs: Record<string, string | number>; op: string } };

const KONG_OPS: Record<Op, string> = {
  "==": "Equals",
  "!=": "NotEquals",
  "~": "Regex",
  "^=": "Prefix",
  "=^": "Postfix",
  contains: "Contains",
  ">": "Greater",
  ">=": "GreaterOrEqual",
  "<": "Less",
  "<=": "LessOrEqual",
  in: "In",
  "not in": "NotIn",
};

function kongValue(v: Value, op: Op): Record<string, string | number> {
  switch (v.type) {
    case "string":
      return op === "~" ? { Regex: v.value } : { String: v.value };
    case "int":
      return { Int: v.value };
    case "ip": {
      // Kong shows addresses with Rust's Display (IPv4-mapped IPv6 as a dotted quad).
      const a = parseIpAddress(v.value);
      return { IpAddr: a ? rustIpDisplay(a) : v.value };
    }
    case "cidr": {
      // …and a full-length network (`/32`, `/128`) as a bare address.
      const n = parseCidr(v.value);
      return { IpCidr: n.ok ? rustCidrDisplay(n.network) : v.value };
    }
  }
}

export function toKongTree(expr: Expr): KongTree {
  switch (expr.kind) {
    case "predicate":
      return {
        Predicate: {
          lhs: {
            var_name: expr.lhs.field,
            transformations: [...expr.lhs.transforms].reverse().map((t) => (t === "lower" ? "Lower" : "Any")),
          },
          rhs: kongValue(expr.rhs, expr.op),
          op: KONG_OPS[expr.op],
        },
      };
    case "not":
      return { Logical: { Not: toKongTree(expr.expr) } };
    case "and":
    case "or": {
      const key = expr.kind === "and" ? "And" : "Or";
      const [first, ...rest] = expr.terms.map(toKongTree);
      return rest.reduce<KongTree>(
        (left, right) => ({ Logical: key === "And" ? { And: [left, right] } : { Or: [left, right] } }),
        first,
      );
    }
  }
}
