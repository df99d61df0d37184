"use client";

import Link from "next/link";
import { useMemo, useState } from "react";
import { explainFailure } from "@/components/expression/explain";
import { ExpressionView } from "@/components/expression/expression-view";
import { HighlightedText } from "@/components/expression/highlighted-text";
import { KongRequestView } from "@/components/expression/kong-request-view";
import { parseExpression } from "@/components/expression/parse-cache";
import { RichText } from "@/components/expression/rich-text";
import { KindBadge } from "@/components/routes/route-badges";
import { routeHref } from "@/components/routes/route-filters";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { cn, focusRing } from "@/components/ui/cn";
import { Section } from "@/components/ui/page-header";
import { Skeleton } from "@/components/ui/skeleton";
import { buildContext, predicates, type FailedAt, type HttpRequest } from "@/lib/atc";
import type { SimulateRequest } from "@/lib/api/schemas";
import type { SimulationCandidate, SimulationResult } from "@/lib/compiler/simulate";
import { tenantSetPredicate } from "@/lib/compiler/tenant-set";
import { useRouteDetail } from "@/lib/query/routes";

/** Rows shown before "Show all": a large zone has thousands of routes. */
const FIRST_ROWS = 100;

const link = `rounded font-medium text-indigo-700 hover:text-indigo-500 ${focusRing}`;

export function SimulationOutcome({
  request,
  result,
}: {
  request: SimulateRequest;
  result: SimulationResult;
}) {
  const tried = result.candidates.filter((c) => c.tried).length;
  const winner = result.matched;
  const httpRequest: HttpRequest = { ...request.request, scheme: request.request.scheme ?? "https" };
  const requestKey = JSON.stringify(httpRequest);
  const ctx = useMemo(() => buildContext(JSON.parse(requestKey) as HttpRequest), [requestKey]);
  const usedFields = useMemo(() => {
    if (!winner) return new Set<string>();
    const parsed = parseExpression(winner.expression);
    return new Set(parsed.ok ? predicates(parsed.expr).map((p) => p.lhs.field) : []);
  }, [winner]);

  return (
    <div className="space-y-5">
      {winner ? (
        <div
          className="rounded-lg border border-emerald-200 bg-emerald-50/60 px-5 py-4"
          data-testid="simulation-verdict"
          data-matched="true"
        >
          <div className="flex flex-wrap items-center gap-3">
            <span className="inline-flex items-center rounded-md bg-emerald-600 px-2.5 py-1 text-sm font-semibold text-white shadow-sm">
              Matched
            </span>
            <Link href={routeHref(result.zone, winner.name)} className={cn(link, "font-mono text-[14px]")}>
              {winner.name}
            </Link>
            <KindBadge kind={winner.kind} />
          </div>
          <p className="mt-2 text-sm text-emerald-900">
            Kong tried {tried} of {result.candidates.length} routes of zone {result.zone} in its order; this
            is the first that matches. It serves{" "}
            <span className="font-medium">
              {winner.application} {winner.version}
            </span>{" "}
            at priority <span className="font-mono">{winner.priority}</span>.
          </p>
          <dl className="mt-3 grid gap-x-6 gap-y-3 text-sm sm:grid-cols-2">
            <div>
              <dt className="text-xs font-medium text-emerald-800">Upstream</dt>
              <dd className="mt-0.5 space-y-0.5">
                {winner.upstream.targets.map((t) => (
                  <div key={t.url} className="font-mono text-[12.5px] break-all text-slate-800">
                    {t.url}
                    {winner.upstream.targets.length > 1 ? (
                      <span className="ml-2 font-sans text-xs text-slate-500">weight {t.weight}</span>
                    ) : null}
                  </div>
                ))}
                {winner.upstream.viaZone ? (
                  <div className="text-xs text-slate-600">
                    via zone {winner.upstream.viaZone}&rsquo;s gateway
                  </div>
                ) : null}
              </dd>
            </div>
            <div>
              <dt className="text-xs font-medium text-emerald-800">Captures</dt>
              <dd className="mt-0.5">
                {Object.keys(winner.captures).length === 0 ? (
                  <span className="text-xs text-slate-500">none (the route has no regex groups)</span>
                ) : (
                  <table aria-label="Captures" className="text-sm">
                    <tbody>
                      {Object.entries(winner.captures).map(([k, v]) => (
                        <tr key={k}>
                          <th
                            scope="row"
                            className="pr-3 text-left font-mono text-[12.5px] font-normal text-slate-600"
                          >
                            {/^[0-9]+$/.test(k) ? `$${k}` : k}
                          </th>
                          <td className="font-mono text-[12.5px] text-slate-900">{JSON.stringify(v)}</td>
                        </tr>
                      ))}
                    </tbody>
                  </table>
                )}
              </dd>
            </div>
          </dl>
          <ExpressionView
            expression={winner.expression}
            label={`Expression of route ${winner.name}`}
            wrap
            className="mt-4 bg-white"
            maxHeight="16rem"
          />
        </div>
      ) : (
        <div
          className="rounded-lg border border-rose-200 bg-rose-50/60 px-5 py-4"
          data-testid="simulation-verdict"
          data-matched="false"
        >
          <div className="flex flex-wrap items-center gap-3">
            <span className="inline-flex items-center rounded-md bg-rose-600 px-2.5 py-1 text-sm font-semibold text-white shadow-sm">
              404 Not Found
            </span>
            <span className="text-sm text-rose-900">
              Kong tried all {result.candidates.length} routes of zone {result.zone}; none matched.
            </span>
          </div>
          <pre
            aria-label="Kong's response body"
            className="mt-3 overflow-x-auto rounded-md bg-white px-3 py-2 font-mono text-[12.5px] text-slate-800 ring-1 ring-rose-200"
          >
            {JSON.stringify({ message: result.message })}
          </pre>
        </div>
      )}

      <Section
        title="Request as Kong sees it"
        description="After Kong's normalization; a dot marks the fields the winning route reads."
      >
        <KongRequestView request={httpRequest} ctx={ctx} usedFields={usedFields} />
      </Section>

      <Section
        title="Routes in Kong's order"
        description="Priority descending, then route id descending; Kong stops at the first match."
      >
        <CandidateTable zone={result.zone} candidates={result.candidates} />
      </Section>
    </div>
  );
}

