"use client";

import clsx from "clsx";
import { useEffect, useState } from "react";

/** Copies `text` (or the result of `getText`, read at click time) and confirms for a moment. */
export function CopyButton({
  text,
  getText,
  label = "Copy",
  copiedLabel = "Copied",
  className,
}: {
  text?: string;
  getText?: () => string;
  /** Visible label; also the accessible name. */
  label?: string;
  copiedLabel?: string;
  className?: string;
}) {
  const [state, setState] = useState<"idle" | "copied" | "failed">("idle");
  useEffect(() => {
    if (state === "idle") return;
    const timer = setTimeout(() => setState("idle"), 1600);
    return () => clearTimeout(timer);
  }, [state]);

  const copy = async (): Promise<void> => {
    try {
      await navigator.clipboard.writeText(getText ? getText() : (text ?? ""));
      setState("copied");
    } catch {
      // Clipboard access is refused on insecure origins and in some embedded browsers.
      setState("failed");
    }
  };

  return (
    <button
      type="button"
      onClick={copy}
      className={clsx(
        "inline-flex h-7 items-center gap-1 rounded-md border border-slate-200 bg-white/90 px-2 text-xs font-medium text-slate-600 shadow-xs backdrop-blur-sm transition-colors hover:bg-slate-50 hover:text-slate-900 focus-visible:outline-2 focus-visible:outline-offset-1 focus-visible:outline-sky-600",
        className,
      )}
    >
      <svg viewBox="0 0 16 16" aria-hidden="true" className="size-3.5" fill="none" stroke="currentColor" strokeWidth="1.5">
        {state === "copied" ? (
          <path d="M3.5 8.5l3 3 6-7" strokeLinecap="round" strokeLinejoin="round" />
        ) : (
          <>
            <rect x="5.5" y="5.5" width="8" height="8" rx="1.5" />
            <path d="M10.5 3.5v-.5a1 1 0 0 0-1-1h-6a1 1 0 0 0-1 1v6a1 1 0 0 0 1 1h.5" />
          </>
        )}
      </svg>
      <span aria-live="polite">{state === "copied" ? copiedLabel : state === "failed" ? "Copy failed" : label}</span>
    </button>
  );
}
