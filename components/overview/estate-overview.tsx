"use client";

import Link from "next/link";
import type { ReactNode } from "react";
import { DriftBadge, FAILURE_LABEL } from "@/components/publish/drift-view";
import { PublishStatusBadge } from "@/components/publish/publish-badges";
import { ZonesIcon } from "@/components/shell/icons";
import { Alert } from "@/components/ui/alert";
import { Badge } from "@/components/ui/badge";
import { Button, ButtonLink } from "@/components/ui/button";
import { cn, focusRing } from "@/components/ui/cn";
import { DateTime } from "@/components/ui/date-time";
import { EmptyState } from "@/components/ui/empty-state";
import { Skeleton, TableSkeleton } from "@/components/ui/skeleton";
import { Table, TBody, TD, TH, THead, TR } from "@/components/ui/table";
import {
  useEstateOverview,
  useKongStatus,
  type EstateOverview as Overview,
  type WarningCounts,
  type ZoneOverview,
} from "@/lib/query/overview";

const link = `rounded font-medium text-indigo-700 hover:text-indigo-500 ${focusRing}`;
const zonePath = (zone: string) => encodeURIComponent(zone);

/**
 * The landing page: what needs doing across the estate. The table and totals come from one answer
 * computed from the cached compile (no Kong is called for it); each zone's drift and Kong cells are
 * requests of their own, so a dead Kong only leaves its own cells waiting, within the Kong timeout.
 */
export function EstateOverview() {
  const overview = useEstateOverview();
  if (overview.isPending) return <TableSkeleton columns={6} label="Loading the estate" />;
  if (overview.isError) return <Alert title="The overview couldn't be loaded">{overview.error.message}</Alert>;
  const data = overview.data;
  if (data.zones.length === 0)
    return (
      <EmptyState
        icon={<ZonesIcon className="size-5" />}
        title="No zones yet"
        description="A zone is one Kong gateway. Add one, then rovers that expose and subscribe to APIs in it."
        action={
          <ButtonLink href="/zones/new" variant="primary">
            New zone
          </ButtonLink>
        }
      />
    );
  return (
    <div className="space-y-6">
      <Totals data={data} />
      <Table label="Zones">
        <THead>
          <tr>
            <TH>Zone</TH>
            <TH>Unpublished changes</TH>
            <TH>Drift</TH>
            <TH>Kong</TH>
            <TH>Warnings</TH>
            <TH>Routes</TH>
            <TH>Last publish</TH>
          </tr>
        </THead>
        <TBody>
          {data.zones.map((zone) => (
            <ZoneRow key={zone.zone} zone={zone} />
          ))}
        </TBody>
      </Table>
    </div>
  );
}

function Totals({ data }: { data: Overview }) {
  const t = data.totals;
  const problems = t.warnings.error + t.warnings.warning;
  return (
    <dl aria-label="Estate totals" className="grid grid-cols-2 gap-3 sm:grid-cols-3 lg:grid-cols-6">
      <Total
        label="Unpublished"
        href="/publish"
        tone={t.pendingZones ? "amber" : "ok"}
        value={t.pendingZones ? `${t.pendingZones} zone${t.pendingZones === 1 ? "" : "s"}` : "none"}
        detail={t.pendingZones ? `${t.pendingRoutes} route change${t.pendingRoutes === 1 ? "" : "s"} · Review` : "Kong has every change"}
      />
      <Total
        label="Warnings"
        href={problems ? `/publish/zones/${zonePath(firstZoneWith(data, (z) => z.warnings.error + z.warnings.warning > 0))}#warnings` : "/publish"}
        tone={t.warnings.error ? "red" : problems ? "amber" : "ok"}
        value={String(problems)}
        detail={warningText(t.warnings) || "none"}
      />
      <Total
        label="Refused subscriptions"
        href="/rovers#refused"
        tone={t.refusals ? "amber" : "ok"}
        value={String(t.refusals)}
        detail={t.refusals ? "shown on their rovers" : "every subscription is served"}
      />
      <Total
        label="Routes"
        href="/routes"
        value={String(t.routes)}
        detail={t.inactiveRoutes ? `${t.inactiveRoutes} inactive` : "all active"}
        detailHref={t.inactiveRoutes ? "/routes?status=inactive" : undefined}
      />
      <Total label="Rovers" href="/rovers" value={String(t.rovers)} detail={`in ${t.zones} zone${t.zones === 1 ? "" : "s"}`} />
      <Total
        label="Tenants"
        href="/tenants"
        value={String(t.tenants)}
        detail={`${t.entitlements} entitlement${t.entitlements === 1 ? "" : "s"}`}
        detailHref="/entitlements"
      />
    </dl>
  );
}

function firstZoneWith(data: Overview, test: (z: ZoneOverview) => boolean): string {
  return (data.zones.find(test) ?? data.zones[0]).zone;
}

function warningText(w: WarningCounts): string {
  return [
    w.error ? `${w.error} error${w.error === 1 ? "" : "s"}` : null,
    w.warning ? `${w.warning} warning${w.warning === 1 ? "" : "s"}` : null,
  ]
    .filter(Boolean)
    .join(", ");
}

const TOTAL_TONE = {
  ok: "text-slate-900",
  amber: "text-amber-700",
  red: "text-red-700",
} as const;

