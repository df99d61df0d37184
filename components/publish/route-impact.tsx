import { ExpressionView } from "@/components/expression/expression-view";
import { Badge } from "@/components/ui/badge";
import { Mono } from "@/components/ui/table";
import type { RouteImpact, RouteSnapshot } from "@/lib/publish/views";
import { ExpressionDiff } from "./expression-diff";

/** Routes added, removed and changed since the baseline publish, each changed expression as a diff. */
export function RouteImpactView({ impact, baselineLabel }: { impact: RouteImpact; baselineLabel: string }) {
  const total = impact.added.length + impact.removed.length + impact.changed.length;
  return (
    <div className="space-y-5">
      <p className="text-[13px] text-slate-600">
        {total === 0 ? (
          <>No route changed {baselineLabel}.</>
        ) : (
          <>
            <span className="font-medium text-slate-900 tabular-nums">{total}</span> route
            {total === 1 ? " differs" : "s differ"} {baselineLabel}:{" "}
            <span className="text-emerald-700 tabular-nums">{impact.added.length} added</span>,{" "}
            <span className="text-amber-700 tabular-nums">{impact.changed.length} changed</span>,{" "}
            <span className="text-red-700 tabular-nums">{impact.removed.length} removed</span>
          </>
        )}
        {impact.unchanged > 0 ? (
          <span className="text-slate-400"> · {impact.unchanged} unchanged</span>
        ) : null}
      </p>

      {impact.changed.length > 0 ? (
        <RouteGroup title="Changed" count={impact.changed.length}>
          {impact.changed.map((c) => (
            <li key={c.name} className="rounded-md border border-slate-200 bg-slate-50/50 p-3">
              <div className="mb-2 flex flex-wrap items-center gap-2">
                <span className="font-mono text-[13px] font-medium text-slate-900">{c.name}</span>
                {c.fields.map((f) => (
                  <Badge key={f} tone="amber">
                    {f}
                  </Badge>
                ))}
              </div>
              {c.fields.includes("priority") ? (
                <p className="mb-2 text-xs text-slate-600">
                  Priority <Mono className="text-red-700">{c.before.priority}</Mono> →{" "}
                  <Mono className="text-emerald-700">{c.after.priority}</Mono>
                </p>
              ) : null}
              {c.fields.includes("upstream") ? (
                <p className="mb-2 text-xs text-slate-600">
                  Upstream <Mono className="text-red-700">{c.before.upstream}</Mono> →{" "}
                  <Mono className="text-emerald-700">{c.after.upstream}</Mono>
                </p>
              ) : null}
              {c.fields.includes("expression") ? (
                <ExpressionDiff
                  before={c.before.expression}
                  after={c.after.expression}
                  label={`Expression diff of route ${c.name}`}
                />
              ) : null}
            </li>
          ))}
        </RouteGroup>
      ) : null}
      {impact.added.length > 0 ? <SnapshotGroup title="Added" tone="green" routes={impact.added} /> : null}
      {impact.removed.length > 0 ? (
        <SnapshotGroup title="Removed" tone="red" routes={impact.removed} />
      ) : null}
    </div>
  );
}

function RouteGroup({ title, count, children }: { title: string; count: number; children: React.ReactNode }) {
  return (
    <div role="group" aria-label={`${title} routes`}>
      <h3 className="mb-2 text-xs font-medium uppercase tracking-wide text-slate-500">
        {title} <span className="text-slate-400 tabular-nums">({count})</span>
      </h3>
      <ul className="space-y-2">{children}</ul>
    </div>
  );
}

function SnapshotGroup({
  title,
  tone,
  routes,
}: {
  title: string;
  tone: "green" | "red";
  routes: RouteSnapshot[];
}) {
  return (
    <RouteGroup title={title} count={routes.length}>
      {routes.map((r) => (
        <li key={r.name} className="rounded-md border border-slate-200">
          <details className="group">
            <summary className="flex cursor-pointer list-none items-center gap-2 px-3 py-2 text-[13px] hover:bg-slate-50">
              <span aria-hidden="true" className="text-slate-400 transition-transform group-open:rotate-90">
                ›
              </span>
              <Badge tone={tone}>{tone === "green" ? "+" : "−"}</Badge>
              <span className="shrink-0 whitespace-nowrap font-mono font-medium text-slate-900">
                {r.name}
              </span>
              <span className="ml-auto min-w-0 truncate text-xs text-slate-500">
                priority <Mono>{r.priority}</Mono> → <Mono>{r.upstream}</Mono>
              </span>
            </summary>
            <div className="border-t border-slate-100 p-3">
              <ExpressionView
                expression={r.expression}
                label={`Expression of route ${r.name}`}
                maxHeight="16rem"
              />
            </div>
          </details>
        </li>
      ))}
    </RouteGroup>
  );
}
