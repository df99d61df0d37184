"use client";

import Link from "next/link";
import { focusRing } from "@/components/ui/cn";
import { Mono } from "@/components/ui/table";
import { useRefusals } from "@/lib/query/overview";

/**
 * Under a saved subscription that the compiler refuses: "approved" in the form, yet no route serves
 * it. Says why and which exposure it targets, so it is fixed where it was made.
 */
export function SubscriptionRefusalNote({ roverId, basePath }: { roverId: string; basePath: string }) {
  const refusals = useRefusals(roverId);
  const mine = (refusals.data ?? []).filter((r) => r.basePath === basePath);
  if (mine.length === 0) return null;
  return (
    <div role="note" aria-label={`Subscription ${basePath} refused`} className="mt-1.5 space-y-1 rounded-md bg-red-50 px-2.5 py-1.5 text-[12.5px] text-red-800 ring-1 ring-inset ring-red-600/20">
      {mine.map((r) => (
        <p key={r.provider.id}>
          <span className="font-medium">Refused:</span> {r.reason} Targets <Mono className="text-red-900">{r.basePath}</Mono> of{" "}
          <Link href={`/rovers/${r.provider.id}`} className={`rounded font-medium text-indigo-700 underline hover:text-indigo-500 ${focusRing}`}>
            {r.provider.name} {r.provider.version} in {r.provider.zone}
          </Link>
          .
        </p>
      ))}
    </div>
  );
}
