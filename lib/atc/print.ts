import type { Expr, Lhs, Predicate, Value } from "./ast";

/**
 * Canonical text of an expression: every `&&`/`||` group in its own parentheses, because in
 * Kong's language `||` binds tighter than `&&` (atc-router ≥ 1.2) and no reader should have to
 * remember that. The same tree always prints to the same bytes.
 */
export function print(expr: Expr): string {
  switch (expr.kind) {
    case "predicate":
      return printPredicate(expr);
    case "not":
      return `!(${printInner(expr.expr)})`;
    case "and":
    case "or":
      return `(${expr.terms.map(print).join(expr.kind === "and" ? " && " : " || ")})`;
  }
}

/** The text inside `!( … )`: a group's own parentheses would be redundant there. */
function printInner(expr: Expr): string {
  return expr.kind === "and" || expr.kind === "or"
    ? expr.terms.map(print).join(expr.kind === "and" ? " && " : " || ")
    : print(expr);
}

/** The same canonical text over several lines, one predicate or operator per line. */
export function printPretty(expr: Expr, indent = "  "): string {
  const lines: string[] = [];
  const walk = (e: Expr, depth: number, prefix: string): void => {
    const pad = indent.repeat(depth);
    if (e.kind === "predicate") {
      lines.push(`${pad}${prefix}${printPredicate(e)}`);
      return;
    }
    if (e.kind === "not") {
      lines.push(`${pad}${prefix}!(`);
      walk(e.expr, depth + 1, "");
      lines.push(`${pad})`);
      return;
    }
    const op = e.kind === "and" ? "&& " : "|| ";
    lines.push(`${pad}${prefix}(`);
    e.terms.forEach((t, i) => walk(t, depth + 1, i === 0 ? "" : op));
    lines.push(`${pad})`);
  };
  walk(expr, 0, "");
  return lines.join("\n");
}

export function printPredicate(p: Predicate): string {
  return `${printLhs(p.lhs)} ${p.op} ${printValue(p.rhs, p.op === "~")}`;
}

export function printLhs(lhs: Lhs): string {
  return lhs.transforms.reduceRight((inner, t) => `${t}(${inner})`, lhs.field);
}

export function printValue(v: Value, regex = false): string {
  switch (v.type) {
    case "string":
      // Raw strings keep regexes readable; Kong's raw string cannot contain `"#`.
      return regex && !v.value.includes('"#') ? `r#"${v.value}"#` : quote(v.value);
    case "int":
      return String(v.value);
    case "ip":
    case "cidr":
      return v.value;
  }
}

const ESCAPES: Record<string, string> = { '"': '\\"', "\\": "\\\\", "\n": "\\n", "\r": "\\r", "\t": "\\t" };

/** A double-quoted string literal with Kong's escapes (`\" \\ \n \r \t`). */
export function quote(s: string): string {
  return `"${s.replace(/["\\\n\r\t]/g, (c) => ESCAPES[c])}"`;
}
