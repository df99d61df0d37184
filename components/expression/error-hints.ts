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

const fieldIn = (text: string): string | undefined => text.match(/[A-Za-z][A-Za-z0-9_.]*/g)?.find((w) => w !== "lower" && w !== "any");

/**
 * Kong's messages are terse ("Unknown LHS field"); name the field and, where it helps, the fix.
 * The code stays Kong's so the reader can still recognise what Kong would say.
 */
export function errorHint(error: ParseError, source: string): string | undefined {
  const text = source.slice(error.span.start, error.span.end);
  const field = fieldIn(text);
  if (!field) return undefined;
  if (error.message === "Unknown LHS field") {
    const suggestion = suggestField(field);
    return suggestion ? `\`${field}\` isn't a field Kong knows — did you mean \`${suggestion}\`?` : `\`${field}\` isn't a field Kong knows.`;
  }
  if (error.code === "type") {
    const type = fieldType(field);
    return type ? `\`${field}\` is ${type === "Int" ? "an" : "a"} ${type}${type === "IpAddr" ? " (compare with an IP, or `in` a CIDR)" : ""}.` : undefined;
  }
  return undefined;
}
