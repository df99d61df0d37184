import clsx from "clsx";
import { print, printPretty, type Expr } from "@/lib/atc";
import { CopyButton } from "./copy-button";
import { HighlightedText } from "./highlighted-text";
import { parseExpression } from "./parse-cache";

export interface ExpressionViewProps {
  /** A tree, or text: text that parses is re-printed, text that doesn't is shown as written. */
  expression: string | Expr;
  /**
   * `pretty` (default): one predicate per line, indented; `canonical`: Kong-ready single line,
   * fully parenthesized; `source`: the text exactly as given (trees print canonically).
   */
  layout?: "pretty" | "canonical" | "source";
  /** Wrap long lines instead of scrolling sideways. */
  wrap?: boolean;
  /** Show a copy-to-clipboard button (default true). It copies exactly the text shown. */
  copyable?: boolean;
  /** Accessible name of the code block, e.g. "Expression of route tenant-capabilities". */
  label?: string;
  /** Limit the height (CSS length); the block scrolls beyond it. */
  maxHeight?: string;
  className?: string;
}

/** The text to display, and whether it is a faithful re-print of a valid expression. */
export function displayText(expression: string | Expr, layout: ExpressionViewProps["layout"] = "pretty"): { text: string; valid: boolean } {
  if (typeof expression !== "string") return { text: layout === "pretty" ? printPretty(expression) : print(expression), valid: true };
  const parsed = parseExpression(expression);
  if (!parsed.ok) return { text: expression, valid: false };
  if (layout === "source") return { text: expression, valid: true };
  return { text: layout === "pretty" ? printPretty(parsed.expr) : print(parsed.expr), valid: true };
}

/**
 * Read-only, syntax-highlighted expression. Not a client component itself (only its copy button
 * is), so server-rendered route lists pay for no editor.
 */
export function ExpressionView({ expression, layout = "pretty", wrap = false, copyable = true, label = "Expression", maxHeight, className }: ExpressionViewProps) {
  const { text, valid } = displayText(expression, layout);
  return (
    <figure className={clsx("group relative rounded-lg border border-slate-200 bg-slate-50/60", className)}>
      <pre
        aria-label={label}
        tabIndex={0}
        style={maxHeight ? { maxHeight } : undefined}
        className={clsx(
          "overflow-auto rounded-lg px-3.5 py-3 font-mono text-[12.5px] leading-relaxed text-slate-800 focus-visible:outline-2 focus-visible:outline-sky-600",
          wrap ? "whitespace-pre-wrap [overflow-wrap:anywhere]" : "whitespace-pre",
          copyable && "pr-20",
        )}
      >
        <code>{text === "" ? <span className="text-slate-400 italic">empty</span> : <HighlightedText text={text} />}</code>
      </pre>
      {!valid && text !== "" && (
        <figcaption className="border-t border-slate-200 px-3.5 py-1.5 text-xs text-amber-700">Doesn&rsquo;t parse — shown as written.</figcaption>
      )}
      {copyable && text !== "" && <CopyButton text={text} label="Copy" className="absolute top-2 right-2" />}
    </figure>
  );
}
