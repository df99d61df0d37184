"use client";

import Link from "next/link";
import { WarningSources } from "@/components/common/entity-ref-link";
import { KindBadge } from "@/components/routes/route-badges";
import { eligibilityText } from "@/components/topology/labels";
import { Alert } from "@/components/ui/alert";
import { Badge } from "@/components/ui/badge";
import { focusRing } from "@/components/ui/cn";
import { EmptyState } from "@/components/ui/empty-state";
import { Skeleton } from "@/components/ui/skeleton";
import { Mono, TBody, TD, TH, THead, TR, Table } from "@/components/ui/table";
import { VisibilityBadge } from "@/components/zones/zone-badges";
import type { Topology, TopologyRealm, TopologyZone } from "@/lib/api/topology";
import { useTopology } from "@/lib/query/topology";

const linkClass = `rounded font-mono text-[12.5px] text-indigo-700 hover:underline ${focusRing}`;

export function ZoneRealms({ name }: { name: string }) {
  const topology = useTopology();
  if (topology.isPending)
    return (
      <div role="status" aria-label="Loading realms" className="space-y-4">
        <Skeleton className="h-24 w-full" />
        <Skeleton className="h-48 w-full" />
      </div>
    );
  if (topology.isError)
    return <Alert title={`Realms of ${name} couldn't be loaded`}>{topology.error.message}</Alert>;
  const zone = topology.data.zones.find((z) => z.name === name);
  if (!zone)
    return (
      <EmptyState
        title={`Zone ${name} does not exist`}
        description="It may have been deleted or renamed."
        action={
          <Link href="/zones" className={linkClass}>
            All zones
          </Link>
        }
      />
    );
  return <RealmsOfZone zone={zone} topology={topology.data} />;
}

function RealmsOfZone({ zone, topology }: { zone: TopologyZone; topology: Topology }) {
  const served = topology.apis.flatMap((api) =>
    api.serving.filter((s) => s.zone === zone.name).map((s) => ({ api, serving: s })),
  );
  return (
    <div className="space-y-6">
      <ZoneFacts zone={zone} />
      <Problems zone={zone} />
      {zone.realms.map((realm) => (
        <RealmTable key={realm.name} realm={realm} zone={zone} environment={topology.environment} />
      ))}
      <section aria-label="APIs served" className="rounded-lg border border-slate-200 bg-white shadow-xs">
        <div className="flex items-center justify-between border-b border-slate-100 px-5 py-4">
          <div>
            <h2 className="text-sm font-semibold text-slate-900">APIs served here</h2>
            <p className="mt-0.5 text-[13px] text-slate-500">
              Which realm each API&apos;s routes in {zone.name} use, and why.
            </p>
          </div>
          <Link
            href={`/topology`}
            className={`text-[13px] text-indigo-700 hover:underline ${focusRing} rounded`}
          >
            Open topology
          </Link>
        </div>
        {served.length === 0 ? (
          <p className="px-5 py-5 text-sm text-slate-500">
            No route in this zone yet: nothing is exposed here or subscribed from here.
          </p>
        ) : (
          <Table label={`APIs served in ${zone.name}`} className="rounded-none border-0 shadow-none">
            <THead>
              <TR>
                <TH>API</TH>
                <TH>Route kind</TH>
                <TH>Routes</TH>
                <TH>Versions</TH>
                <TH>Forwards to</TH>
              </TR>
            </THead>
            <TBody>
              {served.map(({ api, serving }) => (
                <TR key={`${api.basePath}-${serving.kind}-${serving.realm}-${serving.via ?? ""}`}>
                  <TD>
                    <Mono className="text-slate-900">{api.basePath}</Mono>
                  </TD>
                  <TD>
                    <KindBadge kind={serving.kind} realm={serving.realm} />
                  </TD>
                  <TD className="tabular-nums">{serving.routes}</TD>
                  <TD>
                    <Mono>{serving.versions.join(", ")}</Mono>
                  </TD>
                  <TD>
                    {serving.via ? (
                      <Link href={`/zones/${serving.via}/realms`} className={linkClass}>
                        {serving.via}
                      </Link>
                    ) : (
                      <span className="text-[13px] text-slate-500">the exposure&apos;s upstreams</span>
                    )}
                  </TD>
                </TR>
              ))}
            </TBody>
          </Table>
        )}
      </section>
    </div>
  );
}

function Fact({ label, children }: { label: string; children: React.ReactNode }) {
  return (
    <div className="min-w-0">
      <dt className="text-xs font-medium text-slate-500">{label}</dt>
      <dd className="mt-1 text-sm text-slate-800">{children}</dd>
    </div>
  );
}

