import { Badge, type BadgeTone } from "@/components/ui/badge";
import { Mono } from "@/components/ui/table";
import type { PlanView, PublishOperationView } from "@/lib/publish/views";
import { ValueChange } from "./expression-diff";
import { ActionBadge, PlanCounts } from "./publish-badges";

const SHOWN_PER_STEP = 150;

const OUTCOME: Record<PublishOperationView["status"], { tone: BadgeTone; label: string }> = {
  PENDING: { tone: "neutral", label: "pending" },
  APPLIED: { tone: "green", label: "applied" },
  FAILED: { tone: "red", label: "failed" },
  SKIPPED: { tone: "neutral", label: "not applied" },
};

/**
 * The Kong writes of a plan in the order they are sent (services and upstreams before routes and
 * targets, plugins last; deletes bottom-up), each with the fields it changes and, for a publish
 * that ran, its outcome.
 */
export function PlanStepsView({ plan, operations }: { plan: PlanView; operations?: PublishOperationView[] }) {
  const bySeq = new Map(operations?.map((o) => [o.seq, o]));
  if (plan.steps.length === 0) {
    return (
      <p className="text-[13px] text-slate-600">Kong already holds this state: publishing makes no writes.</p>
    );
  }
  // Each op's index in the flattened plan: the seq its recorded outcome carries.
  const offsets = plan.steps.map((_, i) => plan.steps.slice(0, i).reduce((n, s) => n + s.ops.length, 0));
  return (
    <div className="space-y-4">
      <p className="text-[13px] text-slate-600">
        <PlanCounts summary={plan.summary} />
        {plan.summary.unchanged > 0 ? (
          <span className="text-slate-400"> · {plan.summary.unchanged} unchanged</span>
        ) : null}
      </p>
      <ol className="space-y-4">
        {plan.steps.map((step, stepIndex) => {
          const first = offsets[stepIndex];
          return (
            <li key={step.name} aria-label={`Step ${stepIndex + 1}: ${step.name}`}>
              <h3 className="mb-1.5 flex items-baseline gap-2 text-xs font-medium uppercase tracking-wide text-slate-500">
                <span className="flex size-5 items-center justify-center rounded-full bg-slate-100 text-[11px] text-slate-600">
                  {stepIndex + 1}
                </span>
                {step.name}
                <span className="font-normal normal-case text-slate-400">({step.ops.length})</span>
              </h3>
              <ul className="divide-y divide-slate-100 rounded-md border border-slate-200 bg-white">
                {step.ops.slice(0, SHOWN_PER_STEP).map((op, i) => {
                  const outcome = bySeq.get(first + i);
                  return (
                    <li key={`${op.kind}:${op.id}:${op.action}`} className="px-3 py-2 text-[13px]">
                      <div className="flex flex-wrap items-center gap-2">
                        <ActionBadge action={op.action} />
                        <span className="w-16 text-xs text-slate-500">{op.kind}</span>
                        <span
                          className="min-w-0 truncate font-mono text-[12.5px] text-slate-900"
                          title={op.id}
                        >
                          {op.name}
                        </span>
                        {op.note && op.note !== "not desired" ? (
                          <span className="text-xs text-slate-500">({op.note})</span>
                        ) : null}
                        {outcome ? (
                          <span className="ml-auto flex items-center gap-2">
                            {outcome.attempts > 1 ? (
                              <span className="text-xs text-slate-500">{outcome.attempts} attempts</span>
                            ) : null}
                            <Badge tone={OUTCOME[outcome.status].tone} dot>
                              {OUTCOME[outcome.status].label}
                            </Badge>
                          </span>
                        ) : null}
                      </div>
                      {op.changes?.length ? (
                        <ul className="mt-1 space-y-0.5 pl-[5.5rem] text-xs text-slate-600">
                          {op.changes.map((c) => (
                            <li key={c.field}>
                              <Mono className="text-slate-700">{c.field}</Mono>:{" "}
                              {c.field === "expression" ? (
                                <span className="text-slate-500">changed (the diff is under Routes)</span>
                              ) : (
                                <ValueChange field={c.field} before={c.before} after={c.after} />
                              )}
                            </li>
                          ))}
                        </ul>
                      ) : null}
                      {outcome?.error ? (
                        <p className="mt-1 pl-[5.5rem] text-xs text-red-700">{outcome.error}</p>
                      ) : null}
                    </li>
                  );
                })}
                {step.ops.length > SHOWN_PER_STEP ? (
                  <li className="px-3 py-2 text-xs text-slate-500">
                    … and {step.ops.length - SHOWN_PER_STEP} more in this step
                  </li>
                ) : null}
              </ul>
            </li>
          );
        })}
      </ol>
    </div>
  );
}
