"use client";

import Link from "next/link";
import { usePathname, useRouter } from "next/navigation";
import { useState } from "react";
import { Alert } from "@/components/ui/alert";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { focusRing } from "@/components/ui/cn";
import { EmptyState } from "@/components/ui/empty-state";
import { Select } from "@/components/ui/input";
import { SearchInput } from "@/components/ui/search-input";
import { Skeleton } from "@/components/ui/skeleton";
import { Mono, TBody, TD, TH, THead, TR, Table } from "@/components/ui/table";
import type { Topology, TopologyApi } from "@/lib/api/topology";
import { useTopology } from "@/lib/query/topology";
import { KindBadge } from "@/components/routes/route-badges";
import { KIND_STYLE } from "./labels";
import { TopologyMap } from "./topology-map";

const ALL = "";

export function TopologyView({ initialApi }: { initialApi: string }) {
  const topology = useTopology();
  if (topology.isPending)
    return (
      <div role="status" aria-label="Loading topology" className="space-y-4">
        <Skeleton className="h-10 w-72" />
        <Skeleton className="h-[520px] w-full" />
      </div>
    );
  if (topology.isError)
    return <Alert title="The topology couldn't be loaded">{topology.error.message}</Alert>;
  if (topology.data.zones.length === 0)
    return (
      <EmptyState
        title="No zones yet"
        description="Create a zone and deploy rovers to see which zones serve which API."
        action={
          <Link href="/zones/new" className={`text-sm text-indigo-700 hover:underline ${focusRing} rounded`}>
            New zone
          </Link>
        }
      />
    );
  return <TopologyScreen topology={topology.data} initialApi={initialApi} />;
}

function TopologyScreen({ topology, initialApi }: { topology: Topology; initialApi: string }) {
  const router = useRouter();
  const pathname = usePathname();
  const [api, setApi] = useState(initialApi);
  const selected = topology.apis.find((a) => a.basePath === api) ?? null;

  const choose = (value: string) => {
    setApi(value);
    // The selection lives in the URL so a picture can be shared.
    router.replace(value ? `${pathname}?api=${encodeURIComponent(value)}` : pathname, { scroll: false });
  };

  return (
    <div className="space-y-6">
      <div className="flex flex-wrap items-end justify-between gap-4">
        <div className="w-72">
          <label htmlFor="topology-api" className="mb-1.5 block text-[13px] font-medium text-slate-700">
            API
          </label>
          <Select
            id="topology-api"
            value={selected ? selected.basePath : ALL}
            onChange={(e) => choose(e.target.value)}
          >
            <option value={ALL}>All APIs ({topology.apis.length})</option>
            {topology.apis.map((a) => (
              <option key={a.basePath} value={a.basePath}>
                {a.basePath}
              </option>
            ))}
          </Select>
        </div>
        <Legend />
      </div>

      {/* The panel goes beside the picture only where that leaves the picture its full size. */}
      <div className="grid gap-6 min-[1680px]:grid-cols-[minmax(0,1fr)_320px]">
        <div className="overflow-x-auto rounded-lg border border-slate-200 bg-white p-3 shadow-xs">
          <TopologyMap zones={topology.zones} apis={topology.apis} selected={selected} />
        </div>
        <ApiPanel api={selected} topology={topology} />
      </div>

      <ServingMatrix topology={topology} onSelect={choose} />
    </div>
  );
}

function Legend() {
  return (
    <ul
      aria-label="Legend"
      className="flex flex-wrap items-center gap-x-5 gap-y-2 text-[12.5px] text-slate-600"
    >
      <li className="flex items-center gap-2">
        <span
          aria-hidden="true"
          className="inline-block h-4 w-6 rounded border-[3px]"
          style={{ borderColor: KIND_STYLE.real.stroke, background: KIND_STYLE.real.fill }}
        />
        Real route (provider zone)
      </li>
      <li className="flex items-center gap-2">
        <LineSwatch color={KIND_STYLE.proxy.stroke} />
        Proxy route → provider
      </li>
      <li className="flex items-center gap-2">
        <LineSwatch color={KIND_STYLE.failover.stroke} dashed />
        Failover route → provider
      </li>
      <li className="flex items-center gap-2">
        <Badge tone="green" dot>
          DTC-eligible
        </Badge>
      </li>
      <li className="flex items-center gap-2">
        <span className="font-mono text-[11.5px] text-violet-700">DTC host</span>
        member of the dtc realm
      </li>
      <li className="flex items-center gap-2">
        <span
          aria-hidden="true"
          className="inline-block h-4 w-6 rounded border border-slate-300 bg-slate-50"
        />
        Not serving
      </li>
      <li className="flex items-center gap-2">
        <Badge tone="amber">⚠ needs dtc</Badge>
        must serve dtc without a DTC URL
      </li>
    </ul>
  );
}

function LineSwatch({ color, dashed }: { color: string; dashed?: boolean }) {
  return (
    <svg width="30" height="10" aria-hidden="true">
      <line
        x1="1"
        y1="5"
        x2="23"
        y2="5"
        stroke={color}
        strokeWidth="2"
        strokeDasharray={dashed ? "5 3" : undefined}
      />
      <path d="M22 1L29 5L22 9z" fill={color} />
    </svg>
  );
}

