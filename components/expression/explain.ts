import { evaluate, fieldValues, printLhs, type Expr, type FailedAt, type Predicate, type RequestContext } from "@/lib/atc";

export type TraceStatus = "pass" | "fail" | "skipped";

export interface TraceNode {
  expr: Expr;
  path: number[];
  /** `skipped`: Kong never looked at it, an earlier term already decided its group. */
  status: TraceStatus;
  /** Predicates only: the field's values as Kong sees them. */
  actual?: string[];
  children: TraceNode[];
}

/**
 * The evaluation as Kong walks it: `&&` stops at its first failing term, `||` at its first
 * passing one. Terms after that are marked skipped, so the tree shows what decided the answer
 * rather than a verdict for every predicate in isolation.
 */
export function traceEvaluation(expr: Expr, ctx: RequestContext, path: number[] = [], skipped = false): TraceNode {
  const status: TraceStatus = skipped ? "skipped" : evaluate(expr, ctx).matched ? "pass" : "fail";
  switch (expr.kind) {
    case "predicate":
      return { expr, path, status, actual: fieldValues(ctx, expr.lhs.field).map(String), children: [] };
    case "not":
      return { expr, path, status, children: [traceEvaluation(expr.expr, ctx, [...path, 0], skipped)] };
    case "and":
    case "or": {
      let decided = skipped;
      const children = expr.terms.map((term, i) => {
        const node = traceEvaluation(term, ctx, [...path, i], decided);
        if (!decided && node.status === (expr.kind === "and" ? "fail" : "pass")) decided = true;
        return node;
      });
      return { expr, path, status, children };
    }
  }
}

export function nodeAt(expr: Expr, path: number[]): Expr | undefined {
  let node: Expr | undefined = expr;
  for (const i of path) {
    if (!node) return undefined;
    node = node.kind === "not" ? node.expr : node.kind === "predicate" ? undefined : node.terms[i];
  }
  return node;
}

const quoteValue = (v: string): string => JSON.stringify(v);

const FAILED_VERB: Record<string, string> = {
  "==": "is not",
  "!=": "is exactly",
  "^=": "doesn't start with",
  "=^": "doesn't end with",
  contains: "doesn't contain",
  "~": "doesn't match the regex",
  ">": "isn't greater than",
  ">=": "is less than",
  "<": "isn't less than",
  "<=": "is greater than",
  in: "isn't inside",
  "not in": "is inside",
};

/** Sentences saying why the failing predicate failed, in Kong's terms. */
export function explainFailure(expr: Expr, failedAt: FailedAt): string[] {
  const node = nodeAt(expr, failedAt.path);
  const parent = failedAt.path.length > 0 ? nodeAt(expr, failedAt.path.slice(0, -1)) : undefined;
  const reasons: string[] = [];
  if (node?.kind === "not") {
    reasons.push("Everything inside `!( … )` matched, so the negation is false.");
  } else if (node?.kind === "predicate") {
    reasons.push(...predicateReasons(node, failedAt.actual));
  }
  if (parent?.kind === "or") {
    reasons.push(`None of the ${parent.terms.length} alternatives of its \`||\` group matched either; this is the first of them.`);
  }
  return reasons;
}

function predicateReasons(p: Predicate, actual: string[]): string[] {
  const lhs = printLhs(p.lhs);
  const field = p.lhs.field;
  if (actual.length === 0) {
    return [`The request gives \`${field}\` no value. Kong treats a predicate on a missing field as false for every operator, \`!=\` included.`];
  }
  const lowered = p.lhs.transforms.includes("lower");
  const any = p.lhs.transforms.includes("any");
  const expected = p.rhs.type === "string" ? quoteValue(p.rhs.value) : String(p.rhs.value);
  const shown = (v: string): string => (lowered && v.toLowerCase() !== v ? `${quoteValue(v)} (lowered: ${quoteValue(v.toLowerCase())})` : quoteValue(v));
  const verb = FAILED_VERB[p.op] ?? `fails ${p.op}`;
  if (actual.length === 1) return [`\`${lhs}\` is ${shown(actual[0])}, which ${verb} ${expected}.`];
  return [
    any
      ? `None of the ${actual.length} values of \`${field}\` (${actual.map(shown).join(", ")}) passes \`${p.op} ${expected}\`.`
      : `\`${field}\` has ${actual.length} values (${actual.map(shown).join(", ")}); without \`any()\` every one of them must pass \`${p.op} ${expected}\`.`,
  ];
}