function CandidateTable({ zone, candidates }: { zone: string; candidates: SimulationCandidate[] }) {
  const [showUntried, setShowUntried] = useState(false);
  const [limit, setLimit] = useState(FIRST_ROWS);
  const untried = candidates.filter((c) => !c.tried).length;
  const visible = (showUntried ? candidates : candidates.filter((c) => c.tried)).slice(0, limit);
  const available = showUntried ? candidates.length : candidates.length - untried;
  if (candidates.length === 0) return <p className="text-sm text-slate-500">Zone {zone} has no routes.</p>;
  return (
    <div className="space-y-3">
      <div className="overflow-x-auto rounded-lg border border-slate-200">
        <table aria-label="Candidate routes" className="w-full table-fixed border-collapse text-left text-sm">
          <colgroup>
            <col style={{ width: "3rem" }} />
            <col style={{ width: "42%" }} />
            <col style={{ width: "8.5rem" }} />
            <col />
          </colgroup>
          <thead className="border-b border-slate-200 bg-slate-50/70">
            <tr>
              <th scope="col" className="h-8 w-12 px-3 text-right text-xs font-medium text-slate-500">
                #
              </th>
              <th scope="col" className="h-8 px-3 text-xs font-medium text-slate-500">
                Route
              </th>
              <th scope="col" className="h-8 px-3 text-xs font-medium text-slate-500">
                Result
              </th>
              <th scope="col" className="h-8 px-3 text-xs font-medium text-slate-500">
                First predicate that failed
              </th>
            </tr>
          </thead>
          <tbody className="divide-y divide-slate-100">
            {visible.map((c, i) => (
              <CandidateRow key={c.name} zone={zone} candidate={c} position={i + 1} />
            ))}
          </tbody>
        </table>
      </div>
      <div className="flex flex-wrap items-center gap-2">
        {visible.length < available ? (
          <Button size="sm" onClick={() => setLimit(available)}>
            Show all {available.toLocaleString("en")}
          </Button>
        ) : null}
        {untried > 0 ? (
          <Button
            size="sm"
            variant="ghost"
            aria-pressed={showUntried}
            onClick={() => setShowUntried((v) => !v)}
          >
            {showUntried ? "Hide" : "Show"} the {untried.toLocaleString("en")} routes Kong never reached
          </Button>
        ) : null}
      </div>
    </div>
  );
}

