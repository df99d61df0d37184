"use client";

import Link from "next/link";
import { useEffect, useState } from "react";
import { Alert } from "@/components/ui/alert";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Skeleton } from "@/components/ui/skeleton";
import { Mono } from "@/components/ui/table";
import type { KongFailure } from "@/lib/kong/errors";
import { useZoneDrift, type ZoneDriftView } from "@/lib/query/publish";
import { ValueChange } from "./expression-diff";
import { formatWhen } from "./publish-badges";

/** What each failure class reads as where a zone's drift would be (lib/kong/errors.ts). */
export const FAILURE_LABEL: Record<KongFailure, string> = {
  unreachable: "Kong unreachable",
  timeout: "Kong timed out",
  not_kong: "Not Kong",
  refused: "Refused by allowlist",
  limit: "Kong too large",
  error_status: "Kong answered an error",
  aborted: "Check aborted",
  unsupported: "Kong unsupported",
};

const failureLabel = (d: ZoneDriftView) => FAILURE_LABEL[d.failure ?? "unreachable"];

/** Seconds since the check, ticking: the server's age when it answered plus the time since. */
function useCheckAge(drift: { data?: ZoneDriftView; dataUpdatedAt: number }): number | null {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), 5_000);
    return () => clearInterval(timer);
  }, []);
  if (!drift.data) return null;
  return drift.data.ageSeconds + Math.max(0, Math.round((now - drift.dataUpdatedAt) / 1000));
}

const ageText = (seconds: number) =>
  seconds < 60
    ? `${seconds} s ago`
    : seconds < 3600
      ? `${Math.floor(seconds / 60)} min ago`
      : "over an hour ago";

/** "checked 12 s ago · Refresh": how fresh the shown check is, and a way to ask for a newer one. */
function CheckedAge({ zone, refresh = true }: { zone: string; refresh?: boolean }) {
  const drift = useZoneDrift(zone);
  const age = useCheckAge(drift);
  if (age === null) return null;
  return (
    <span className="inline-flex items-center gap-1 text-xs text-slate-500">
      checked {ageText(age)}
      {refresh ? (
        <>
          {" "}
          ·<RetryButton zone={zone} label="Refresh" />
        </>
      ) : null}
    </span>
  );
}

function RetryButton({ zone, label = "Retry" }: { zone: string; label?: string }) {
  const drift = useZoneDrift(zone);
  return (
    <Button
      variant="ghost"
      size="sm"
      className="h-6 px-1.5 text-xs"
      loading={drift.isFetching}
      onClick={() => void drift.refresh().catch(() => undefined)}
      aria-label={`${label} the drift check of ${zone}`}
    >
      {label}
    </Button>
  );
}

const DRIFT_LABEL = {
  changed: { tone: "amber", label: "changed in Kong", fix: "the next publish restores it" },
  missing: { tone: "red", label: "deleted in Kong", fix: "the next publish re-creates it" },
  added: {
    tone: "violet",
    label: "added in Kong",
    fix: "carries Switchyard's tags; the next publish removes it",
  },
} as const;

const SHOWN = 12;

function driftCounts(d: ZoneDriftView): string {
  return (["changed", "missing", "added"] as const)
    .map((k) => [k, d.items.filter((i) => i.drift === k).length] as const)
    .filter(([, n]) => n > 0)
    .map(([k, n]) => `${n} ${DRIFT_LABEL[k].label}`)
    .join(", ");
}

/**
 * Yes/no at a glance, for the overview table. Each zone's cell is its own request, bounded by the
 * server's Kong limits: a dead Kong turns its cell into "Kong unreachable · Retry" within the call
 * timeout and never holds up another zone's.
 */
export function DriftBadge({ zone }: { zone: string }) {
  const drift = useZoneDrift(zone);
  if (drift.isPending) return <Skeleton className="h-5 w-20" />;
  if (drift.isError)
    return (
      <span className="inline-flex items-center gap-1">
        <Badge tone="neutral" title={drift.error.message}>
          drift unknown
        </Badge>
        <RetryButton zone={zone} />
      </span>
    );
  const d = drift.data;
  if (!d.reachable)
    return (
      <span className="inline-flex items-center gap-1">
        <DriftStatus drift={d} />
        <span className="text-xs text-slate-400">·</span>
        <RetryButton zone={zone} />
      </span>
    );
  // Nothing published and nothing of ours in Kong: the "last publish" column already says so.
  if (d.reachable && !d.baseline && !d.drifted && !d.incomplete)
    return (
      <span className="text-xs text-slate-400" title="Nothing to compare with yet">
        —
      </span>
    );
  return <DriftStatus drift={d} />;
}

function DriftStatus({ drift }: { drift: ZoneDriftView }) {
  if (!drift.reachable)
    return (
      <Badge
        tone={drift.failure === "refused" || drift.failure === "not_kong" ? "red" : "neutral"}
        title={drift.error ?? undefined}
      >
        {failureLabel(drift)}
      </Badge>
    );
  if (drift.incomplete && !drift.drifted)
    return (
      <Badge tone="amber" dot>
        publish unfinished
      </Badge>
    );
  if (!drift.baseline && !drift.drifted) return <Badge tone="neutral">never published</Badge>;
  return drift.drifted ? (
    <Badge tone="amber" dot>
      {drift.items.length} hand change{drift.items.length === 1 ? "" : "s"}
    </Badge>
  ) : (
    <Badge tone="green" dot>
      in sync
    </Badge>
  );
}

