"use client";

import Link from "next/link";
import { entitlementColumnHref } from "@/components/common/entity-ref-link";
import { useState, type ReactNode } from "react";
import { ExpressionView } from "@/components/expression/expression-view";
import { EMPTY_FORM, formToQuery, type SimulatorForm } from "@/components/simulator/simulator-state";
import { Alert } from "@/components/ui/alert";
import { Badge, type BadgeTone } from "@/components/ui/badge";
import { Button, ButtonLink } from "@/components/ui/button";
import { focusRing } from "@/components/ui/cn";
import { Section } from "@/components/ui/page-header";
import { Skeleton } from "@/components/ui/skeleton";
import type { RouteDetail as RouteDetailData } from "@/lib/api/route-list";
import { describeForwardChain, exampleRequestPath, forwardChain } from "@/lib/compiler/path-contract";
import { tenantForm, TENANT_EQUALS_LIMIT } from "@/lib/compiler/tenant-set";
import type { EntityRef, Reason } from "@/lib/compiler/types";
import { isApiError } from "@/lib/query/api";
import { useRouteDetail } from "@/lib/query/routes";
import { PriorityBreakdown } from "./priority-breakdown";
import { endpointPath } from "./route-filters";
import { KindBadge, StatusBadge } from "./route-badges";

type ActiveRoute = Extract<RouteDetailData, { active: true }>;

const link = `rounded font-medium text-indigo-700 hover:text-indigo-500 ${focusRing}`;

export function RouteDetail({ zone, name }: { zone: string; name: string }) {
  const route = useRouteDetail(zone, name);
  if (route.isPending) return <DetailSkeleton />;
  if (route.isError) {
    return isApiError(route.error) && route.error.status === 404 ? (
      <Alert
        tone="warning"
        title="No such route"
        action={
          <ButtonLink href={`/routes?zone=${encodeURIComponent(zone)}`} size="sm">
            Routes of {zone}
          </ButtonLink>
        }
      >
        {route.error.message}. Routes are recomputed from the database on every change, so it may have been
        renamed or removed.
      </Alert>
    ) : (
      <Alert
        title="The route couldn't be loaded"
        action={
          <Button size="sm" onClick={() => void route.refetch()}>
            Try again
          </Button>
        }
      >
        {route.error.message}
      </Alert>
    );
  }
  return <RouteDetailView route={route.data} />;
}

function DetailSkeleton() {
  return (
    <div role="status" aria-label="Loading route" className="space-y-4">
      <Skeleton className="h-24 w-full" />
      <Skeleton className="h-40 w-full" />
      <Skeleton className="h-56 w-full" />
    </div>
  );
}

function Fact({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div className="min-w-0">
      <dt className="text-xs font-medium text-slate-500">{label}</dt>
      <dd className="mt-0.5 truncate text-sm text-slate-800">{children}</dd>
    </div>
  );
}