function CandidateRow({
  zone,
  candidate: c,
  position,
}: {
  zone: string;
  candidate: SimulationCandidate;
  position: number;
}) {
  const [open, setOpen] = useState(false);
  const winner = c.tried && c.matched;
  return (
    <>
      <tr className={cn(winner && "bg-emerald-50/60", !c.tried && "text-slate-400")}>
        <td className="px-3 py-2 text-right font-mono text-[12px] tabular-nums text-slate-400">{position}</td>
        <td className="px-3 py-2">
          <Link
            href={routeHref(zone, c.name)}
            className={cn(
              "font-mono text-[12.5px]",
              c.tried ? link : "rounded text-slate-500 hover:text-indigo-600",
            )}
          >
            {c.name}
          </Link>
          <span className="block text-xs text-slate-500">
            {c.application} {c.version} · {c.kind} · priority{" "}
            <span className="font-mono tabular-nums">{c.priority}</span>
          </span>
        </td>
        <td className="whitespace-nowrap px-3 py-2">
          {winner ? (
            <Badge tone="green" dot>
              winner
            </Badge>
          ) : !c.tried ? (
            <Badge
              tone="neutral"
              title={c.matched ? "It would match too, but a route before it won" : undefined}
            >
              not tried{c.matched ? " (would match)" : ""}
            </Badge>
          ) : (
            <Badge tone="red">no match</Badge>
          )}
        </td>
        <td className="px-3 py-2">
          {c.failedAt ? (
            <div className="flex items-start gap-2">
              <FailedPredicate text={c.failedAt.predicate} />
              <Button
                size="sm"
                variant="ghost"
                className="h-6 px-1.5 text-xs"
                aria-expanded={open}
                aria-label={`Why ${c.name} did not match`}
                onClick={() => setOpen((v) => !v)}
              >
                {open ? "Hide" : "Why?"}
              </Button>
            </div>
          ) : (
            <span className="text-xs text-slate-400">—</span>
          )}
        </td>
      </tr>
      {open && c.failedAt ? (
        <tr>
          <td />
          <td colSpan={3} className="px-3 pb-3">
            <FailureExplanation zone={zone} name={c.name} failedAt={c.failedAt} />
          </td>
        </tr>
      ) : null}
    </>
  );
}

/** The explanation needs the expression's tree: the route's detail brings its text. */
function FailureExplanation({ zone, name, failedAt }: { zone: string; name: string; failedAt: FailedAt }) {
  const route = useRouteDetail(zone, name);
  const reasons = useMemo(() => {
    if (!route.data?.active) return null;
    const parsed = parseExpression(route.data.expression);
    return parsed.ok ? explainFailure(parsed.expr, failedAt) : null;
  }, [route.data, failedAt]);
  return (
    <div
      role="group"
      aria-label={`Why ${name} did not match`}
      className="rounded-md border border-rose-200 bg-rose-50/50 px-3 py-2 text-sm text-slate-700"
    >
      <p>
        <span className="text-xs font-medium text-slate-500">Kong saw </span>
        <span className="font-mono text-[12.5px]">
          {failedAt.actual.length === 0 ? (
            <em className="font-sans text-amber-700">no value</em>
          ) : (
            failedAt.actual.map((v) => JSON.stringify(v)).join(", ")
          )}
        </span>
      </p>
      {route.isPending ? <Skeleton className="mt-2 h-3 w-2/3" /> : null}
      {reasons?.map((r) => (
        <p key={r} className="mt-1">
          <RichText text={r} />
        </p>
      ))}
    </div>
  );
}

/**
 * The first failed predicate; a tenant set written as one regex reads as "not in the tenant set
 * of N" with the names searchable, the exact predicate one click away.
 */
function FailedPredicate({ text }: { text: string }) {
  const set = tenantSetPredicate(text);
  const [query, setQuery] = useState("");
  if (!set) {
    return (
      <code className="min-w-0 font-mono text-[12.5px] [overflow-wrap:anywhere]">
        <HighlightedText text={text} />
      </code>
    );
  }
  const q = query.trim().toLowerCase();
  const matching = q ? set.names.filter((n) => n.includes(q)) : [];
  return (
    <div className="min-w-0 space-y-1" data-testid="failed-tenant-set">
      <code className="font-mono text-[12.5px]">
        {set.field} in tenant set ({set.names.length})
      </code>
      <details className="text-xs text-slate-600">
        <summary className={cn("cursor-pointer rounded", focusRing)}>Tenants and exact predicate</summary>
        <input
          type="search"
          aria-label="Search the tenant set"
          placeholder={`Search ${set.names.length} tenants`}
          value={query}
          onChange={(e) => setQuery(e.target.value)}
          className={cn("mt-1 w-56 rounded-md border border-slate-300 px-2 py-0.5", focusRing)}
        />
        {q ? (
          <p className="mt-1 font-mono [overflow-wrap:anywhere]">
            {matching.length} of {set.names.length}: {matching.slice(0, 50).join(", ")}
            {matching.length > 50 ? " …" : ""}
          </p>
        ) : null}
        <code className="mt-1 block font-mono [overflow-wrap:anywhere]">
          <HighlightedText text={text} />
        </code>
      </details>
    </div>
  );
}
