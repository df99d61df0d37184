import { describe, expect, it } from "vitest";
import { diffRows, foldRows } from "./line-diff";

const lines = (n: number, prefix = "line") => Array.from({ length: n }, (_, i) => `${prefix} ${i + 1}`);

describe("foldRows", () => {
  it("keeps three lines around a change in a long text and folds the rest", () => {
    const before = lines(70);
    const after = [...before];
    after.splice(30, 0, "added A", "added B");
    const pieces = foldRows(diffRows(before.join("\n"), after.join("\n")));
    const shown = pieces.filter((p) => !p.folded).flatMap((p) => p.rows);
    expect(shown.map((r) => r.line)).toEqual(["line 28", "line 29", "line 30", "added A", "added B", "line 31", "line 32", "line 33"]);
    expect(pieces.filter((p) => p.folded).map((p) => p.rows.length)).toEqual([27, 37]);
    // Folding loses nothing: every row is in exactly one piece, in order.
    expect(pieces.flatMap((p) => p.rows).map((r) => r.line)).toEqual(diffRows(before.join("\n"), after.join("\n")).map((r) => r.line));
  });

  it("never folds a gap between two changes that context would show almost whole", () => {
    const before = lines(12);
    const after = before.map((l, i) => (i === 2 || i === 10 ? `${l} changed` : l));
    const pieces = foldRows(diffRows(before.join("\n"), after.join("\n")));
    // Seven unchanged lines between the changes: 3 + 3 kept, one more is not worth a fold.
    expect(pieces.some((p) => p.folded)).toBe(false);
  });

  it("folds nothing when nothing changed around, and a text without changes folds whole", () => {
    expect(foldRows(diffRows("a\nb", "a\nc")).some((p) => p.folded)).toBe(false);
    const same = foldRows(diffRows(lines(10).join("\n"), lines(10).join("\n")));
    expect(same).toEqual([{ rows: expect.any(Array), start: 0, folded: true }]);
  });
});
