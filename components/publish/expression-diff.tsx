import { diffLines } from "diff";
import { displayText } from "@/components/expression/expression-view";
import { HighlightedText } from "@/components/expression/highlighted-text";
import { cn } from "@/components/ui/cn";

/**
 * An expression before and after, pretty-printed one predicate per line (the canonical one-line
 * text would be a single changed line) and diffed line by line: removed lines red, added green.
 * A tenant granted shows as exactly one added `http.headers.x_okapi_tenant == "…"` line.
 */
export function ExpressionDiff({ before, after, label }: { before: string; after: string; label: string }) {
  const parts = diffLines(displayText(before).text + "\n", displayText(after).text + "\n");
  const rows = parts.flatMap((part) =>
    part.value
      .replace(/\n$/, "")
      .split("\n")
      .map((line) => ({ line, kind: part.added ? "added" : part.removed ? "removed" : "same" }) as const),
  );
  return (
    <pre
      aria-label={label}
      tabIndex={0}
      className="overflow-auto rounded-md border border-slate-200 bg-white py-2 font-mono text-[12px] leading-relaxed text-slate-800"
    >
      <code>
        {rows.map((row, i) => (
          <div
            key={i}
            className={cn(
              "flex px-3",
              row.kind === "added" && "bg-emerald-50",
              row.kind === "removed" && "bg-red-50",
            )}
          >
            <span
              aria-hidden="true"
              className={cn(
                "w-4 shrink-0 select-none",
                row.kind === "added"
                  ? "text-emerald-600"
                  : row.kind === "removed"
                    ? "text-red-600"
                    : "text-slate-300",
              )}
            >
              {row.kind === "added" ? "+" : row.kind === "removed" ? "−" : " "}
            </span>
            <span className="sr-only">
              {row.kind === "added" ? "added: " : row.kind === "removed" ? "removed: " : ""}
            </span>
            <span className={cn("whitespace-pre")}>
              <HighlightedText text={row.line} />
            </span>
          </div>
        ))}
      </code>
    </pre>
  );
}
