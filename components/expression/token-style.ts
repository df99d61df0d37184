import { tokenize, type TokenType } from "@/lib/atc";

/**
 * One palette for every place an expression is shown: the read-only viewer renders these classes
 * on `<span>`s, the CodeMirror mode puts the same classes on its decorations. Keeping them literal
 * strings here lets Tailwind see them.
 */
export type TokenStyle = TokenType | "logical" | "escape";

export const TOKEN_CLASS: Readonly<Record<TokenStyle, string>> = {
  field: "text-sky-800",
  operator: "text-violet-700",
  logical: "font-semibold text-slate-500",
  string: "text-emerald-700",
  escape: "font-semibold text-emerald-900",
  regex: "text-amber-700",
  number: "text-orange-700",
  ip: "text-teal-700",
  keyword: "italic text-indigo-600",
  punct: "text-slate-400",
  error: "text-rose-700 underline decoration-rose-400 decoration-wavy underline-offset-4",
};

export interface StyledRun {
  /** UTF-16 offsets into the text, end exclusive. */
  from: number;
  to: number;
  style: TokenStyle;
}

const LOGICAL = new Set(["&&", "||", "!"]);

/**
 * Styled runs for a text, in order and non-overlapping. `&& || !` get their own style because they
 * structure the expression rather than compare values; escapes inside double-quoted strings are
 * split out so `\"` doesn't read as the end of the string. Raw strings `r#"…"#` have no escapes.
 */
export function styledRuns(text: string): StyledRun[] {
  const runs: StyledRun[] = [];
  for (const token of tokenize(text)) {
    const slice = text.slice(token.start, token.end);
    if (token.type === "operator" && LOGICAL.has(slice)) {
      runs.push({ from: token.start, to: token.end, style: "logical" });
      continue;
    }
    if ((token.type === "string" || token.type === "regex") && slice.startsWith('"')) {
      let at = token.start;
      for (const m of slice.matchAll(/\\./g)) {
        const from = token.start + (m.index ?? 0);
        if (from > at) runs.push({ from: at, to: from, style: token.type });
        runs.push({ from, to: from + 2, style: "escape" });
        at = from + 2;
      }
      if (at < token.end) runs.push({ from: at, to: token.end, style: token.type });
      continue;
    }
    runs.push({ from: token.start, to: token.end, style: token.type });
  }
  return runs;
}
