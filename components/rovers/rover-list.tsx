"use client";

import { Can } from "@/components/auth/can";
import Link from "next/link";
import { useState } from "react";
import { ListFooter } from "@/components/common/list-footer";
import { useDebounced } from "@/components/common/use-debounced";
import { DownloadIcon, PlusIcon, RoversIcon } from "@/components/shell/icons";
import { Alert } from "@/components/ui/alert";
import { Badge } from "@/components/ui/badge";
import { buttonClass, ButtonLink } from "@/components/ui/button";
import { focusRing } from "@/components/ui/cn";
import { EmptyState } from "@/components/ui/empty-state";
import { Select } from "@/components/ui/input";
import { SearchInput } from "@/components/ui/search-input";
import { TableSkeleton } from "@/components/ui/skeleton";
import { Mono, Table, TBody, TD, TH, THead, TR } from "@/components/ui/table";
import { useRefusals, type RefusalView } from "@/lib/query/overview";
import { roverExportUrl, useRovers } from "@/lib/query/rovers";
import { useZones } from "@/lib/query/zones";
import { DeleteRoverButton } from "./delete-rover-button";
import { FailoverBadge } from "./rover-badges";
import { ImportRoverButton } from "./import-rover-dialog";

const LIMIT = 50;

export function RoverList() {
  const [search, setSearch] = useState("");
  const [zone, setZone] = useState("");
  const [offset, setOffset] = useState(0);
  const q = useDebounced(search.trim());
  const zones = useZones();
  const rovers = useRovers({ q: q || undefined, zone: zone || undefined, limit: LIMIT, offset });
  const filtered = Boolean(q || zone);
  const refusals = useRefusals();
  const refusedBy = new Map<string, RefusalView[]>();
  for (const r of refusals.data ?? []) refusedBy.set(r.subscriber.id, [...(refusedBy.get(r.subscriber.id) ?? []), r]);

  return (
    <div>
      {refusals.data?.length ? <RefusedSubscriptions refusals={refusals.data} /> : null}
      <div className="mb-4 flex flex-wrap items-center gap-3">
        <SearchInput
          label="Search rovers"
          placeholder="Search by application…"
          value={search}
          onChange={(v) => {
            setSearch(v);
            setOffset(0);
          }}
        />
        <div className="w-48">
          <Select
            aria-label="Filter by zone"
            value={zone}
            onChange={(e) => {
              setZone(e.target.value);
              setOffset(0);
            }}
          >
            <option value="">All zones</option>
            {zones.data?.items.map((z) => (
              <option key={z.name} value={z.name}>
                {z.name}
              </option>
            ))}
          </Select>
        </div>
      </div>
      {rovers.isPending ? (
        <TableSkeleton columns={6} label="Loading rovers" />
      ) : rovers.isError ? (
        <Alert title="Rovers couldn't be loaded">{rovers.error.message}</Alert>
      ) : rovers.data.items.length === 0 ? (
        filtered ? (
          <EmptyState
            icon={<RoversIcon className="size-5" />}
            title="No rover matches"
            description="Try another application name or zone."
          />
        ) : (
          <EmptyState
            icon={<RoversIcon className="size-5" />}
            title="No rovers yet"
            description="A rover is one version of an application in one zone: what it exposes and what it subscribes to. Create one, or import a rover file."
            action={
              <div className="flex gap-2">
                <ImportRoverButton />
                <Can role="editor">
                  <ButtonLink href="/rovers/new" variant="primary" icon={<PlusIcon />}>
                    New rover
                  </ButtonLink>
                </Can>
              </div>
            }
          />
        )
      ) : (
        <>
          <Table label="Rovers">
            <THead>
              <tr>
                <TH>Application</TH>
                <TH>Version</TH>
                <TH>Zone</TH>
                <TH>Exposes</TH>
                <TH>Subscribes to</TH>
                <TH>Failover</TH>
                <TH>
                  <span className="sr-only">Actions</span>
                </TH>
              </tr>
            </THead>
            <TBody>
              {rovers.data.items.map((rover) => {
                const label = `${rover.name} ${rover.version} in ${rover.zone}`;
                return (
                  <TR key={rover.id}>
                    <TD>
                      <Link
                        href={`/rovers/${rover.id}`}
                        aria-label={`${rover.name} ${rover.version} in ${rover.zone}`}
                        className={`rounded font-medium text-slate-900 hover:text-indigo-600 ${focusRing}`}
                      >
                        {rover.name}
                      </Link>
                    </TD>
                    <TD>
                      <Mono>{rover.version}</Mono>
                    </TD>
                    <TD>{rover.zone}</TD>
                    <TD className="max-w-56">
                      <PathList paths={rover.exposures.map((e) => e.basePath)} />
                    </TD>
                    <TD className="max-w-56">
                      <PathList paths={rover.subscriptions.map((s) => s.basePath)} />
                      <RefusedBadge refusals={refusedBy.get(rover.id)} />
                    </TD>
                    <TD>
                      <FailoverBadge enabled={rover.failoverEnabled} />
                    </TD>
                    <TD className="w-24 whitespace-nowrap text-right">
                      <a
                        href={roverExportUrl(rover.id)}
                        download
                        aria-label={`Export rover ${label}`}
                        title="Export rover file (YAML)"
                        className={buttonClass("ghost", "sm")}
                      >
                        <DownloadIcon />
                      </a>
                      <DeleteRoverButton id={rover.id} label={label} compact />
                    </TD>
                  </TR>
                );
              })}
            </TBody>
          </Table>
          <ListFooter
            offset={offset}
            limit={LIMIT}
            shown={rovers.data.items.length}
            total={rovers.data.total}
            onOffset={setOffset}
          />
        </>
      )}
    </div>
  );
}

