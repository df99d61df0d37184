"use client";

import { Can } from "@/components/auth/can";
import Link from "next/link";
import { useState } from "react";
import { ListFooter } from "@/components/common/list-footer";
import { useDebounced } from "@/components/common/use-debounced";
import { PlusIcon, ZonesIcon } from "@/components/shell/icons";
import { Alert } from "@/components/ui/alert";
import { ButtonLink } from "@/components/ui/button";
import { focusRing } from "@/components/ui/cn";
import { EmptyState } from "@/components/ui/empty-state";
import { SearchInput } from "@/components/ui/search-input";
import { TableSkeleton } from "@/components/ui/skeleton";
import { Mono, Table, TBody, TD, TH, THead, TR } from "@/components/ui/table";
import { useZones } from "@/lib/query/zones";
import { DeleteZoneButton } from "./delete-zone-button";
import { DtcBadge, VisibilityBadge } from "./zone-badges";

const LIMIT = 50;

export function ZoneList() {
  const [search, setSearch] = useState("");
  const [offset, setOffset] = useState(0);
  const q = useDebounced(search.trim());
  const zones = useZones({ q: q || undefined, limit: LIMIT, offset });

  return (
    <div>
      <div className="mb-4 flex items-center justify-between gap-4">
        <SearchInput
          label="Search zones"
          placeholder="Search by name…"
          value={search}
          onChange={(v) => {
            setSearch(v);
            setOffset(0);
          }}
        />
      </div>
      {zones.isPending ? (
        <TableSkeleton columns={6} label="Loading zones" />
      ) : zones.isError ? (
        <Alert title="Zones couldn't be loaded">{zones.error.message}</Alert>
      ) : zones.data.items.length === 0 ? (
        q ? (
          <EmptyState
            icon={<ZonesIcon className="size-5" />}
            title={`No zone matches “${q}”`}
            description="Try another part of the name."
          />
        ) : (
          <EmptyState
            icon={<ZonesIcon className="size-5" />}
            title="No zones yet"
            description="A zone is one Kong gateway: its URL, identity provider and admin API. Add the first one to start placing rovers."
            action={
              <Can role="editor">
                <ButtonLink href="/zones/new" variant="primary" icon={<PlusIcon />}>
                  New zone
                </ButtonLink>
              </Can>
            }
          />
        )
      ) : (
        <>
          <Table label="Zones">
            <THead>
              <tr>
                <TH>Name</TH>
                <TH>Visibility</TH>
                <TH>Gateway URL</TH>
                <TH>DTC URL</TH>
                <TH>DTC</TH>
                <TH className="text-right">Rovers</TH>
                <TH>
                  <span className="sr-only">Actions</span>
                </TH>
              </tr>
            </THead>
            <TBody>
              {zones.data.items.map((zone) => (
                <TR key={zone.name}>
                  <TD>
                    <Link
                      href={`/zones/${zone.name}`}
                      className={`rounded font-medium text-slate-900 hover:text-indigo-600 ${focusRing}`}
                    >
                      {zone.name}
                    </Link>
                  </TD>
                  <TD>
                    <VisibilityBadge visibility={zone.visibility} />
                  </TD>
                  <TD className="max-w-64 truncate">
                    <Mono title={zone.gatewayUrl}>{zone.gatewayUrl}</Mono>
                  </TD>
                  <TD className="max-w-64 truncate">
                    {zone.dtcUrl ? (
                      <Mono title={zone.dtcUrl}>{zone.dtcUrl}</Mono>
                    ) : (
                      <span className="text-xs text-slate-400">—</span>
                    )}
                  </TD>
                  <TD>
                    <DtcBadge eligible={zone.dtcEligible} />
                  </TD>
                  <TD className="text-right tabular-nums">{zone.roverCount}</TD>
                  <TD className="w-12 text-right">
                    <DeleteZoneButton name={zone.name} compact />
                  </TD>
                </TR>
              ))}
            </TBody>
          </Table>
          <ListFooter
            offset={offset}
            limit={LIMIT}
            shown={zones.data.items.length}
            total={zones.data.total}
            onOffset={setOffset}
          />
        </>
      )}
    </div>
  );
}
