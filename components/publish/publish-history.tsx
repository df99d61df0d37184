"use client";

import Link from "next/link";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { ListFooter } from "@/components/common/list-footer";
import { PublishIcon } from "@/components/shell/icons";
import { Alert } from "@/components/ui/alert";
import { focusRing } from "@/components/ui/cn";
import { DateTime } from "@/components/ui/date-time";
import { EmptyState } from "@/components/ui/empty-state";
import { Select } from "@/components/ui/input";
import { TableSkeleton } from "@/components/ui/skeleton";
import { Mono, Table, TBody, TD, TH, THead, TR } from "@/components/ui/table";
import { usePublishes } from "@/lib/query/publish";
import { useZones } from "@/lib/query/zones";
import { formatDuration, PlanCounts, PublishStatusBadge, ResumedNote } from "./publish-badges";

const LIMIT = 50;

/** Every real publish, newest first, filterable by zone (kept in the URL). */
export function PublishHistory({ zone }: { zone: string | null }) {
  const router = useRouter();
  const [offset, setOffset] = useState(0);
  const zones = useZones();
  const history = usePublishes({ zone: zone ?? undefined, limit: LIMIT, offset });
  return (
    <div>
      <div className="mb-4 flex items-center gap-3">
        <label htmlFor="history-zone" className="text-[13px] font-medium text-slate-700">
          Zone
        </label>
        <div className="w-56">
          <Select
            id="history-zone"
            value={zone ?? ""}
            onChange={(e) => {
              setOffset(0);
              router.replace(
                e.target.value
                  ? `/publish/history?zone=${encodeURIComponent(e.target.value)}`
                  : "/publish/history",
              );
            }}
          >
            <option value="">All zones</option>
            {zones.data?.items.map((z) => (
              <option key={z.name} value={z.name}>
                {z.name}
              </option>
            ))}
          </Select>
        </div>
      </div>
      {history.isPending ? (
        <TableSkeleton columns={7} label="Loading publishes" />
      ) : history.isError ? (
        <Alert title="The history couldn't be loaded">{history.error.message}</Alert>
      ) : history.data.items.length === 0 ? (
        <EmptyState
          icon={<PublishIcon className="size-5" />}
          title={zone ? `Zone ${zone} was never published` : "Nothing was published yet"}
          description="Each publish is recorded here with its plan, every write's outcome and the route diff."
        />
      ) : (
        <>
          <Table label="Publishes">
            <THead>
              <tr>
                <TH>When (UTC)</TH>
                <TH>Zone</TH>
                <TH>Status</TH>
                <TH>Writes</TH>
                <TH className="text-right">Applied</TH>
                <TH>By</TH>
                <TH className="text-right">Duration</TH>
              </tr>
            </THead>
            <TBody>
              {history.data.items.map((p) => (
                <TR key={p.id}>
                  <TD className="whitespace-nowrap">
                    <Link
                      href={`/publish/history/${p.id}`}
                      className={`rounded font-medium text-slate-900 hover:text-indigo-600 ${focusRing}`}
                    >
                      <DateTime value={p.createdAt} />
                    </Link>
                    {p.sourcePublishId ? (
                      <span className="ml-2 text-xs text-violet-700">re-publish</span>
                    ) : null}
                  </TD>
                  <TD>
                    <Mono>{p.zone}</Mono>
                  </TD>
                  <TD>
                    <div className="flex flex-col items-start gap-0.5">
                      <PublishStatusBadge status={p.status} />
                      <ResumedNote publish={p} />
                    </div>
                  </TD>
                  <TD className="text-xs">
                    <PlanCounts summary={p.summary} />
                  </TD>
                  <TD className="text-right tabular-nums">
                    {p.progress.total === 0 ? "—" : `${p.summary.applied ?? 0} / ${p.progress.total}`}
                  </TD>
                  <TD className="text-xs text-slate-600">{p.actor}</TD>
                  <TD className="text-right text-xs tabular-nums text-slate-600">
                    {formatDuration(p.durationMs)}
                  </TD>
                </TR>
              ))}
            </TBody>
          </Table>
          <ListFooter
            offset={offset}
            limit={LIMIT}
            shown={history.data.items.length}
            total={history.data.total}
            onOffset={setOffset}
          />
        </>
      )}
    </div>
  );
}
