import { tokenize } from "@/lib/atc";
import { HighlightedText } from "./highlighted-text";

/**
 * A sentence whose `backticked` parts are code. Fragments that read as expression text are
 * highlighted; anything else (a raw header name like `X-Okapi-Tenant`) stays plain rather than
 * being flagged as an error.
 */
export function RichText({ text }: { text: string }) {
  return (
    <>
      {text.split("`").map((part, i) =>
        i % 2 === 1 ? (
          <code key={i} className="rounded bg-slate-100 px-1 py-px font-mono text-[0.92em] text-slate-800">
            {tokenize(part).some((t) => t.type === "error") ? part : <HighlightedText text={part} />}
          </code>
        ) : (
          part
        ),
      )}
    </>
  );
}