function ZoneFacts({ zone }: { zone: TopologyZone }) {
  return (
    <dl
      aria-label="Zone facts"
      className="grid grid-cols-1 gap-x-8 gap-y-4 rounded-lg border border-slate-200 bg-white px-5 py-4 shadow-xs sm:grid-cols-2 xl:grid-cols-[110px_minmax(0,1fr)_minmax(0,1fr)_minmax(0,1.25fr)]"
    >
      <Fact label="Visibility">
        <VisibilityBadge visibility={zone.visibility} />
      </Fact>
      <Fact label="Gateway URL">
        <Mono className="block truncate" title={zone.gatewayUrl}>
          {zone.gatewayUrl}
        </Mono>
      </Fact>
      <Fact label="DTC URL">
        {zone.dtcUrl ? (
          <Mono className="block truncate" title={zone.dtcUrl}>
            {zone.dtcUrl}
          </Mono>
        ) : (
          <span className="text-slate-400">none</span>
        )}
      </Fact>
      <Fact label="DTC">
        <div
          className="flex flex-wrap gap-1.5"
          role="status"
          aria-label="DTC status"
          title={eligibilityText(zone)}
        >
          {zone.dtcEligible ? (
            <Badge tone="green" dot>
              DTC-eligible
            </Badge>
          ) : (
            <Badge tone="neutral">Not DTC-eligible</Badge>
          )}
          {zone.dtcMember ? <Badge tone="violet">dtc member</Badge> : null}
        </div>
        <p className="mt-1.5 text-xs text-slate-500">{eligibilityText(zone)}</p>
      </Fact>
    </dl>
  );
}

function Problems({ zone }: { zone: TopologyZone }) {
  if (zone.problems.length === 0)
    return (
      <Alert tone="info" title="No realm problems">
        Every route of {zone.name} is served on the realm it asks for.
      </Alert>
    );
  return (
    <section aria-label="Realm problems" className="space-y-2">
      {zone.problems.map((p) => (
        <Alert
          key={p.message}
          tone={p.severity === "error" ? "error" : "warning"}
          title={problemTitle(p.code)}
        >
          {p.message}
          <WarningSources warning={p} />
        </Alert>
      ))}
    </section>
  );
}

function problemTitle(code: string): string {
  switch (code) {
    case "dtc-realm-missing":
      return "Must serve dtc without a DTC URL";
    case "subscription-refused":
      return "Subscription refused";
    case "subscription-unmatched":
      return "Subscription to an API nobody exposes";
    case "failover-refused":
      return "No failover for a ZONE exposure";
    default:
      return code;
  }
}

function RealmTable({
  realm,
  zone,
  environment,
}: {
  realm: TopologyRealm;
  zone: TopologyZone;
  environment: string;
}) {
  const isDtc = realm.name === "dtc";
  return (
    <section
      aria-label={`Realm ${realm.name}`}
      className="rounded-lg border border-slate-200 bg-white shadow-xs"
    >
      <div className="flex flex-wrap items-start justify-between gap-4 border-b border-slate-100 px-5 py-4">
        <div className="min-w-0">
          <h2 className="flex items-center gap-2 text-sm font-semibold text-slate-900">
            Realm <span className="font-mono">{realm.name}</span>
            {isDtc ? (
              <Badge tone="violet">DTC</Badge>
            ) : realm.name === environment && realm.name !== "default" ? (
              <Badge>default realm</Badge>
            ) : null}
          </h2>
          <p className="mt-0.5 text-[13px] text-slate-500">
            {isDtc
              ? `The zone's own gateway URL plus every zone's DTC URL, each paired with the issuer of the zone that owns it.`
              : `The zone's gateway URL with the issuer of its ${environment} realm.`}
          </p>
        </div>
        <p className="text-right text-[13px] text-slate-600">
          <span className="font-medium tabular-nums text-slate-900">{realm.routes}</span>{" "}
          {realm.routes === 1 ? "route" : "routes"}
          {realm.apis.length ? (
            <span className="block font-mono text-[12px] text-slate-500">{realm.apis.join(", ")}</span>
          ) : (
            <span className="block text-[12px] text-slate-400">unused</span>
          )}
        </p>
      </div>
      <Table
        label={`Realm ${realm.name} of ${zone.name}`}
        className="rounded-none rounded-b-lg border-0 shadow-none"
      >
        <THead>
          <TR>
            <TH className="w-10">#</TH>
            <TH>URL</TH>
            <TH>Issuer</TH>
            <TH>Owner</TH>
          </TR>
        </THead>
        <TBody>
          {realm.entries.map((entry, i) => (
            <TR key={`${entry.url}-${i}`}>
              <TD className="tabular-nums text-slate-400">{i + 1}</TD>
              <TD>
                <Mono className="text-slate-900">{entry.url}</Mono>
              </TD>
              <TD>
                <Mono>{entry.issuer}</Mono>
              </TD>
              <TD>
                <div className="flex items-center gap-2">
                  {entry.owner ? (
                    <Link href={`/zones/${entry.owner}/realms`} className={linkClass}>
                      {entry.owner}
                    </Link>
                  ) : (
                    <span className="text-slate-400">unknown</span>
                  )}
                  <Badge tone={entry.source === "dtc" ? "violet" : "neutral"} className="text-[11px]">
                    {entry.source === "dtc" ? "DTC URL" : entry.source === "gateway" ? "gateway" : "?"}
                  </Badge>
                </div>
              </TD>
            </TR>
          ))}
        </TBody>
      </Table>
    </section>
  );
}
