/**
 * What an audit event changed, field by field: both sides flattened to dotted paths
 * (`exposures.0.upstreams.1.url`), so a one-field edit of a large rover reads as one row.
 */
export interface FieldChange {
  path: string;
  kind: "added" | "removed" | "changed";
  before?: unknown;
  after?: unknown;
}

/** Bookkeeping every save moves; shown only when nothing else changed. */
const NOISE = new Set(["updatedAt", "revision"]);

function flatten(value: unknown, prefix: string, out: Map<string, unknown>): Map<string, unknown> {
  const isLeafArray = Array.isArray(value) && value.every((v) => v === null || typeof v !== "object");
  if (value !== null && typeof value === "object" && !isLeafArray) {
    const entries = Array.isArray(value)
      ? value.map((v, i) => [String(i), v] as const)
      : Object.entries(value);
    if (entries.length === 0 && prefix) out.set(prefix, value);
    for (const [k, v] of entries) flatten(v, prefix ? `${prefix}.${k}` : k, out);
  } else if (prefix) {
    out.set(prefix, value);
  }
  return out;
}

const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

export function fieldChanges(before: unknown, after: unknown): FieldChange[] {
  const b = flatten(before ?? {}, "", new Map());
  const a = flatten(after ?? {}, "", new Map());
  const paths = [...new Set([...b.keys(), ...a.keys()])];
  const changes: FieldChange[] = [];
  for (const path of paths) {
    const inBefore = b.has(path);
    const inAfter = a.has(path);
    if (inBefore && inAfter && same(b.get(path), a.get(path))) continue;
    changes.push({
      path,
      kind: !inBefore ? "added" : !inAfter ? "removed" : "changed",
      ...(inBefore ? { before: b.get(path) } : {}),
      ...(inAfter ? { after: a.get(path) } : {}),
    });
  }
  const meaningful = changes.filter((c) => !NOISE.has(c.path.split(".").pop()!));
  return meaningful.length ? meaningful : changes;
}

export function formatValue(value: unknown): string {
  if (value === undefined) return "";
  if (typeof value === "string") return value;
  return JSON.stringify(value);
}
