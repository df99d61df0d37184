"use client";

import Link from "next/link";
import { entitlementColumnHref } from "@/components/common/entity-ref-link";
import { KindBadge } from "@/components/routes/route-badges";
import { routeHref } from "@/components/routes/route-filters";
import { Alert } from "@/components/ui/alert";
import { Badge } from "@/components/ui/badge";
import { ButtonLink } from "@/components/ui/button";
import { cn, focusRing } from "@/components/ui/cn";
import { Section } from "@/components/ui/page-header";
import { Skeleton, TableSkeleton } from "@/components/ui/skeleton";
import { Mono, Table, TBody, TD, TH, THead, TR } from "@/components/ui/table";
import { useEntitlements } from "@/lib/query/entitlements";
import { useTenantServed, type TenantEndpoint } from "@/lib/query/overview";

const link = `rounded font-medium text-indigo-700 hover:text-indigo-500 ${focusRing}`;

/** The simulator, filled in with the endpoint's request and the tenant's header. */
export function simulateAsHref(tenant: string, endpoint?: TenantEndpoint): string {
  const params = new URLSearchParams();
  if (endpoint) {
    params.set("zone", endpoint.zone);
    params.set("method", endpoint.request.method);
    params.set("scheme", endpoint.request.scheme);
    params.set("host", endpoint.request.host);
    params.set("path", endpoint.request.path);
  }
  params.set("tenant", tenant);
  return `/simulate?${params.toString()}`;
}

const endpointLabel = (e: TenantEndpoint) =>
  e.endpoint ? `${e.endpoint.methods.join(", ")} ${e.endpoint.path === "/" ? e.basePath : `${e.basePath}${e.endpoint.path}`}` : `${e.basePath}/…`;

/** What the tenant holds, and which route Kong would pick for each API endpoint in each zone. */
export function TenantRoutes({ name }: { name: string }) {
  return (
    <div className="space-y-6">
      <TenantEntitlements name={name} />
      <ServedEndpoints name={name} />
    </div>
  );
}

function TenantEntitlements({ name }: { name: string }) {
  const entitlements = useEntitlements({ tenant: name, limit: 500 });
  return (
    <Section
      title="Entitlements"
      description="The application versions this tenant may use: routes with tenant access ENTITLED match it only for these."
      actions={
        <ButtonLink href={`/entitlements?tenant=${encodeURIComponent(name)}`} size="sm" variant="secondary">
          Edit entitlements
        </ButtonLink>
      }
    >
      {entitlements.isPending ? (
        <Skeleton className="h-6 w-64" />
      ) : entitlements.isError ? (
        <Alert title="Entitlements couldn't be loaded">{entitlements.error.message}</Alert>
      ) : entitlements.data.items.length === 0 ? (
        <p className="text-[13px] text-slate-600">None: only routes that admit any tenant (or no tenant check) serve {name}.</p>
      ) : (
        <ul aria-label="Entitlements" className="flex flex-wrap gap-2">
          {entitlements.data.items.map((e) => (
            <li key={`${e.application}@${e.version}`}>
              <Link href={entitlementColumnHref(e.application, e.version, name)} prefetch={false} className={cn(link, "font-mono text-[12.5px]")}>
                {e.application} {e.version}
              </Link>
            </li>
          ))}
        </ul>
      )}
    </Section>
  );
}

function ServedEndpoints({ name }: { name: string }) {
  const served = useTenantServed(name);
  return (
    <Section
      title="Served routes"
      description={`For each zone and API endpoint, the route Kong would pick for a request with this tenant's header, as the request simulator works it out.`}
      actions={
        <ButtonLink href={simulateAsHref(name)} size="sm" variant="secondary">
          Simulate as this tenant
        </ButtonLink>
      }
    >
      {served.isPending ? (
        <TableSkeleton columns={4} label="Working out the served routes" />
      ) : served.isError ? (
        <Alert title="The served routes couldn't be worked out">{served.error.message}</Alert>
      ) : served.data.endpoints.length === 0 ? (
        <p className="text-[13px] text-slate-600">No zone routes any API yet.</p>
      ) : (
        <Table label={`Routes serving ${name}`}>
          <THead>
            <tr>
              <TH>Zone</TH>
              <TH>Endpoint</TH>
              <TH>Served by</TH>
              <TH>
                <span className="sr-only">Simulate</span>
              </TH>
            </tr>
          </THead>
          <TBody>
            {served.data.endpoints.map((e) => (
              <TR key={`${e.zone} ${e.request.method} ${e.request.host}${e.request.path}`}>
                <TD className="whitespace-nowrap">{e.zone}</TD>
                <TD>
                  <Mono>{endpointLabel(e)}</Mono>
                  <div className="text-xs text-slate-500">{e.applications.join(", ")}</div>
                </TD>
                <TD>
                  {e.servedBy ? (
                    <span className="flex flex-wrap items-center gap-2">
                      <Link href={routeHref(e.zone, e.servedBy.name)} prefetch={false} className={cn(link, "text-[13px]")}>
                        {e.servedBy.application} {e.servedBy.version}
                      </Link>
                      <KindBadge kind={e.servedBy.kind} />
                    </span>
                  ) : (
                    <Badge tone="red" title="Kong answers 404: no route matches this tenant's request">
                      no route
                    </Badge>
                  )}
                </TD>
                <TD className="w-28 text-right">
                  <Link
                    href={simulateAsHref(name, e)}
                    prefetch={false}
                    className={cn(link, "whitespace-nowrap text-xs")}
                    aria-label={`Simulate ${e.request.method} ${e.request.path} in ${e.zone} as ${name}`}
                  >
                    Simulate
                  </Link>
                </TD>
              </TR>
            ))}
          </TBody>
        </Table>
      )}
    </Section>
  );
}