function RouteDetailView({ route }: { route: RouteDetailData }) {
  const endpoint = route.endpoint
    ? `${route.endpoint.methods.length ? route.endpoint.methods.join(", ") : "any method"} ${endpointPath(route.basePath, route.endpoint.path)}`
    : `${route.basePath} and everything under it`;
  return (
    <div className="space-y-5">
      <div className="flex flex-wrap items-center gap-2">
        <KindBadge kind={route.kind} />
        <StatusBadge active={route.active} />
        {route.active ? (
          <span className="text-[13px] text-slate-500">
            tried <span className="font-medium text-slate-700">#{route.rank}</span> in zone {route.zone}
          </span>
        ) : null}
        <div className="ml-auto">
          {route.active && route.downstreams?.[0] ? (
            <ButtonLink href={simulateHref(route)} size="sm">
              Simulate a request to it
            </ButtonLink>
          ) : null}
        </div>
      </div>

      {!route.active ? (
        <Alert tone="warning" title="Inactive: not emitted to Kong">
          {route.reason}{" "}
          {/* The only thing that activates it: a tenant entitled to this application version. */}
          <Link href={entitlementColumnHref(route.application, route.version)} className={link}>
            Entitle tenants to {route.application} {route.version}
          </Link>
        </Alert>
      ) : null}

      <dl className="grid grid-cols-2 gap-x-6 gap-y-4 rounded-lg border border-slate-200 bg-white px-5 py-4 shadow-xs sm:grid-cols-3 lg:grid-cols-6">
        <Fact label="Zone">
          <Link href={`/routes?zone=${encodeURIComponent(route.zone)}`} className={link}>
            {route.zone}
          </Link>
        </Fact>
        <Fact label="Application">
          <Link href={`/rovers/${encodeURIComponent(route.roverId)}`} className={link}>
            {route.application} {route.version}
          </Link>
        </Fact>
        <Fact label="Matches">
          <span className="font-mono text-[12.5px]" title={endpoint}>
            {endpoint}
          </span>
        </Fact>
        <Fact label="Realm">
          {route.active ? (
            <Link href={`/zones/${encodeURIComponent(route.zone)}/realms`} className={link}>
              {route.realm}
            </Link>
          ) : (
            "—"
          )}
        </Fact>
        <Fact label="Tenant access">{route.active ? route.tenantAccess : "ENTITLED, nobody entitled"}</Fact>
        <Fact label="Kong route id">
          {route.routeId ? (
            <span className="font-mono text-[12px]" title={route.routeId}>
              {route.routeId}
            </span>
          ) : (
            "—"
          )}
        </Fact>
      </dl>

      {route.active && route.expression ? (
        <Section
          title="Expression"
          description="As Kong receives it, pretty-printed; Kong also requires net.protocol to be http or https."
        >
          <ExpressionView expression={route.expression} label={`Expression of route ${route.name}`} wrap />
        </Section>
      ) : null}

      {route.active && route.priorityParts && route.priority !== undefined ? (
        <Section
          title="Priority"
          description={`${route.priority.toLocaleString("en")}: the bit fields it is made of, most significant first (docs/priority.md).`}
        >
          <PriorityBreakdown priority={route.priority} parts={route.priorityParts} />
        </Section>
      ) : null}

      {route.active ? (
        <div className="grid gap-5 2xl:grid-cols-2">
          <Section
            title="Downstream"
            description="Hosts and paths the route answers, each with the issuer trusted for it."
          >
            <SmallTable
              label="Downstreams"
              headers={["Host", "Path", "Issuer"]}
              rows={(route.downstreams ?? []).map((d) => [d.host, d.path, d.issuer])}
            />
          </Section>
          <Section
            title="Upstream"
            description={
              route.upstream?.viaZone
                ? `Forwarded to zone ${route.upstream.viaZone}'s gateway, which serves the API.`
                : "The exposure's upstreams."
            }
          >
            <SmallTable
              label="Upstream targets"
              headers={["URL", "Weight"]}
              rows={(route.upstream?.targets ?? []).map((t) => [t.url, String(t.weight)])}
            />
          </Section>
        </div>
      ) : null}

      {route.active && route.downstreams.length > 0 ? <PathOnTheWire route={route} /> : null}

      {route.active && route.tenantAccess === "ENTITLED" ? (
        <Section
          title={`Entitled tenants (${route.tenants?.length ?? 0})`}
          description="Only requests whose tenant header names one of these match."
        >
          <TenantList tenants={route.tenants ?? []} />
        </Section>
      ) : null}

      <Section
        title="Why this route exists"
        description="Every rule that put the route here, with the entities it comes from."
      >
        <ul aria-label="Reasons" className="divide-y divide-slate-100">
          {route.reasons.map((reason, i) => (
            <ReasonItem key={i} reason={reason} />
          ))}
        </ul>
      </Section>
    </div>
  );
}

/** One example request per downstream, followed hop by hop with the entities Kong receives (docs/path-contract.md). */
function PathOnTheWire({ route }: { route: ActiveRoute }) {
  const method = route.endpoint?.methods[0] ?? "GET";
  const where = route.upstream.viaZone ? `zone ${route.upstream.viaZone}'s upstream` : "the upstream";
  const base = route.stripBasePath
    ? `only what follows ${route.basePath}`
    : `the base path ${route.basePath} and what follows it`;
  return (
    <Section
      title="Path on the wire"
      description={`What ${where} receives for an example request: ${base}; a gateway's own URL path is never forwarded.`}
    >
      <ul aria-label="Forward chain" className="space-y-1.5">
        {route.downstreams.map((d) => (
          <li key={`${d.host} ${d.path}`} className="font-mono text-[12.5px] text-slate-700 [overflow-wrap:anywhere]">
            {describeForwardChain(method, forwardChain(route, d, exampleRequestPath(route, d)))}
          </li>
        ))}
      </ul>
    </Section>
  );
}

const REASON_TONE: Record<Reason["type"], BadgeTone> = {
  exposure: "indigo",
  subscription: "blue",
  failover: "violet",
  entitlement: "green",
  realm: "neutral",
  "tenant-access": "amber",
};

function ReasonItem({ reason }: { reason: Reason }) {
  const refs = (reason.refs ?? []).slice(0, 12);
  const more = (reason.refs?.length ?? 0) - refs.length;
  return (
    <li className="flex items-start gap-3 py-2.5 first:pt-0 last:pb-0">
      <Badge tone={REASON_TONE[reason.type]} className="mt-px w-24 justify-center">
        {reason.type}
      </Badge>
      <div className="min-w-0 text-sm text-slate-700">
        <p>{reason.message}</p>
        {refs.length > 0 ? (
          <p className="mt-1 flex flex-wrap gap-x-3 gap-y-1 text-[12.5px]">
            {refs.map((ref, i) => (
              <RefLink key={i} entity={ref} />
            ))}
            {more > 0 ? <span className="text-slate-500">+{more} more</span> : null}
          </p>
        ) : null}
      </div>
    </li>
  );
}

