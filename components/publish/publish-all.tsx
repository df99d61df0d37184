"use client";

import { useState } from "react";
import { Can } from "@/components/auth/can";
import { Alert } from "@/components/ui/alert";
import { Badge, type BadgeTone } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Dialog } from "@/components/ui/dialog";
import { Skeleton } from "@/components/ui/skeleton";
import { Mono, Table, TBody, TD, TH, THead, TR } from "@/components/ui/table";
import type { EstatePlan, EstatePublishResult, EstateZoneOutcome } from "@/lib/publish/estate";
import type { PublishRecordView } from "@/lib/publish/views";
import { isApiError } from "@/lib/query/api";
import { useEstatePlan, usePublishAll, usePublishesSince } from "@/lib/query/publish";
import { PlanCounts, PublishStatusBadge } from "./publish-badges";

const OUTCOME: Record<EstateZoneOutcome, { tone: BadgeTone; label: string }> = {
  SUCCEEDED: { tone: "green", label: "Published" },
  UNCHANGED: { tone: "neutral", label: "Up to date" },
  FAILED: { tone: "red", label: "Stopped" },
  INTERRUPTED: { tone: "amber", label: "Interrupted" },
  NOT_STARTED: { tone: "amber", label: "Not published" },
};

/** Client and server clocks differ a little: records made this long before the click still count. */
const CLOCK_SKEW_MS = 5_000;

/**
 * "Publish all": the estate plan first (per zone its writes, its place in the order and the zones it
 * waits for), then one publish of every zone in that order with each zone's progress, then per zone
 * what was and wasn't applied.
 */
export function PublishAll() {
  const [open, setOpen] = useState(false);
  return (
    <Can role="publisher">
      <Button variant="primary" onClick={() => setOpen(true)}>
        Publish all
      </Button>
      {open ? <PublishAllDialog onClose={() => setOpen(false)} /> : null}
    </Can>
  );
}

function PublishAllDialog({ onClose }: { onClose: () => void }) {
  const plan = useEstatePlan({ enabled: true });
  const publish = usePublishAll();
  const [startedAt, setStartedAt] = useState<string | null>(null);
  const progress = usePublishesSince(publish.isPending ? startedAt : null);
  const result = publish.data ?? null;
  const writes = plan.data?.writes ?? 0;
  return (
    <Dialog
      open
      onClose={onClose}
      size="lg"
      title={result ? "Estate published" : "Publish every zone"}
      description="Zones are published one after the other: a zone whose proxy or failover routes forward to another zone goes after it when routes are added, and before it when they are removed. A zone that fails stops the zones that depend on it."
      footer={
        result ? (
          <Button variant="primary" onClick={onClose}>
            Done
          </Button>
        ) : (
          <>
            <Button onClick={onClose} disabled={publish.isPending}>
              Cancel
            </Button>
            <Button
              variant="primary"
              loading={publish.isPending}
              disabled={!plan.data || writes === 0}
              onClick={() => {
                setStartedAt(new Date(Date.now() - CLOCK_SKEW_MS).toISOString());
                publish.mutate();
              }}
            >
              {writes === 0 && plan.data ? "Nothing to publish" : `Publish ${writes} writes`}
            </Button>
          </>
        )
      }
    >
      {publish.error && isApiError(publish.error) ? <Alert>{publish.error.message}</Alert> : null}
      {plan.isPending ? (
        <div role="status" aria-label="Planning the estate" className="space-y-2">
          <Skeleton className="h-6 w-full" />
          <Skeleton className="h-6 w-full" />
        </div>
      ) : plan.isError ? (
        <Alert title="The estate plan could not be made">{plan.error.message}</Alert>
      ) : (
        <EstateTable plan={result ?? plan.data} result={result} running={publish.isPending ? (progress.data ?? []) : null} />
      )}
    </Dialog>
  );
}

function EstateTable({
  plan,
  result,
  running,
}: {
  plan: EstatePlan;
  result: EstatePublishResult | null;
  running: PublishRecordView[] | null;
}) {
  const outcomes = new Map(result?.zones.map((z) => [z.zone, z]));
  // Newest first: the first record of a zone is the one this estate publish made.
  const latest = new Map<string, PublishRecordView>();
  for (const p of running ?? []) if (!latest.has(p.zone)) latest.set(p.zone, p);
  return (
    <div className="space-y-3">
      {plan.cycle.length > 0 ? (
        <Alert title="Zones that depend on each other">
          {plan.cycle.join(", ")} forward to each other both ways; they are published in name order.
        </Alert>
      ) : null}
      <Table label="Estate plan">
        <THead>
          <tr>
            <TH className="text-right">#</TH>
            <TH>Zone</TH>
            <TH>Writes</TH>
            <TH>After</TH>
            <TH>{result ? "Outcome" : running ? "Progress" : "Steps"}</TH>
          </tr>
        </THead>
        <TBody>
          {plan.zones.map((z) => {
            const outcome = outcomes.get(z.zone);
            const record = latest.get(z.zone);
            return (
              <TR key={z.zone}>
                <TD className="text-right tabular-nums text-slate-500">{z.position}</TD>
                <TD>
                  <Mono>{z.zone}</Mono>
                </TD>
                <TD className="text-xs">
                  <PlanCounts summary={z.summary} />
                </TD>
                <TD className="text-xs text-slate-600">
                  {z.after.length === 0
                    ? "—"
                    : z.after
                        .map((a) => `${a.zone} (${a.why === "adds-proxy" ? "its proxies forward there" : "removes its proxies first"})`)
                        .join(", ")}
                </TD>
                <TD className="text-xs">
                  {outcome ? (
                    <div className="flex flex-col items-start gap-0.5">
                      <Badge tone={OUTCOME[outcome.outcome].tone} dot>
                        {OUTCOME[outcome.outcome].label}
                      </Badge>
                      <span className="tabular-nums text-slate-600">
                        {outcome.applied} applied · {outcome.skipped} not applied
                      </span>
                      {outcome.reason ? <span className="text-red-700">{outcome.reason}</span> : null}
                    </div>
                  ) : running ? (
                    record ? (
                      <span className="flex items-center gap-2">
                        <PublishStatusBadge status={record.status} />
                        <span className="tabular-nums text-slate-600">
                          {record.progress.done} / {record.progress.total}
                        </span>
                      </span>
                    ) : (
                      <span className="text-slate-400">{z.writes === 0 ? "up to date" : "waiting"}</span>
                    )
                  ) : z.error ? (
                    <span className="text-red-700">{z.error}</span>
                  ) : (
                    <span className="text-slate-600">{z.steps.map((s) => `${s.writes} ${s.name}`).join(" · ") || "up to date"}</span>
                  )}
                </TD>
              </TR>
            );
          })}
        </TBody>
      </Table>
    </div>
  );
}
