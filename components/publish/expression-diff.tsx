"use client";

import { useState, type ReactNode } from "react";
import { displayText } from "@/components/expression/expression-view";
import { HighlightedText } from "@/components/expression/highlighted-text";
import { Mono } from "@/components/ui/table";
import { cn, focusRing } from "@/components/ui/cn";
import { diffRows, foldRows, type DiffRow } from "@/lib/format/line-diff";
import { tenantSetPredicate } from "@/lib/compiler/tenant-set";

/**
 * Two texts diffed line by line: removed lines red, added green, unchanged runs away from a change
 * folded to "⋯ 12 unchanged lines" (each expandable), so a 7-line change in a 70-line expression
 * reads as the change.
 */
export function LineDiff({
  before,
  after,
  label,
  render = (line) => line,
}: {
  before: string;
  after: string;
  label: string;
  render?: (line: string) => ReactNode;
}) {
  const rows = diffRows(before, after);
  const [opened, setOpened] = useState<ReadonlySet<number>>(new Set());
  const pieces = foldRows(rows);
  return (
    <pre
      aria-label={label}
      tabIndex={0}
      className="overflow-auto rounded-md border border-slate-200 bg-white py-2 font-mono text-[12px] leading-relaxed text-slate-800"
    >
      <code>
        {pieces.map((piece) =>
          piece.folded && !opened.has(piece.start) ? (
            <button
              key={`fold-${piece.start}`}
              type="button"
              onClick={() => setOpened((o) => new Set([...o, piece.start]))}
              className={cn("block w-full bg-slate-50 px-3 text-left text-[11.5px] text-slate-500 hover:bg-slate-100 hover:text-indigo-700", focusRing)}
            >
              ⋯ {piece.rows.length} unchanged line{piece.rows.length === 1 ? "" : "s"} · show
            </button>
          ) : (
            piece.rows.map((row, j) => <DiffLine key={piece.start + j} row={row} render={render} />)
          ),
        )}
      </code>
    </pre>
  );
}

function DiffLine({ row, render }: { row: DiffRow; render: (line: string) => ReactNode }) {
  return (
    <div className={cn("flex px-3", row.kind === "added" && "bg-emerald-50", row.kind === "removed" && "bg-red-50")}>
      <span
        aria-hidden="true"
        className={cn(
          "w-4 shrink-0 select-none",
          row.kind === "added" ? "text-emerald-600" : row.kind === "removed" ? "text-red-600" : "text-slate-300",
        )}
      >
        {row.kind === "added" ? "+" : row.kind === "removed" ? "−" : " "}
      </span>
      <span className="sr-only">{row.kind === "added" ? "added: " : row.kind === "removed" ? "removed: " : ""}</span>
      <span className="whitespace-pre">{render(row.line)}</span>
    </div>
  );
}

/**
 * An expression before and after, pretty-printed one predicate per line (the canonical one-line
 * text would be a single changed line) and diffed line by line. A tenant set written as one regex
 * (more than a few tenants) is listed one tenant per line, so a tenant granted shows as exactly one
 * added line either way; the exact texts Kong receives are one click away.
 */
export function ExpressionDiff({ before, after, label }: { before: string; after: string; label: string }) {
  return (
    <div className="space-y-1">
      <LineDiff
        before={readableTenantSets(displayText(before).text)}
        after={readableTenantSets(displayText(after).text)}
        label={label}
        render={(line) => <HighlightedText text={line} />}
      />
      {before.includes('~ r#"^') || after.includes('~ r#"^') ? (
        <details className="text-[12px] text-slate-600">
          <summary className={cn("cursor-pointer rounded", focusRing)}>Exact expressions sent to Kong</summary>
          <LineDiff before={before} after={after} label={`${label} (exact)`} render={(line) => <HighlightedText text={line} />} />
        </details>
      ) : null}
    </div>
  );
}

/** `field ~ r#"^(?:a|b)$"#` lines as `field in tenant set (2):` and one line per tenant. */
function readableTenantSets(text: string): string {
  return text
    .split("\n")
    .flatMap((line) => {
      const set = tenantSetPredicate(line);
      if (!set) return [line];
      const indent = /^\s*/.exec(line)![0];
      return [`${set.lead}${set.field} in tenant set (${set.names.length}):${set.tail}`, ...set.names.map((n) => `${indent}    ${n}`)];
    })
    .join("\n");
}

const INLINE_LIMIT = 80;
const json = (value: unknown) => (value === undefined ? "—" : JSON.stringify(value));

/**
 * A changed field of a Kong entity, whole: short scalars inline (`80 → 100`), anything longer or
 * structured (a plugin's config, a list of issuers) as an indented JSON diff — never cut off.
 */
export function ValueChange({
  field,
  before,
  after,
  beforeLabel = "before",
  afterLabel = "after",
}: {
  field: string;
  before: unknown;
  after: unknown;
  beforeLabel?: string;
  afterLabel?: string;
}) {
  const a = json(before);
  const b = json(after);
  const structured = (v: unknown) => typeof v === "object" && v !== null;
  if (!structured(before) && !structured(after) && a.length + b.length <= INLINE_LIMIT)
    return (
      <span className="[overflow-wrap:anywhere]">
        <Mono className="text-red-700" title={beforeLabel}>
          {a}
        </Mono>{" "}
        →{" "}
        <Mono className="text-emerald-700" title={afterLabel}>
          {b}
        </Mono>
      </span>
    );
  const pretty = (v: unknown) => (v === undefined ? "" : JSON.stringify(v, null, 2));
  return <LineDiff before={pretty(before)} after={pretty(after)} label={`${field}: ${beforeLabel} and ${afterLabel}`} />;
}
