"use client";

import { useId, useState, type ReactNode } from "react";
import { cn, focusRing } from "@/components/ui/cn";
import {
  type PendingBatch,
  type TenantEffect,
  type ZoneRouteImpact,
  useEntitlementImpact,
} from "@/lib/query/entitlements";

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? "" : "s"}`;

const KINDS = [
  { key: "added", label: "added", tone: "text-emerald-700" },
  { key: "activated", label: "activated", tone: "text-emerald-700" },
  { key: "changed", label: "changed", tone: "text-amber-700" },
  { key: "deactivated", label: "deactivated", tone: "text-red-700" },
  { key: "removed", label: "removed", tone: "text-red-700" },
] as const;

const namesOf = (zone: ZoneRouteImpact, kind: (typeof KINDS)[number]["key"]) =>
  kind === "changed" ? zone.changed.map((c) => c.name) : zone[kind];

/** "2 changed, 1 activated" for one zone, in a fixed order. */
function zoneParts(zone: ZoneRouteImpact) {
  return KINDS.map((k) => ({ ...k, count: namesOf(zone, k.key).length })).filter((k) => k.count > 0);
}

const servedText = (s: TenantEffect["before"]) => (s ? `${s.application} ${s.version}` : "no route");

/** The endpoint as an operator names it: `GET /capabilities`, `GET /capabilities/{id}`, `/orders/…`. */
const endpointText = (e: TenantEffect) =>
  e.endpoint
    ? `${e.request.method} ${e.endpoint.path === "/" ? e.basePath : `${e.basePath}${e.endpoint.path}`}`
    : `${e.request.method} ${e.basePath}/…`;

/** "university: GET /capabilities — mod-capabilities 1.0.0 → 2.0.0 (eu-central)". */
export function effectText(e: TenantEffect): string {
  return `${e.tenant}: ${endpointText(e)} — ${servedText(e.before)} → ${servedText(e.after)} (${e.zone})`;
}

/** Effects shown without opening the details; the rest are behind "Show routes". */
const EFFECTS_SHOWN = 3;

/**
 * Right beside the pending changes: how many routes in which zones they change, worked out by the
 * server by compiling the estate with and without them (`POST /entitlements/impact`). An ENTITLED
 * route whose last tenant is revoked is "deactivated" (no longer emitted), not silently widened.
 */
export function EntitlementImpactSummary({ batch }: { batch: PendingBatch }) {
  const impact = useEntitlementImpact(batch);
  const [open, setOpen] = useState(false);
  const detailsId = useId();
  const data = impact.data;
  const updating = impact.isFetching;

  let summary: ReactNode;
  if (impact.isError && !data)
    summary = (
      <span className="text-red-700">Couldn&apos;t work out the route impact: {impact.error.message}</span>
    );
  else if (!data) summary = <span className="text-slate-500">Working out which routes change…</span>;
  else if (data.routes === 0) summary = <span className="text-slate-600">No route changes.</span>;
  else
    summary = (
      <>
        <span className="font-medium text-slate-800">
          {plural(data.routes, "route")} in {plural(data.zones.length, "zone")}{" "}
          {data.routes === 1 ? "changes" : "change"}
        </span>
        <span className="text-slate-500">
          {": "}
          {data.zones.map((z, i) => (
            <span key={z.zone}>
              {i ? "; " : ""}
              <span className="font-mono text-slate-700">{z.zone}</span>{" "}
              {zoneParts(z)
                .map((p) => `${p.count} ${p.label}`)
                .join(", ")}
            </span>
          ))}
        </span>
      </>
    );

  const effects = data?.effects ?? [];
  return (
    <div className="min-w-0">
      {effects.length > 0 ? (
        <ul aria-label="Effects per tenant" className="mb-1 space-y-0.5 text-[12.5px] text-slate-700">
          {effects.slice(0, open ? effects.length : EFFECTS_SHOWN).map((e) => (
            <li key={`${e.tenant} ${e.zone} ${e.request.method} ${e.request.path}`} className="truncate font-mono" title={effectText(e)}>
              {effectText(e)}
            </li>
          ))}
          {!open && effects.length > EFFECTS_SHOWN ? (
            <li className="text-slate-500">+{effects.length - EFFECTS_SHOWN} more effects</li>
          ) : null}
        </ul>
      ) : null}
      <div className="flex items-baseline gap-3">
        <p
          role="status"
          aria-label="Route impact"
          aria-live="polite"
          aria-busy={updating}
          className={cn("min-w-0 text-[13px] transition-opacity", updating && data && "opacity-60")}
        >
          {summary}
        </p>
        {data && data.routes > 0 ? (
          <button
            type="button"
            aria-expanded={open}
            aria-controls={detailsId}
            onClick={() => setOpen((o) => !o)}
            className={cn(
              "shrink-0 rounded px-1 text-[12px] font-medium text-indigo-600 hover:bg-indigo-50",
              focusRing,
            )}
          >
            {open ? "Hide routes" : "Show routes"}
          </button>
        ) : null}
      </div>
      {open && data && data.routes > 0 ? (
        <div
          id={detailsId}
          className="mt-2 max-h-56 space-y-2 overflow-auto rounded-md border border-slate-200 bg-slate-50/70 p-3"
        >
          {data.zones.map((z) => (
            <section key={z.zone} aria-label={`Route changes in ${z.zone}`}>
              <h3 className="font-mono text-[12px] font-medium text-slate-700">{z.zone}</h3>
              <ul className="mt-1 space-y-0.5">
                {KINDS.flatMap((k) =>
                  namesOf(z, k.key).map((name) => (
                    <li key={`${k.key}-${name}`} className="flex gap-2 text-[12px]">
                      <span className={cn("w-20 shrink-0 font-medium", k.tone)}>{k.label}</span>
                      <span className="truncate font-mono text-slate-600">{name}</span>
                    </li>
                  )),
                )}
              </ul>
            </section>
          ))}
        </div>
      ) : null}
    </div>
  );
}