/** What someone changed in Kong by hand since the last successful publish, and what Switchyard leaves alone. */
export function DriftSection({ zone }: { zone: string }) {
  const drift = useZoneDrift(zone);
  if (drift.isPending)
    return (
      <div role="status" aria-label="Checking Kong for drift" className="space-y-2">
        <Skeleton className="h-4 w-64" />
        <Skeleton className="h-10 w-full" />
      </div>
    );
  if (drift.isError)
    return (
      <Alert title="Drift could not be checked" action={<RetryButton zone={zone} />}>
        {drift.error.message}
      </Alert>
    );
  const d = drift.data;
  if (!d.reachable)
    return (
      <Alert title={`Zone ${zone}: ${failureLabel(d)}`} action={<RetryButton zone={zone} />}>
        <p>{d.error}</p>
        <p className="mt-1">
          <CheckedAge zone={zone} refresh={false} />
        </p>
      </Alert>
    );
  const unmanagedTotal = Object.values(d.unmanagedCounts).reduce((sum, n) => sum + (n ?? 0), 0);
  return (
    <div className="space-y-4">
      <div className="flex flex-wrap items-center gap-2 text-[13px] text-slate-600">
        <DriftStatus drift={d} />
        <span>
          {d.baseline
            ? `Live Kong compared with the publish of ${formatWhen(d.baseline.finishedAt)}.`
            : "Nothing was published to this zone yet; any entity carrying Switchyard's tags is unexpected."}
        </span>
        <span className="ml-auto">
          <CheckedAge zone={zone} />
        </span>
      </div>
      {d.incomplete ? (
        <Alert tone="warning" title="The last publish stopped before it finished">
          Kong holds part of it; what that publish wrote or had still to write is not counted as a hand
          change. Publishing again converges.{" "}
          <Link href={`/publish/history/${d.incomplete.publishId}`} className="font-medium underline">
            See what was applied
          </Link>
        </Alert>
      ) : null}
      {d.items.length > 0 ? (
        <ul
          aria-label="Hand-made changes"
          className="divide-y divide-slate-100 rounded-md border border-slate-200"
        >
          {d.items.slice(0, SHOWN).map((item) => {
            const label = DRIFT_LABEL[item.drift];
            return (
              <li key={`${item.drift}:${item.kind}:${item.id}`} className="px-3 py-2 text-[13px]">
                <div className="flex flex-wrap items-center gap-2">
                  <Badge tone={label.tone}>{label.label}</Badge>
                  <span className="w-16 text-xs text-slate-500">{item.kind}</span>
                  <span className="font-mono text-[12.5px] text-slate-900">{item.name}</span>
                  <span className="ml-auto text-xs text-slate-500">{label.fix}</span>
                </div>
                {item.changes?.length ? (
                  <ul className="mt-1 space-y-0.5 pl-[5.5rem] text-xs text-slate-600">
                    {item.changes.map((c) => (
                      <li key={c.field}>
                        <Mono className="text-slate-700">{c.field}</Mono> (in Kong → published):{" "}
                        <ValueChange field={c.field} before={c.live} after={c.published} beforeLabel="in Kong" afterLabel="published" />
                      </li>
                    ))}
                  </ul>
                ) : null}
              </li>
            );
          })}
          {d.items.length > SHOWN ? (
            <li className="px-3 py-2 text-xs text-slate-500">
              … and {d.items.length - SHOWN} more ({driftCounts(d)}); the next publish repairs all of them
            </li>
          ) : null}
        </ul>
      ) : null}
      <div>
        <h3 className="mb-1.5 text-xs font-medium uppercase tracking-wide text-slate-500">
          Not managed by Switchyard{" "}
          <span className="font-normal normal-case text-slate-400">({unmanagedTotal}, left alone)</span>
        </h3>
        {unmanagedTotal === 0 ? (
          <p className="text-[13px] text-slate-500">
            Every entity in this Kong carries Switchyard&apos;s tags.
          </p>
        ) : (
          <p className="mb-1.5 text-[13px] text-slate-500">
            {(Object.entries(d.unmanagedCounts) as [string, number][])
              .map(([kind, n]) => `${n} ${kind}${n === 1 ? "" : "s"}`)
              .join(", ")}
            {d.unmanaged.length > 0 ? "; those carrying Switchyard's tag:" : "."}
          </p>
        )}
        {d.unmanaged.length === 0 ? null : (
          <ul aria-label="Unmanaged entities" className="flex flex-wrap gap-1.5">
            {d.unmanaged.map((u) => (
              <li
                key={`${u.kind}:${u.id}`}
                className="rounded-md bg-slate-50 px-2 py-1 text-xs ring-1 ring-inset ring-slate-200"
              >
                <span className="text-slate-500">{u.kind}</span>{" "}
                <span className="font-mono text-slate-800">{u.name}</span>
                {u.tags.length ? <span className="text-slate-400"> · {u.tags.join(", ")}</span> : null}
              </li>
            ))}
          </ul>
        )}
      </div>
    </div>
  );
}