function RefLink({ entity }: { entity: EntityRef }) {
  switch (entity.kind) {
    case "zone":
      return (
        <Link href={`/routes?zone=${encodeURIComponent(entity.name)}`} className={link}>
          zone {entity.name}
        </Link>
      );
    case "rover":
      return (
        <Link href={`/rovers/${encodeURIComponent(entity.id)}`} className={link}>
          {entity.name} {entity.version} ({entity.zone})
        </Link>
      );
    case "tenant":
      return (
        <Link href={`/tenants/${encodeURIComponent(entity.name)}`} className={link}>
          tenant {entity.name}
        </Link>
      );
    case "entitlement":
      return (
        <Link href={entitlementColumnHref(entity.application, entity.version, entity.tenant)} className={link}>
          {entity.tenant}
        </Link>
      );
  }
}

function SmallTable({ label, headers, rows }: { label: string; headers: string[]; rows: string[][] }) {
  return (
    <div className="overflow-x-auto rounded-lg border border-slate-200">
      <table aria-label={label} className="w-full border-collapse text-left text-sm">
        <thead className="border-b border-slate-200 bg-slate-50/70">
          <tr>
            {headers.map((h) => (
              <th key={h} scope="col" className="h-8 px-3 text-xs font-medium text-slate-500">
                {h}
              </th>
            ))}
          </tr>
        </thead>
        <tbody className="divide-y divide-slate-100">
          {rows.map((row, i) => (
            <tr key={i}>
              {row.map((cell, j) => (
                <td
                  key={j}
                  className="px-3 py-2 font-mono text-[12.5px] text-slate-700 [overflow-wrap:anywhere]"
                >
                  {cell}
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** A request the route should match: its first host and path, the first method, an entitled tenant. */
function simulateHref(route: ActiveRoute): string {
  const d = route.downstreams[0];
  const form: SimulatorForm = {
    ...EMPTY_FORM,
    zone: route.zone,
    host: d.host,
    // The request the "Path on the wire" example follows.
    path: exampleRequestPath(route, d),
    method: route.endpoint?.methods[0] ?? EMPTY_FORM.method,
    // ANY: the header only has to be present.
    tenant: route.tenants[0] ?? (route.tenantAccess === "ANY" ? "any-tenant" : ""),
    headers: [],
    query: [],
  };
  // The simulator's own URL format (simulator-state.ts), so the link can't drift from it.
  return `/simulate?${formToQuery(form)}`;
}

/** Tenants shown at once before "show all": a consortium version lists hundreds. */
const TENANTS_SHOWN = 120;

/**
 * The route's tenant set as a list with a search (hundreds in a consortium), and which form its
 * clause takes in the expression: one `==` per tenant for small sets, one anchored regex beyond.
 */
function TenantList({ tenants }: { tenants: readonly string[] }) {
  const [query, setQuery] = useState("");
  const [all, setAll] = useState(false);
  const q = query.trim().toLowerCase();
  const matching = q ? tenants.filter((t) => t.includes(q)) : tenants;
  const shown = all ? matching : matching.slice(0, TENANTS_SHOWN);
  return (
    <div className="space-y-2">
      <p className="text-[12.5px] text-slate-600" data-testid="tenant-form">
        {tenantForm(tenants.length) === "equals"
          ? `In the expression: one == per tenant (sets of up to ${TENANT_EQUALS_LIMIT}).`
          : `In the expression: one anchored regex over all ${tenants.length} tenants (sets over ${TENANT_EQUALS_LIMIT}), which matches exactly these names.`}
      </p>
      {tenants.length > 20 ? (
        <input
          type="search"
          aria-label="Search entitled tenants"
          placeholder={`Search ${tenants.length} tenants`}
          value={query}
          onChange={(e) => setQuery(e.target.value)}
          className={`w-64 rounded-md border border-slate-300 px-2 py-1 text-[13px] ${focusRing}`}
        />
      ) : null}
      {q ? <p className="text-[12.5px] text-slate-600">{matching.length} of {tenants.length} match</p> : null}
      <ul aria-label="Entitled tenants" className="flex flex-wrap gap-1.5">
        {shown.map((t) => (
          <li key={t}>
            <Link
              href={`/tenants/${encodeURIComponent(t)}`}
              className={`inline-block rounded-md bg-slate-100 px-2 py-0.5 font-mono text-[12.5px] text-slate-700 hover:bg-indigo-50 hover:text-indigo-700 ${focusRing}`}
            >
              {t}
            </Link>
          </li>
        ))}
      </ul>
      {shown.length < matching.length ? (
        <Button size="sm" onClick={() => setAll(true)}>
          Show all {matching.length}
        </Button>
      ) : null}
    </div>
  );
}
