/**
 * Which `http.path` value Kong's router records for a matching expression — the prefix it strips
 * with `strip_path` (kong/router/atc.lua `matching`: `c:get_result("http.path")`). Replays
 * atc-router's interpreter (src/interpreter.rs): `&&`/`||` short-circuit left to right, and every
 * successful `==`, `^=`, `=^` on the field records its literal, `~` the regex's whole match; nothing
 * is undone when a later term fails, so the last successful predicate evaluated wins. Predicate
 * truth comes from lib/atc's evaluator (tested against Kong's engine).
 */
import type { Expr } from "../../atc/ast";
import type { RequestContext } from "../../atc/context";
import { evaluate } from "../../atc/evaluate";

const RECORDING_OPS = new Set(["==", "^=", "=^", "~"]);

export function recordedPath(expr: Expr, ctx: RequestContext): { matched: boolean; path: string | null } {
  let recorded: string | null = null;
  const run = (e: Expr): boolean => {
    switch (e.kind) {
      case "and":
        return e.terms.every(run);
      case "or":
        return e.terms.some(run);
      case "not":
        return !run(e.expr);
      case "predicate": {
        const result = evaluate(e, ctx);
        if (result.matched && e.lhs.field === "http.path" && RECORDING_OPS.has(e.op) && e.rhs.type === "string") {
          recorded = e.op === "~" ? (result.captures?.["0"] ?? null) : e.rhs.value;
        }
        return result.matched;
      }
    }
  };
  const matched = run(expr);
  // Kong reads an empty recorded value as nil.
  return { matched, path: matched && recorded !== "" ? recorded : null };
}