function Total({
  label,
  value,
  detail,
  href,
  detailHref,
  tone = "ok",
}: {
  label: string;
  value: string;
  detail: ReactNode;
  href: string;
  detailHref?: string;
  tone?: keyof typeof TOTAL_TONE;
}) {
  return (
    <div className="rounded-lg border border-slate-200 bg-white px-4 py-3 shadow-xs">
      <dt className="text-xs font-medium text-slate-500">
        <Link href={href} prefetch={false} className={cn("rounded hover:text-indigo-600", focusRing)}>
          {label}
        </Link>
      </dt>
      <dd className={cn("mt-1 text-lg font-semibold tabular-nums", TOTAL_TONE[tone])}>{value}</dd>
      <dd className="mt-0.5 truncate text-xs text-slate-500">
        {detailHref ? (
          <Link href={detailHref} prefetch={false} className={cn("rounded hover:text-indigo-600", focusRing)}>
            {detail}
          </Link>
        ) : (
          detail
        )}
      </dd>
    </div>
  );
}

function ZoneRow({ zone }: { zone: ZoneOverview }) {
  const z = zonePath(zone.zone);
  const p = zone.pending;
  return (
    <TR>
      <TD>
        <Link href={`/zones/${z}`} prefetch={false} className={cn("font-medium text-slate-900 hover:text-indigo-600", focusRing, "rounded")}>
          {zone.zone}
        </Link>
        <div className="text-xs text-slate-500">
          {zone.visibility}
          {zone.dtcEligible ? " · DTC" : ""}
        </div>
      </TD>
      <TD>
        {p.routes === 0 ? (
          p.baselinePublishId ? (
            <Badge tone="green" dot>
              published
            </Badge>
          ) : (
            <span className="text-xs text-slate-400">nothing to publish</span>
          )
        ) : (
          <Link
            href={`/publish/zones/${z}`}
            prefetch={false}
            className={cn("inline-flex flex-col items-start rounded", focusRing)}
            aria-label={`${zone.zone}: ${p.routes} unpublished route change${p.routes === 1 ? "" : "s"}, review and publish`}
          >
            <Badge tone="amber" dot>
              {p.routes} route{p.routes === 1 ? "" : "s"}
            </Badge>
            <span className="mt-0.5 text-xs text-indigo-700 hover:text-indigo-500">
              {p.baselinePublishId ? changeText(p) : "never published"} · Review
            </span>
          </Link>
        )}
      </TD>
      <TD>
        <Link href={`/publish/zones/${z}#drift`} prefetch={false} className={cn("rounded", focusRing)} aria-label={`Drift of ${zone.zone}`}>
          <DriftBadge zone={zone.zone} />
        </Link>
      </TD>
      <TD>
        <KongCell zone={zone.zone} />
      </TD>
      <TD>
        {zone.warnings.error + zone.warnings.warning === 0 ? (
          <span className="text-xs text-slate-400">none</span>
        ) : (
          <Link href={`/publish/zones/${z}#warnings`} prefetch={false} className={cn(link, "text-xs")}>
            {warningText(zone.warnings)}
          </Link>
        )}
        {zone.refusals ? (
          <div>
            <Link href={`/zones/${z}/realms`} prefetch={false} className={cn(link, "text-xs")}>
              {zone.refusals} refused subscription{zone.refusals === 1 ? "" : "s"}
            </Link>
          </div>
        ) : null}
      </TD>
      <TD className="tabular-nums">
        <Link href={`/routes?zone=${z}`} prefetch={false} className={cn(link, "text-[13px]")}>
          {zone.routes}
        </Link>
        {zone.inactiveRoutes ? (
          <div>
            <Link href={`/routes?zone=${z}&status=inactive`} prefetch={false} className={cn(link, "text-xs")}>
              {zone.inactiveRoutes} inactive
            </Link>
          </div>
        ) : null}
      </TD>
      <TD>
        {zone.lastPublish ? (
          <Link href={`/publish/history/${zone.lastPublish.id}`} prefetch={false} className={cn("flex items-center gap-2 rounded text-xs", focusRing)}>
            <PublishStatusBadge status={zone.lastPublish.status} />
            <DateTime value={zone.lastPublish.at} className="whitespace-nowrap text-slate-600" />
          </Link>
        ) : (
          <span className="text-xs text-slate-400">never published</span>
        )}
      </TD>
    </TR>
  );
}

function changeText(p: ZoneOverview["pending"]): string {
  return [p.added ? `${p.added} new` : null, p.changed ? `${p.changed} changed` : null, p.removed ? `${p.removed} removed` : null]
    .filter(Boolean)
    .join(", ");
}

/** The node's version, or which way it failed with a Retry; never a spinner past the Kong timeout. */
function KongCell({ zone }: { zone: string }) {
  const status = useKongStatus(zone);
  if (status.isPending) return <Skeleton className="h-5 w-24" />;
  const retry = (
    <Button
      variant="ghost"
      size="sm"
      className="h-6 px-1.5 text-xs"
      loading={status.isFetching}
      onClick={() => void status.refetch()}
      aria-label={`Retry reaching ${zone}'s Kong`}
    >
      Retry
    </Button>
  );
  if (status.isError || !status.data.reachable)
    return (
      <span className="inline-flex items-center gap-1">
        <Badge tone={status.data?.failure === "refused" || status.data?.failure === "not_kong" ? "red" : "neutral"} title={status.data?.error ?? status.error?.message}>
          {FAILURE_LABEL[status.data?.failure ?? "unreachable"]}
        </Badge>
        <span className="text-xs text-slate-400">·</span>
        {retry}
      </span>
    );
  const s = status.data;
  return (
    <span className="text-xs text-slate-600" title={`router_flavor ${s.routerFlavor}${s.dbless ? " · DB-less" : ""}`}>
      <Badge tone="green" dot>
        Kong {s.version}
      </Badge>
      {s.dbless ? <span className="ml-1 text-slate-500">DB-less</span> : null}
    </span>
  );
}