function ApiPanel({ api, topology }: { api: TopologyApi | null; topology: Topology }) {
  if (!api)
    return (
      <aside
        aria-label="Estate summary"
        className="space-y-4 rounded-lg border border-slate-200 bg-white p-5 text-sm shadow-xs"
      >
        <h2 className="text-sm font-semibold text-slate-900">Estate</h2>
        <dl className="grid grid-cols-2 gap-3">
          <Stat label="Zones" value={topology.zones.length} />
          <Stat label="APIs" value={topology.apis.length} />
          <Stat label="DTC-eligible" value={topology.zones.filter((z) => z.dtcEligible).length} />
          <Stat label="On realm dtc" value={topology.apis.filter((a) => a.realm === "dtc").length} />
        </dl>
        <p className="text-[13px] text-slate-500">
          Pick an API to see which zones serve it and on which realm.
        </p>
      </aside>
    );
  return (
    <aside
      aria-label={`API ${api.basePath}`}
      className="space-y-4 rounded-lg border border-slate-200 bg-white p-5 text-sm shadow-xs"
    >
      <div>
        <h2 className="font-mono text-sm font-semibold text-slate-900">{api.basePath}</h2>
        <p className="mt-1 text-[13px] text-slate-500">{api.applications.join(", ")}</p>
      </div>
      <div role="status" aria-label="Realm of the API">
        <p className="text-xs font-medium text-slate-500">Realm</p>
        <p className="mt-1 flex items-center gap-2">
          <Badge tone={api.realm === "dtc" ? "violet" : "neutral"}>{api.realm}</Badge>
        </p>
        <p className="mt-1.5 text-[12.5px] text-slate-500">
          {api.failoverSubscribers.length
            ? `On dtc because ${api.failoverSubscribers.join(", ")} subscribe(s) with failover.`
            : "No failover subscription: every zone serves it on its default realm."}
        </p>
      </div>
      <div>
        <p className="text-xs font-medium text-slate-500">Served in</p>
        <ul className="mt-2 space-y-2">
          {api.serving.map((s) => (
            <li key={`${s.zone}-${s.kind}-${s.realm}`} className="flex items-center justify-between gap-2">
              <Link
                href={`/zones/${s.zone}/realms`}
                className={`rounded font-mono text-[12.5px] text-indigo-700 hover:underline ${focusRing}`}
              >
                {s.zone}
              </Link>
              <KindBadge kind={s.kind} realm={s.realm} />
            </li>
          ))}
        </ul>
        {api.inactiveRoutes ? (
          <p className="mt-3 text-[12.5px] text-slate-500">
            {api.inactiveRoutes} inactive {api.inactiveRoutes === 1 ? "route" : "routes"} (ENTITLED with no
            tenant).
          </p>
        ) : null}
      </div>
    </aside>
  );
}

function Stat({ label, value }: { label: string; value: number }) {
  return (
    <div className="rounded-md bg-slate-50 px-3 py-2">
      <dt className="text-xs text-slate-500">{label}</dt>
      <dd className="text-lg font-semibold tabular-nums text-slate-900">{value}</dd>
    </div>
  );
}

/** Rows shown before "Show all": a large estate has hundreds of APIs. */
const MATRIX_ROWS = 50;

function ServingMatrix({ topology, onSelect }: { topology: Topology; onSelect: (api: string) => void }) {
  const [query, setQuery] = useState("");
  const [showAll, setShowAll] = useState(false);
  const needle = query.trim().toLowerCase();
  const matching = needle
    ? topology.apis.filter(
        (a) =>
          a.basePath.toLowerCase().includes(needle) ||
          a.applications.some((app) => app.toLowerCase().includes(needle)),
      )
    : topology.apis;
  const rows = showAll ? matching : matching.slice(0, MATRIX_ROWS);
  return (
    <section aria-label="Which zones serve which API" className="space-y-3">
      <div className="flex flex-wrap items-center justify-between gap-3">
        <h2 className="text-sm font-semibold text-slate-900">Which zones serve which API</h2>
        <SearchInput
          label="Filter APIs"
          placeholder="Base path or application…"
          value={query}
          onChange={setQuery}
        />
      </div>
      <Table label="APIs by zone">
        <THead>
          <TR>
            <TH>API</TH>
            <TH>Realm</TH>
            {topology.zones.map((z) => (
              <TH key={z.name} className="font-mono">
                {z.name}
              </TH>
            ))}
          </TR>
        </THead>
        <TBody>
          {rows.map((api) => (
            <TR key={api.basePath}>
              <TD>
                <button
                  type="button"
                  onClick={() => onSelect(api.basePath)}
                  className={`rounded font-mono text-[12.5px] text-indigo-700 hover:underline ${focusRing}`}
                >
                  {api.basePath}
                </button>
              </TD>
              <TD>
                <Badge tone={api.realm === "dtc" ? "violet" : "neutral"}>{api.realm}</Badge>
              </TD>
              {topology.zones.map((z) => {
                const serving = api.serving.filter((s) => s.zone === z.name);
                return (
                  <TD key={z.name}>
                    {serving.length ? (
                      <div className="flex flex-col items-start gap-1">
                        {serving.map((s) => (
                          <KindBadge key={`${s.kind}-${s.realm}`} kind={s.kind} realm={s.realm} />
                        ))}
                      </div>
                    ) : (
                      <Mono className="text-slate-300">—</Mono>
                    )}
                  </TD>
                );
              })}
            </TR>
          ))}
        </TBody>
      </Table>
      {matching.length === 0 ? (
        <p className="text-sm text-slate-500">No API matches “{query}”.</p>
      ) : rows.length < matching.length ? (
        <Button variant="ghost" size="sm" onClick={() => setShowAll(true)}>
          Show all {matching.length} APIs
        </Button>
      ) : null}
    </section>
  );
}
