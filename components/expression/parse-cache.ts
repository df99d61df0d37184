import { parse, type ParseResult } from "@/lib/atc";

const cache = new Map<string, ParseResult>();

/**
 * `parse` with a small memo: the linter, the editor's change handler and the views parse the same
 * text within milliseconds of each other. Kept apart from the CodeMirror mode so read-only views
 * don't pull the editor into their bundle.
 */
export function parseExpression(text: string): ParseResult {
  const hit = cache.get(text);
  if (hit) return hit;
  const result = parse(text);
  if (cache.size >= 16) cache.delete(cache.keys().next().value as string);
  cache.set(text, result);
  return result;
}
