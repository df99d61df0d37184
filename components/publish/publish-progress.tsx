import { Alert } from "@/components/ui/alert";
import { cn } from "@/components/ui/cn";
import type { PublishRecordView } from "@/lib/publish/views";
import { formatDuration, PublishStatusBadge } from "./publish-badges";

/** done/total of a publish's writes as a bar, and how it ended: succeeded, or stopped with what was and wasn't applied. */
export function PublishProgress({ record }: { record: PublishRecordView }) {
  const { done, total } = record.progress;
  const share = total === 0 ? 1 : done / total;
  const applied = record.summary.applied ?? 0;
  const failed = record.summary.failed ?? 0;
  const skipped = record.summary.skipped ?? 0;
  const running = record.status === "RUNNING";
  return (
    <div className="space-y-3">
      <div className="flex items-center justify-between gap-4 text-[13px]">
        <div className="flex items-center gap-2">
          <PublishStatusBadge status={record.status} />
          <span className="text-slate-600">
            {running
              ? "Writing to Kong…"
              : record.status === "SUCCEEDED"
                ? `Done in ${formatDuration(record.durationMs)}`
                : `after ${formatDuration(record.durationMs)}`}
          </span>
        </div>
        <span className="tabular-nums text-slate-600">
          {done} / {total} writes
        </span>
      </div>
      <div
        role="progressbar"
        aria-label={`Publish of ${record.zone}`}
        aria-valuemin={0}
        aria-valuemax={total}
        aria-valuenow={done}
        aria-valuetext={`${done} of ${total} writes`}
        className="h-2 overflow-hidden rounded-full bg-slate-100"
      >
        <div
          className={cn(
            "h-full rounded-full transition-[width] duration-300",
            record.status === "FAILED" || record.status === "INTERRUPTED"
              ? "bg-red-500"
              : record.status === "SUCCEEDED"
                ? "bg-emerald-500"
                : "bg-indigo-500",
          )}
          style={{ width: `${Math.round(share * 100)}%` }}
        />
      </div>
      {record.status === "SUCCEEDED" ? (
        <p className="text-[13px] text-slate-600">
          {total === 0
            ? "Kong already matched: nothing was written."
            : `All ${applied} writes applied. Kong now holds this zone's routes.`}
        </p>
      ) : null}
      {record.status === "FAILED" || record.status === "INTERRUPTED" ? (
        <Alert
          title={
            record.status === "FAILED"
              ? "The publish stopped at a permanent error"
              : "The publish was interrupted"
          }
        >
          <p>{record.error}</p>
          <p className="mt-1">
            <span className="font-medium">{applied} applied</span>, {failed} failed,{" "}
            <span className="font-medium">{skipped} not applied</span>. Nothing was rolled back; publishing
            again plans against what Kong holds now and finishes the job.
          </p>
        </Alert>
      ) : null}
    </div>
  );
}
