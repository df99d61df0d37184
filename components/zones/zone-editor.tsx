"use client";

import { Alert } from "@/components/ui/alert";
import { ButtonLink } from "@/components/ui/button";
import { Skeleton } from "@/components/ui/skeleton";
import { useZone } from "@/lib/query/zones";
import { ZoneForm } from "./zone-form";

export function ZoneEditor({ name }: { name: string }) {
  const zone = useZone(name);
  if (zone.isPending)
    return (
      <div role="status" aria-label="Loading zone" className="space-y-4">
        <Skeleton className="h-40 w-full" />
        <Skeleton className="h-28 w-full" />
      </div>
    );
  if (zone.isError) return <Alert title={`Zone ${name} couldn't be loaded`}>{zone.error.message}</Alert>;
  return (
    <>
      <div className="mb-4 flex items-center justify-end gap-3 text-[13px] text-slate-500">
        <span>Changes reach this zone&apos;s Kong when it is published.</span>
        <ButtonLink href={`/publish/zones/${encodeURIComponent(name)}`} size="sm">
          Preview &amp; publish
        </ButtonLink>
      </div>
      <ZoneForm zone={zone.data} onReload={async () => (await zone.refetch()).data} />
    </>
  );
}
