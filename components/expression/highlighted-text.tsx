import type { ReactNode } from "react";
import { styledRuns, TOKEN_CLASS } from "./token-style";

/**
 * An expression (or a fragment: a predicate, a value) as highlighted inline spans, without
 * CodeMirror — cheap enough for a list of a hundred routes and renderable on the server.
 */
export function HighlightedText({ text }: { text: string }) {
  const parts: ReactNode[] = [];
  let at = 0;
  for (const run of styledRuns(text)) {
    if (run.from > at) parts.push(text.slice(at, run.from));
    parts.push(
      <span key={run.from} className={TOKEN_CLASS[run.style]}>
        {text.slice(run.from, run.to)}
      </span>,
    );
    at = run.to;
  }
  if (at < text.length) parts.push(text.slice(at));
  return <>{parts}</>;
}
