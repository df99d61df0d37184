import { fieldType, HTTP_FIELDS, type ParseError } from "@/lib/atc";

/** Field names to suggest from: the declared ones, wildcards as their prefix (`http.headers.`). */
const KNOWN = Object.keys(HTTP_FIELDS).map((f) => (f.endsWith(".*") ? f.slice(0, -1) : f));

function distance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    let diag = row[0];
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const up = row[j];
      row[j] = Math.min(row[j] + 1, row[j - 1] + 1, diag + (a[i - 1] === b[j - 1] ? 0 : 1));
      diag = up;
    }
  }
  return row[b.length];
}

/** The closest known field, keeping the user's suffix after a wildcard prefix (`http.hedaers.x` → `http.headers.x`). */
export function suggestField(field: string): string | undefined {
  let best: { name: string; score: number } | undefined;
  for (const known of KNOWN) {
    const wildcard = known.endsWith(".");
    const dots = known.split(".").length - 1;
    // Compare like with like: a wildcard prefix against as many leading segments of the field.
    const head = wildcard ? field.split(".").slice(0, dots).join(".") + "." : field;
    const score = distance(head, known);
    const name = wildcard ? known + field.split(".").slice(dots).join(".") : known;
    if (score <= Math.max(2, Math.floor(known.length / 4)) && (!best || score < best.score)) best = { name, score };
  }
  return best && best.name !== field && fieldType(best.name) ? best.name : undefined;
}

export interface ErrorAdvice {
  /** A sentence; `backticked` parts are expression text. */
  hint: string;
  /** A replacement that fixes the error (the misspelt field → the suggested one). */
  fix?: { from: number; to: number; insert: string };
}

/**
 * Kong's messages are terse ("Unknown LHS field"); name the field and, where it helps, the fix.
 * The message itself stays Kong's so the reader can still recognise what Kong would say.
 */
export function errorAdvice(error: ParseError, source: string): ErrorAdvice | undefined {
  const text = source.slice(error.span.start, error.span.end);
  // The span may cover `lower(…)` or a whole predicate: the field is the first word that isn't a transform.
  const match = [...text.matchAll(/[A-Za-z][A-Za-z0-9_.]*/g)].find((m) => m[0] !== "lower" && m[0] !== "any");
  if (!match) return undefined;
  const field = match[0];
  if (error.message === "Unknown LHS field") {
    const suggestion = suggestField(field);
    if (!suggestion) return { hint: `\`${field}\` isn't a field Kong knows.` };
    const from = error.span.start + (match.index ?? 0);
    return { hint: `\`${field}\` isn't a field Kong knows — did you mean \`${suggestion}\`?`, fix: { from, to: from + field.length, insert: suggestion } };
  }
  if (error.code === "type") {
    const type = fieldType(field);
    if (!type) return undefined;
    return { hint: `\`${field}\` is ${type === "Int" ? "an" : "a"} ${type}${type === "IpAddr" ? " (compare it with an IP, or `in` a CIDR)" : ""}.` };
  }
  return undefined;
}
