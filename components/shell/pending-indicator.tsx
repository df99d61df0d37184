"use client";

import Link from "next/link";
import { cn, focusRing } from "@/components/ui/cn";
import { pendingSentence, usePending } from "@/lib/query/overview";

/**
 * "2 zones have unpublished changes · Review", on every page: an edit is saved at once but reaches
 * Kong only when its zone is published, and nothing else would say so once the toast is gone.
 * Nothing is shown while every zone matches its last publish (or the check failed: it is a hint,
 * and the publish page says the same with certainty).
 */
export function PendingIndicator({ compact = false }: { compact?: boolean }) {
  const pending = usePending();
  const zones = pending.data?.zones ?? [];
  if (zones.length === 0) return null;
  const href = zones.length === 1 ? `/publish/zones/${encodeURIComponent(zones[0].zone)}` : "/publish";
  const names = zones.map((z) => `${z.zone} (${z.routes} route${z.routes === 1 ? "" : "s"})`).join(", ");
  return (
    <Link
      href={href}
      prefetch={false}
      title={`Differ from Kong: ${names}`}
      data-testid={compact ? "pending-indicator-compact" : "pending-indicator"}
      className={cn(
        "flex items-center gap-2 rounded-md bg-amber-50 text-amber-900 ring-1 ring-inset ring-amber-600/25 hover:bg-amber-100",
        compact ? "ml-auto px-2 py-1 text-xs" : "mx-3 mt-3 px-2.5 py-2 text-[12.5px] leading-snug",
        focusRing,
      )}
    >
      <span aria-hidden="true" className="size-2 shrink-0 rounded-full bg-amber-500" />
      {compact ? (
        <span>
          {zones.length} unpublished · <span className="font-medium underline">Review</span>
        </span>
      ) : (
        <span>
          {pendingSentence(zones)} · <span className="font-medium underline">Review</span>
        </span>
      )}
    </Link>
  );
}
