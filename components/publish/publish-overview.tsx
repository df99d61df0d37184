"use client";

import Link from "next/link";
import { PublishIcon } from "@/components/shell/icons";
import { Alert } from "@/components/ui/alert";
import { ButtonLink } from "@/components/ui/button";
import { focusRing } from "@/components/ui/cn";
import { EmptyState } from "@/components/ui/empty-state";
import { Skeleton, TableSkeleton } from "@/components/ui/skeleton";
import { Mono, Table, TBody, TD, TH, THead, TR } from "@/components/ui/table";
import { useLastPublish } from "@/lib/query/publish";
import { useZones } from "@/lib/query/zones";
import { DriftBadge } from "./drift-view";
import { formatWhen, PlanCounts, PublishStatusBadge } from "./publish-badges";

/** Every zone with its last publish and whether its Kong still matches it. */
export function PublishOverview() {
  const zones = useZones();
  if (zones.isPending) return <TableSkeleton columns={5} label="Loading zones" />;
  if (zones.isError) return <Alert title="Zones couldn't be loaded">{zones.error.message}</Alert>;
  if (zones.data.items.length === 0)
    return (
      <EmptyState
        icon={<PublishIcon className="size-5" />}
        title="No zones to publish"
        description="Add a zone with its Kong admin URL first; its routes can then be previewed and published here."
        action={
          <ButtonLink href="/zones/new" variant="primary">
            New zone
          </ButtonLink>
        }
      />
    );
  return (
    <Table label="Zones to publish">
      <THead>
        <tr>
          <TH>Zone</TH>
          <TH>Kong admin URL</TH>
          <TH>Last publish</TH>
          <TH>Drift</TH>
          <TH>
            <span className="sr-only">Actions</span>
          </TH>
        </tr>
      </THead>
      <TBody>
        {zones.data.items.map((zone) => (
          <TR key={zone.name}>
            <TD>
              <Link
                href={`/publish/zones/${zone.name}`}
                className={`rounded font-medium text-slate-900 hover:text-indigo-600 ${focusRing}`}
              >
                {zone.name}
              </Link>
            </TD>
            <TD className="max-w-72 truncate">
              <Mono title={zone.kongAdminUrl}>{zone.kongAdminUrl}</Mono>
            </TD>
            <TD>
              <LastPublish zone={zone.name} />
            </TD>
            <TD>
              <DriftBadge zone={zone.name} />
            </TD>
            <TD className="w-44 text-right">
              <ButtonLink
                href={`/publish/zones/${zone.name}`}
                size="sm"
                variant="secondary"
                aria-label={`Review and publish ${zone.name}`}
              >
                Review &amp; publish
              </ButtonLink>
            </TD>
          </TR>
        ))}
      </TBody>
    </Table>
  );
}

function LastPublish({ zone }: { zone: string }) {
  const last = useLastPublish(zone);
  if (last.isPending) return <Skeleton className="h-5 w-40" />;
  if (last.isError || !last.data) return <span className="text-xs text-slate-400">never published</span>;
  const p = last.data;
  return (
    <Link
      href={`/publish/history/${p.id}`}
      className={`flex items-center gap-2 rounded text-xs ${focusRing}`}
    >
      <PublishStatusBadge status={p.status} />
      <span className="text-slate-600">{formatWhen(p.finishedAt ?? p.createdAt)}</span>
      <PlanCounts summary={p.summary} className="text-slate-500" />
    </Link>
  );
}
