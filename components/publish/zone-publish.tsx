"use client";

import { Can } from "@/components/auth/can";
import { WarningSources } from "@/components/common/entity-ref-link";
import { useRouter } from "next/navigation";
import { useEffect, useRef, useState } from "react";
import { Alert } from "@/components/ui/alert";
import { Badge } from "@/components/ui/badge";
import { Button, ButtonLink } from "@/components/ui/button";
import { Section } from "@/components/ui/page-header";
import { Skeleton } from "@/components/ui/skeleton";
import { isApiError } from "@/lib/query/api";
import {
  useInvalidateAfterPublish,
  usePublish,
  usePublishPreview,
  useStartPublish,
} from "@/lib/query/publish";
import type { PublishPreviewView } from "@/lib/publish/views";
import { ConfirmPublishDialog } from "./confirm-publish-dialog";
import { DriftSection } from "./drift-view";
import { PlanStepsView } from "./plan-view";
import { formatWhen, PlanCounts } from "./publish-badges";
import { PublishProgress } from "./publish-progress";
import { RouteImpactView } from "./route-impact";

/**
 * A zone's publish page: what publishing would change (routes since the last publish with their
 * expression diffs, the Kong writes of the dry-run plan, the compiler's warnings), the Publish
 * button behind a confirmation, the running publish's progress, and drift.
 */
export function ZonePublish({ zone, watchId }: { zone: string; watchId: string | null }) {
  const router = useRouter();
  const preview = usePublishPreview(zone);
  const start = useStartPublish(zone);
  const [confirming, setConfirming] = useState(false);
  const [activeId, setActiveId] = useState<string | null>(watchId);
  const progress = usePublish(activeId, { operations: false });
  const finished = progress.data && progress.data.status !== "RUNNING" ? progress.data : null;
  const outcomes = usePublish(finished ? finished.id : null);
  const invalidate = useInvalidateAfterPublish(zone);
  const settled = useRef<string | null>(null);

  useEffect(() => {
    if (finished && settled.current !== finished.id) {
      settled.current = finished.id;
      void invalidate();
    }
  }, [finished, invalidate]);

  const publish = () =>
    start.mutate(
      {},
      {
        onSuccess: (record) => {
          setConfirming(false);
          setActiveId(record.id);
          router.replace(`/publish/zones/${encodeURIComponent(zone)}?watch=${record.id}`, { scroll: false });
        },
        onError: () => setConfirming(false),
      },
    );

  const data = preview.data;
  const writes = data ? data.plan.summary.create + data.plan.summary.update + data.plan.summary.delete : 0;
  const running = progress.data?.status === "RUNNING";

  return (
    <div className="space-y-6">
      <div className="flex flex-wrap items-center justify-between gap-3 rounded-lg border border-slate-200 bg-white px-5 py-4 shadow-xs">
        <div className="text-[13px] text-slate-600">
          {preview.isPending ? (
            <Skeleton className="h-4 w-72" />
          ) : data ? (
            <>
              <span className="font-medium text-slate-900">
                {writes === 0
                  ? "Kong is up to date."
                  : `${writes} Kong write${writes === 1 ? "" : "s"} to publish:`}
              </span>{" "}
              {writes > 0 ? <PlanCounts summary={data.plan.summary} /> : null}
              <span className="block text-xs text-slate-500">
                {data.baselinePublishId
                  ? "Compared with the last successful publish; planned against live Kong just now."
                  : "Never published: everything is new."}
              </span>
            </>
          ) : (
            <span>No preview.</span>
          )}
        </div>
        <div className="flex items-center gap-2">
          <Button onClick={() => void preview.refetch()} loading={preview.isFetching && !preview.isPending}>
            Refresh preview
          </Button>
          <Can role="publisher">
            <Button
              variant="primary"
              disabled={!data || writes === 0 || running}
              onClick={() => setConfirming(true)}
            >
              Publish {zone}
            </Button>
          </Can>
        </div>
      </div>

      {start.error &&
      isApiError(start.error) &&
      (start.error.status === 409 || start.error.status === 412) ? (
        <Alert
          title={
            start.error.status === 409
              ? "Another publish of this zone is running"
              : "Kong can't take this publish"
          }
        >
          {start.error.message}
        </Alert>
      ) : null}

      {progress.data ? (
        <Section
          title="Publish progress"
          description={`Started ${formatWhen(progress.data.createdAt)} by ${progress.data.actor}`}
        >
          <PublishProgress record={progress.data} />
          {outcomes.data?.operations && outcomes.data.plan.steps.length > 0 ? (
            <details className="mt-4 group">
              <summary className="cursor-pointer text-[13px] font-medium text-indigo-700 hover:text-indigo-600">
                Each write&apos;s outcome
              </summary>
              <div className="mt-3">
                <PlanStepsView plan={outcomes.data.plan} operations={outcomes.data.operations} />
              </div>
            </details>
          ) : null}
        </Section>
      ) : null}

      {preview.isError ? (
        <Alert title="The preview could not be made">{preview.error.message}</Alert>
      ) : preview.isPending ? (
        <div role="status" aria-label="Planning the publish" className="space-y-4">
          <Skeleton className="h-48 w-full" />
          <Skeleton className="h-32 w-full" />
        </div>
      ) : data ? (
        <PreviewSections preview={data} />
      ) : null}

      <Section
        title="Drift"
        description="Live Kong against the last successful publish: what someone changed there by hand."
      >
        <DriftSection zone={zone} />
      </Section>

      {data ? (
        <ConfirmPublishDialog
          open={confirming}
          onClose={() => setConfirming(false)}
          onConfirm={publish}
          preview={data}
          pending={start.isPending}
          title={`Publish ${zone}?`}
        />
      ) : null}
    </div>
  );
}

export function PreviewSections({
  preview,
  baselineLabel,
}: {
  preview: PublishPreviewView;
  baselineLabel?: string;
}) {
  return (
    <>
      <Section
        title="Routes"
        description="Routes added, changed and removed compared with what was last published to this zone."
      >
        <RouteImpactView
          impact={preview.impact}
          baselineLabel={
            baselineLabel ??
            (preview.baselinePublishId ? "since the last publish" : "— nothing was published yet")
          }
        />
      </Section>
      <Section
        title="Kong entities"
        description="The dry-run plan against what Kong holds now, in the order the writes are sent."
      >
        <PlanStepsView plan={preview.plan} />
      </Section>
      {preview.sourcePublishId === null ? (
        <Section title="Compiler warnings" description="What the compiler found in this zone's routes.">
          {preview.warnings.length === 0 ? (
            <p className="text-[13px] text-slate-600">No warnings.</p>
          ) : (
            <ul id="warnings" aria-label="Compiler warnings" className="scroll-mt-4 space-y-2">
              {preview.warnings.map((w, i) => (
                <li key={`${w.code}:${i}`} className="flex items-start gap-2 text-[13px] text-slate-700">
                  <Badge tone={w.severity === "error" ? "red" : w.severity === "warning" ? "amber" : "blue"}>
                    {w.code}
                  </Badge>
                  <span className="min-w-0">
                    {w.message}
                    <WarningSources warning={w} />
                  </span>
                </li>
              ))}
            </ul>
          )}
        </Section>
      ) : null}
    </>
  );
}

export function HistoryLink({ zone }: { zone: string }) {
  return (
    <ButtonLink href={`/publish/history?zone=${encodeURIComponent(zone)}`} variant="secondary">
      History
    </ButtonLink>
  );
}
