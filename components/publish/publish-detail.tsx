"use client";

import { Can } from "@/components/auth/can";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { focusRing } from "@/components/ui/cn";
import { Dialog } from "@/components/ui/dialog";
import { Section } from "@/components/ui/page-header";
import { Skeleton } from "@/components/ui/skeleton";
import { isApiError } from "@/lib/query/api";
import { usePublish, usePublishPreview, useStartPublish } from "@/lib/query/publish";
import type { PublishDetailView } from "@/lib/publish/views";
import { PlanStepsView } from "./plan-view";
import { formatDuration, formatWhen, PlanCounts, PublishStatusBadge, ResumedNote } from "./publish-badges";
import { PublishProgress } from "./publish-progress";
import { RouteImpactView } from "./route-impact";

/** One publish: who, when, how it went, its route diff and every write with its outcome — and the way back to it. */
export function PublishDetail({ id }: { id: string }) {
  const publish = usePublish(id);
  const [rollingBack, setRollingBack] = useState(false);
  if (publish.isPending)
    return (
      <div role="status" aria-label="Loading publish" className="space-y-4">
        <Skeleton className="h-28 w-full" />
        <Skeleton className="h-48 w-full" />
      </div>
    );
  if (publish.isError) return <Alert title="This publish couldn't be loaded">{publish.error.message}</Alert>;
  const p = publish.data;
  return (
    <div className="space-y-6">
      <div className="flex flex-wrap items-start justify-between gap-4 rounded-lg border border-slate-200 bg-white px-5 py-4 shadow-xs">
        <dl className="grid grid-cols-[auto_1fr] gap-x-6 gap-y-1.5 text-[13px]">
          <dt className="text-slate-500">Zone</dt>
          <dd>
            <Link
              href={`/publish/zones/${p.zone}`}
              className={`rounded font-mono text-slate-900 hover:text-indigo-600 ${focusRing}`}
            >
              {p.zone}
            </Link>
          </dd>
          <dt className="text-slate-500">Status</dt>
          <dd className="flex flex-wrap items-center gap-2">
            <PublishStatusBadge status={p.status} />
            <ResumedNote publish={p} />
          </dd>
          <dt className="text-slate-500">By</dt>
          <dd className="text-slate-800">{p.actor}</dd>
          <dt className="text-slate-500">Started</dt>
          <dd className="text-slate-800">
            {formatWhen(p.createdAt)} · {formatDuration(p.durationMs)}
          </dd>
          <dt className="text-slate-500">Plan</dt>
          <dd>
            <PlanCounts summary={p.summary} />
          </dd>
          {p.sourcePublishId ? (
            <>
              <dt className="text-slate-500">Re-publish of</dt>
              <dd>
                <Link
                  href={`/publish/history/${p.sourcePublishId}`}
                  className={`rounded font-mono text-xs text-indigo-700 hover:text-indigo-600 ${focusRing}`}
                >
                  {p.sourcePublishId}
                </Link>
              </dd>
            </>
          ) : null}
        </dl>
        {!p.dryRun ? (
          <Can role="publisher">
            <Button variant="secondary" onClick={() => setRollingBack(true)}>
              Re-publish this snapshot
            </Button>
          </Can>
        ) : null}
      </div>

      {!p.dryRun && p.progress.total > 0 ? (
        <Section title="Outcome">
          <PublishProgress record={p} />
        </Section>
      ) : null}
      <Section
        title="Routes"
        description={
          p.baselinePublishId
            ? "Compared with the zone's successful publish before this one."
            : "The zone's first successful publish: every route was new."
        }
      >
        <RouteImpactView
          impact={p.impact}
          baselineLabel={p.baselinePublishId ? "from the publish before" : "— first publish"}
        />
      </Section>
      <Section
        title="Kong writes"
        description="The plan as it was made against Kong at the time, with each write's outcome."
      >
        <PlanStepsView plan={p.plan} operations={p.operations} />
      </Section>
      <RollbackDialog source={p} open={rollingBack} onClose={() => setRollingBack(false)} />
    </div>
  );
}

/** The preview of sending this publish's state again, then the one click that does it. */
function RollbackDialog({
  source,
  open,
  onClose,
}: {
  source: PublishDetailView;
  open: boolean;
  onClose: () => void;
}) {
  const router = useRouter();
  const preview = usePublishPreview(source.zone, source.id, { enabled: open });
  const start = useStartPublish(source.zone);
  const data = preview.data;
  const writes = data ? data.plan.summary.create + data.plan.summary.update + data.plan.summary.delete : 0;
  return (
    <Dialog
      open={open}
      onClose={onClose}
      size="lg"
      title={`Re-publish this snapshot to ${source.zone}?`}
      description={`Kong gets exactly what this publish sent on ${formatWhen(source.createdAt)}, whatever the database says now. The next normal publish brings the current state back.`}
      footer={
        <>
          <Button onClick={onClose}>Cancel</Button>
          <Button
            variant="primary"
            disabled={!data || writes === 0}
            loading={start.isPending}
            onClick={() =>
              start.mutate(
                { sourcePublishId: source.id },
                {
                  onSuccess: (record) =>
                    router.push(`/publish/zones/${encodeURIComponent(source.zone)}?watch=${record.id}`),
                },
              )
            }
          >
            {writes === 0 && data ? "Kong already holds it" : `Re-publish (${writes} writes)`}
          </Button>
        </>
      }
    >
      {preview.isPending ? (
        <div role="status" aria-label="Planning the re-publish" className="space-y-2">
          <Skeleton className="h-4 w-64" />
          <Skeleton className="h-24 w-full" />
        </div>
      ) : preview.isError ? (
        <Alert title="The preview could not be made">{preview.error.message}</Alert>
      ) : data ? (
        <div className="space-y-4">
          {start.error && isApiError(start.error) ? <Alert>{start.error.message}</Alert> : null}
          <p className="text-[13px] text-slate-600">
            Kong writes: <PlanCounts summary={data.plan.summary} />
          </p>
          <RouteImpactView impact={data.impact} baselineLabel="from the last successful publish" />
        </div>
      ) : null}
    </Dialog>
  );
}
