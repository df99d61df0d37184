"use client";

import { Breadcrumb } from "@/components/shell/breadcrumb";
import { DownloadIcon } from "@/components/shell/icons";
import { Badge } from "@/components/ui/badge";
import { buttonClass } from "@/components/ui/button";
import { PageHeader } from "@/components/ui/page-header";
import { Skeleton } from "@/components/ui/skeleton";
import { roverExportUrl, useRover } from "@/lib/query/rovers";
import { DeleteRoverButton } from "./delete-rover-button";
import { FailoverBadge } from "./rover-badges";

/** The header reads the same cached rover as the form below it: one request, two consumers. */
export function RoverHeader({ id }: { id: string }) {
  const rover = useRover(id);
  const r = rover.data;
  const label = r ? `${r.name} ${r.version} in ${r.zone}` : "";
  return (
    <PageHeader
      eyebrow={<Breadcrumb href="/rovers" label="Rovers" />}
      title={
        r ? (
          <span className="flex flex-wrap items-center gap-3">
            <span className="font-mono">
              {r.name} <span className="text-slate-400">{r.version}</span>
            </span>
            <Badge tone="neutral">zone {r.zone}</Badge>
            <FailoverBadge enabled={r.failoverEnabled} />
          </span>
        ) : (
          <Skeleton className="h-7 w-64" />
        )
      }
      actions={
        r ? (
          <>
            <a href={roverExportUrl(r.id)} download className={buttonClass("secondary")}>
              <DownloadIcon />
              Export YAML
            </a>
            <DeleteRoverButton id={r.id} label={label} redirectTo="/rovers" />
          </>
        ) : null
      }
    />
  );
}
