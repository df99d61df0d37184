import { diffLines } from "diff";

export type DiffRowKind = "added" | "removed" | "same";

export interface DiffRow {
  line: string;
  kind: DiffRowKind;
}

/** A run of rows to show, or (folded) unchanged rows hidden behind "⋯ N unchanged lines". */
export interface DiffPiece {
  rows: DiffRow[];
  /** Index of the piece's first row among all rows: a stable key for it. */
  start: number;
  folded: boolean;
}

/** Unchanged lines kept on each side of a change. */
export const DIFF_CONTEXT = 3;

/** Two texts diffed line by line. */
export function diffRows(before: string, after: string): DiffRow[] {
  return diffLines(`${before}\n`, `${after}\n`).flatMap((part) =>
    part.value
      .replace(/\n$/, "")
      .split("\n")
      .map((line): DiffRow => ({ line, kind: part.added ? "added" : part.removed ? "removed" : "same" })),
  );
}

/**
 * The rows with every unchanged run folded except `context` lines next to a change: a 7-line change
 * inside a 70-line expression reads as the change. A fold always hides at least two lines (hiding
 * one behind a button saves nothing).
 */
export function foldRows(rows: readonly DiffRow[], context = DIFF_CONTEXT): DiffPiece[] {
  const pieces: DiffPiece[] = [];
  let i = 0;
  while (i < rows.length) {
    const start = i;
    const same = rows[i].kind === "same";
    while (i < rows.length && (rows[i].kind === "same") === same) i++;
    const run = rows.slice(start, i);
    if (!same) {
      pieces.push({ rows: run, start, folded: false });
      continue;
    }
    const keepBefore = start === 0 ? 0 : context;
    const keepAfter = i === rows.length ? 0 : context;
    if (run.length <= keepBefore + keepAfter + 1) {
      pieces.push({ rows: run, start, folded: false });
      continue;
    }
    if (keepBefore) pieces.push({ rows: run.slice(0, keepBefore), start, folded: false });
    pieces.push({ rows: run.slice(keepBefore, run.length - keepAfter), start: start + keepBefore, folded: true });
    if (keepAfter) pieces.push({ rows: run.slice(run.length - keepAfter), start: i - keepAfter, folded: false });
  }
  return pieces;
}
