"use client";

import { Can } from "@/components/auth/can";
import Link from "next/link";
import { useState } from "react";
import { ListFooter } from "@/components/common/list-footer";
import { useDebounced } from "@/components/common/use-debounced";
import { PlusIcon, TenantsIcon } from "@/components/shell/icons";
import { Alert } from "@/components/ui/alert";
import { ButtonLink } from "@/components/ui/button";
import { focusRing } from "@/components/ui/cn";
import { EmptyState } from "@/components/ui/empty-state";
import { SearchInput } from "@/components/ui/search-input";
import { TableSkeleton } from "@/components/ui/skeleton";
import { Table, TBody, TD, TH, THead, TR } from "@/components/ui/table";
import { useTenants } from "@/lib/query/tenants";
import { DeleteTenantButton } from "./delete-tenant-button";

const LIMIT = 50;

export function TenantList() {
  const [search, setSearch] = useState("");
  const [offset, setOffset] = useState(0);
  const q = useDebounced(search.trim());
  const tenants = useTenants({ q: q || undefined, limit: LIMIT, offset });

  return (
    <div>
      <div className="mb-4">
        <SearchInput
          label="Search tenants"
          placeholder="Search by name or description…"
          value={search}
          onChange={(v) => {
            setSearch(v);
            setOffset(0);
          }}
        />
      </div>
      {tenants.isPending ? (
        <TableSkeleton columns={3} label="Loading tenants" />
      ) : tenants.isError ? (
        <Alert title="Tenants couldn't be loaded">{tenants.error.message}</Alert>
      ) : tenants.data.items.length === 0 ? (
        q ? (
          <EmptyState
            icon={<TenantsIcon className="size-5" />}
            title={`No tenant matches “${q}”`}
            description="Try another part of the name."
          />
        ) : (
          <EmptyState
            icon={<TenantsIcon className="size-5" />}
            title="No tenants yet"
            description="Tenants are the x-okapi-tenant values that ENTITLED routes match on."
            action={
              <Can role="editor">
                <ButtonLink href="/tenants/new" variant="primary" icon={<PlusIcon />}>
                  New tenant
                </ButtonLink>
              </Can>
            }
          />
        )
      ) : (
        <>
          <Table label="Tenants">
            <THead>
              <tr>
                <TH>Name</TH>
                <TH>Description</TH>
                <TH className="text-right">Entitlements</TH>
                <TH>
                  <span className="sr-only">Actions</span>
                </TH>
              </tr>
            </THead>
            <TBody>
              {tenants.data.items.map((tenant) => (
                <TR key={tenant.name}>
                  <TD>
                    <Link
                      href={`/tenants/${tenant.name}`}
                      className={`rounded font-mono text-[13px] font-medium text-slate-900 hover:text-indigo-600 ${focusRing}`}
                    >
                      {tenant.name}
                    </Link>
                  </TD>
                  <TD className="max-w-md truncate text-slate-500">
                    {tenant.description || <span className="text-slate-400">—</span>}
                  </TD>
                  <TD className="text-right tabular-nums">
                    <Link
                      href={`/entitlements?tenant=${tenant.name}`}
                      className={`rounded hover:text-indigo-600 ${focusRing}`}
                      aria-label={`${tenant.entitlementCount} entitlements of ${tenant.name}`}
                    >
                      {tenant.entitlementCount}
                    </Link>
                  </TD>
                  <TD className="w-12 text-right">
                    <DeleteTenantButton name={tenant.name} compact />
                  </TD>
                </TR>
              ))}
            </TBody>
          </Table>
          <ListFooter
            offset={offset}
            limit={LIMIT}
            shown={tenants.data.items.length}
            total={tenants.data.total}
            onOffset={setOffset}
          />
        </>
      )}
    </div>
  );
}
