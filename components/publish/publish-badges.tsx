import { Badge, type BadgeTone } from "@/components/ui/badge";
import { formatDateTime } from "@/lib/format/date";
import { resumedNote, type PublishRecordView } from "@/lib/publish/views";

const STATUS: Record<PublishRecordView["status"], { tone: BadgeTone; label: string }> = {
  PLANNED: { tone: "neutral", label: "Dry run" },
  RUNNING: { tone: "blue", label: "Running" },
  SUCCEEDED: { tone: "green", label: "Succeeded" },
  FAILED: { tone: "red", label: "Stopped" },
  INTERRUPTED: { tone: "amber", label: "Interrupted" },
};

export function PublishStatusBadge({ status }: { status: PublishRecordView["status"] }) {
  const { tone, label } = STATUS[status];
  return (
    <Badge tone={tone} dot>
      {label}
    </Badge>
  );
}

/** "resumed after its worker stopped · attempt 2" for a publish another run took over; nothing otherwise. */
export function ResumedNote({ publish }: { publish: Pick<PublishRecordView, "attempt" | "summary"> }) {
  const note = resumedNote(publish);
  return note ? <span className="text-xs text-amber-700">{note}</span> : null;
}

const ACTION_TONE = { create: "green", update: "amber", delete: "red" } as const;

export function ActionBadge({ action }: { action: "create" | "update" | "delete" }) {
  return <Badge tone={ACTION_TONE[action]}>{action}</Badge>;
}

/** `12 create · 3 update · 1 delete`, or "no changes". */
export function PlanCounts({
  summary,
  className,
}: {
  summary: { create: number; update: number; delete: number };
  className?: string;
}) {
  const parts = (["create", "update", "delete"] as const).filter((k) => summary[k] > 0);
  if (parts.length === 0) return <span className={className ?? "text-slate-500"}>no changes</span>;
  const color = { create: "text-emerald-700", update: "text-amber-700", delete: "text-red-700" };
  return (
    <span className={className}>
      {parts.map((k, i) => (
        <span key={k}>
          {i > 0 ? <span className="text-slate-300"> · </span> : null}
          <span className={`tabular-nums ${color[k]}`}>
            {summary[k]} {k}
          </span>
        </span>
      ))}
    </span>
  );
}

/** Publish times in the app's one date format (lib/format/date.ts). */
export function formatWhen(iso: string | null): string {
  return formatDateTime(iso);
}

export function formatDuration(ms: number | null): string {
  if (ms === null) return "—";
  return ms < 1000 ? `${ms} ms` : `${(ms / 1000).toFixed(1)} s`;
}