function PathList({ paths }: { paths: string[] }) {
  if (paths.length === 0) return <span className="text-xs text-slate-400">—</span>;
  const shown = paths.slice(0, 2);
  return (
    <span className="block truncate" title={paths.join("\n")}>
      <Mono>{shown.join(", ")}</Mono>
      {paths.length > shown.length ? (
        <span className="ml-1 text-xs text-slate-400">+{paths.length - shown.length}</span>
      ) : null}
    </span>
  );
}

function RefusedBadge({ refusals }: { refusals: RefusalView[] | undefined }) {
  if (!refusals?.length) return null;
  return (
    <Badge tone="red" title={refusals.map((r) => `${r.basePath}: ${r.reason}`).join("\n")}>
      {refusals.length} refused
    </Badge>
  );
}

/**
 * Approved subscriptions the compiler refuses, named where the subscriber is managed: the form says
 * "approved", but no route serves it until the reason is fixed.
 */
function RefusedSubscriptions({ refusals }: { refusals: RefusalView[] }) {
  return (
    <section id="refused" aria-label="Refused subscriptions" className="mb-4 rounded-lg border border-red-200 bg-red-50/60 px-4 py-3">
      <h2 className="text-sm font-semibold text-red-900">
        {refusals.length} approved subscription{refusals.length === 1 ? " is" : "s are"} refused by the compiler
      </h2>
      <ul className="mt-1.5 space-y-1 text-[13px] text-slate-700">
        {refusals.map((r) => (
          <li key={`${r.subscriber.id}:${r.provider.id}:${r.basePath}`}>
            <Link href={`/rovers/${r.subscriber.id}`} className={`rounded font-medium text-indigo-700 hover:text-indigo-500 ${focusRing}`}>
              {r.subscriber.name} {r.subscriber.version} ({r.subscriber.zone})
            </Link>{" "}
            → <Mono>{r.basePath}</Mono> of{" "}
            <Link href={`/rovers/${r.provider.id}`} className={`rounded font-medium text-indigo-700 hover:text-indigo-500 ${focusRing}`}>
              {r.provider.name} {r.provider.version} ({r.provider.zone})
            </Link>
            : {r.reason}
          </li>
        ))}
      </ul>
    </section>
  );
}
