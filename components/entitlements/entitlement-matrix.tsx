"use client";

import { Can } from "@/components/auth/can";
import Link from "next/link";
import { useMemo, useState } from "react";
import { EntitlementsIcon, PlusIcon } from "@/components/shell/icons";
import { Alert } from "@/components/ui/alert";
import { Badge } from "@/components/ui/badge";
import { Button, ButtonLink } from "@/components/ui/button";
import { cn, focusRing } from "@/components/ui/cn";
import { EmptyState } from "@/components/ui/empty-state";
import { Checkbox } from "@/components/ui/input";
import { SearchInput } from "@/components/ui/search-input";
import { TableSkeleton } from "@/components/ui/skeleton";
import { toast } from "@/components/ui/toaster";
import { compareSemver } from "@/lib/compiler/semver";
import { useApplyEntitlements, useEntitlements } from "@/lib/query/entitlements";
import { useRovers } from "@/lib/query/rovers";
import { useTenants } from "@/lib/query/tenants";
import { AddVersionForm } from "./add-version-form";
import { EntitlementImpactSummary } from "./entitlement-impact";

export interface AppVersion {
  application: string;
  version: string;
  /** Some exposure of this version only admits entitled tenants, so the cells decide routing. */
  entitledRoutes: boolean;
}

const cellKey = (tenant: string, application: string, version: string) =>
  `${tenant}\u0000${application}\u0000${version}`;
const versionKey = (v: { application: string; version: string }) => `${v.application}\u0000${v.version}`;

/**
 * Tenants × application versions. Ticking cells only records the wish; "Apply" sends every grant
 * and revocation in one `POST /entitlements/batch`, so a set of changes lands whole or not at all.
 */
export function EntitlementMatrix({ initialTenant }: { initialTenant?: string }) {
  const tenants = useTenants({ limit: 500 });
  const rovers = useRovers({ limit: 500 });
  const entitlements = useEntitlements({ limit: 500 });
  const apply = useApplyEntitlements();
  const [tenantFilter, setTenantFilter] = useState(initialTenant ?? "");
  const [appFilter, setAppFilter] = useState("");
  const [extraVersions, setExtraVersions] = useState<AppVersion[]>([]);
  /** Cells the operator flipped, keyed by cell; the value is the wished state. */
  const [pending, setPending] = useState<Map<string, boolean>>(new Map());

  const granted = useMemo(
    () => new Set((entitlements.data?.items ?? []).map((e) => cellKey(e.tenant, e.application, e.version))),
    [entitlements.data],
  );

  const versions = useMemo(() => {
    const byKey = new Map<string, AppVersion>();
    for (const r of rovers.data?.items ?? []) {
      const key = versionKey({ application: r.name, version: r.version });
      const entitledRoutes = r.exposures.some((e) => e.tenantAccess === "ENTITLED");
      const known = byKey.get(key);
      byKey.set(key, {
        application: r.name,
        version: r.version,
        entitledRoutes: entitledRoutes || (known?.entitledRoutes ?? false),
      });
    }
    // Entitlements may name versions no rover runs yet (granted ahead of a deployment).
    for (const e of entitlements.data?.items ?? []) {
      const key = versionKey(e);
      if (!byKey.has(key))
        byKey.set(key, { application: e.application, version: e.version, entitledRoutes: false });
    }
    for (const v of extraVersions) if (!byKey.has(versionKey(v))) byKey.set(versionKey(v), v);
    return [...byKey.values()].sort(
      (a, b) => a.application.localeCompare(b.application) || compareSemver(a.version, b.version),
    );
  }, [rovers.data, entitlements.data, extraVersions]);

  const shownTenants = (tenants.data?.items ?? []).filter((t) =>
    t.name.includes(tenantFilter.trim().toLowerCase()),
  );
  const shownVersions = versions.filter((v) =>
    `${v.application} ${v.version}`.includes(appFilter.trim().toLowerCase()),
  );

  const isOn = (tenant: string, v: AppVersion) => {
    const key = cellKey(tenant, v.application, v.version);
    return pending.get(key) ?? granted.has(key);
  };
  const setCells = (cells: Array<{ tenant: string; v: AppVersion }>, on: boolean) =>
    setPending((prev) => {
      const next = new Map(prev);
      for (const { tenant, v } of cells) {
        const key = cellKey(tenant, v.application, v.version);
        // Back to what the server has: no longer a change.
        if (granted.has(key) === on) next.delete(key);
        else next.set(key, on);
      }
      return next;
    });
  const toggleAll = (cells: Array<{ tenant: string; v: AppVersion }>) =>
    setCells(cells, !cells.every(({ tenant, v }) => isOn(tenant, v)));

  const changes = [...pending.entries()].map(([key, on]) => {
    const [tenant, application, version] = key.split("\u0000");
    return { on, entitlement: { tenant, application, version } };
  });
  const grants = changes.filter((c) => c.on).map((c) => c.entitlement);
  const revokes = changes.filter((c) => !c.on).map((c) => c.entitlement);

  const submit = () =>
    apply.mutate(
      { grant: grants, revoke: revokes },
      {
        onSuccess: (result) => {
          setPending(new Map());
          const parts = [
            result.granted ? `${result.granted} granted` : null,
            result.revoked ? `${result.revoked} revoked` : null,
          ].filter(Boolean);
          toast.success("Entitlements updated", {
            description: parts.length ? `${parts.join(", ")}.` : "Nothing needed to change.",
          });
        },
      },
    );

  const failed = tenants.error ?? rovers.error ?? entitlements.error;
  if (failed) return <Alert title="Entitlements couldn't be loaded">{failed.message}</Alert>;
  if (!tenants.data || !rovers.data || !entitlements.data)
    return <TableSkeleton columns={5} rows={4} label="Loading entitlements" />;
  if (tenants.data.items.length === 0)
    return (
      <EmptyState
        icon={<EntitlementsIcon className="size-5" />}
        title="No tenants yet"
        description="Entitlements say which tenants may use which application version. Create a tenant first."
        action={
          <Can role="editor">
            <ButtonLink href="/tenants/new" variant="primary" icon={<PlusIcon />}>
              New tenant
            </ButtonLink>
          </Can>
        }
      />
    );

  return (
    <div className="pb-20">
      <div className="mb-4 flex flex-wrap items-center gap-3">
        <SearchInput
          label="Filter tenants"
          placeholder="Filter tenants…"
          value={tenantFilter}
          onChange={setTenantFilter}
        />
        <SearchInput
          label="Filter applications"
          placeholder="Filter applications…"
          value={appFilter}
          onChange={setAppFilter}
        />
        <div className="ml-auto">
          <AddVersionForm
            onAdd={(v) => setExtraVersions((list) => [...list, { ...v, entitledRoutes: false }])}
          />
        </div>
      </div>

      {versions.length === 0 ? (
        <EmptyState
          icon={<EntitlementsIcon className="size-5" />}
          title="No application versions yet"
          description="Columns come from the rovers' applications. Add a rover, or name an application version to grant ahead of its deployment."
        />
      ) : shownTenants.length === 0 || shownVersions.length === 0 ? (
        <EmptyState
          icon={<EntitlementsIcon className="size-5" />}
          title="Nothing matches the filters"
          description="Clear a filter to see more tenants or applications."
        />
      ) : (
        <div className="overflow-auto rounded-lg border border-slate-200 bg-white shadow-xs">
          <table
            aria-label="Entitlements by tenant and application version"
            className="w-full border-collapse text-sm"
          >
            <thead className="bg-slate-50/70">
              <tr className="border-b border-slate-200">
                <th
                  scope="col"
                  className="sticky left-0 z-10 min-w-48 bg-slate-50 px-4 py-2 text-left text-xs font-medium text-slate-500"
                >
                  Tenant
                </th>
                {shownVersions.map((v) => (
                  <th
                    key={versionKey(v)}
                    scope="col"
                    className="min-w-36 border-l border-slate-100 px-3 py-2 text-center align-bottom"
                  >
                    <div className="font-mono text-[12.5px] font-medium text-slate-800">{v.application}</div>
                    <div className="mt-0.5 flex items-center justify-center gap-1.5">
                      <span className="font-mono text-[12px] text-slate-500">{v.version}</span>
                      {v.entitledRoutes ? (
                        <Badge tone="indigo" title="An exposure of this version admits only entitled tenants">
                          ENTITLED
                        </Badge>
                      ) : null}
                    </div>
                    <button
                      type="button"
                      onClick={() => toggleAll(shownTenants.map((t) => ({ tenant: t.name, v })))}
                      className={cn(
                        "mt-1.5 rounded px-1.5 text-[11.5px] font-medium text-indigo-600 hover:bg-indigo-50",
                        focusRing,
                      )}
                      aria-label={`Toggle ${v.application} ${v.version} for all shown tenants`}
                    >
                      All tenants
                    </button>
                  </th>
                ))}
              </tr>
            </thead>
            <tbody className="divide-y divide-slate-100">
              {shownTenants.map((t) => (
                <tr key={t.name} className="hover:bg-slate-50/60">
                  <th scope="row" className="sticky left-0 z-10 bg-white px-4 py-2 text-left font-normal">
                    <div className="flex items-center justify-between gap-3">
                      <Link
                        href={`/tenants/${t.name}`}
                        className={cn(
                          "rounded font-mono text-[13px] font-medium text-slate-900 hover:text-indigo-600",
                          focusRing,
                        )}
                      >
                        {t.name}
                      </Link>
                      <button
                        type="button"
                        onClick={() => toggleAll(shownVersions.map((v) => ({ tenant: t.name, v })))}
                        className={cn(
                          "rounded px-1.5 text-[11.5px] font-medium text-indigo-600 hover:bg-indigo-50",
                          focusRing,
                        )}
                        aria-label={`Toggle all shown application versions for ${t.name}`}
                      >
                        All
                      </button>
                    </div>
                  </th>
                  {shownVersions.map((v) => {
                    const key = cellKey(t.name, v.application, v.version);
                    const on = isOn(t.name, v);
                    const change = pending.get(key);
                    return (
                      <td
                        key={key}
                        className={cn(
                          "border-l border-slate-100 px-3 py-2 text-center",
                          change === true && "bg-emerald-50",
                          change === false && "bg-red-50",
                        )}
                      >
                        <label className="inline-flex cursor-pointer items-center gap-1.5">
                          <Checkbox
                            checked={on}
                            onChange={(e) => setCells([{ tenant: t.name, v }], e.target.checked)}
                            aria-label={`${t.name} entitled to ${v.application} ${v.version}`}
                          />
                          {change === true ? (
                            <span className="text-[11px] font-medium text-emerald-700">grant</span>
                          ) : null}
                          {change === false ? (
                            <span className="text-[11px] font-medium text-red-700">revoke</span>
                          ) : null}
                        </label>
                      </td>
                    );
                  })}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}

      {apply.isError ? (
        <Alert className="mt-4" title="The changes were not applied">
          {apply.error.message}
        </Alert>
      ) : null}

      {/* Pending changes stay in view while scrolling a long matrix. */}
      <div
        role="region"
        aria-label="Pending entitlement changes"
        className={cn(
          "fixed bottom-4 left-[calc(15rem+2rem)] right-8 z-20 flex items-start justify-between gap-4 rounded-lg border border-slate-200 bg-white px-4 py-3 shadow-lg transition",
          changes.length === 0 && "pointer-events-none translate-y-2 opacity-0",
        )}
        aria-hidden={changes.length === 0}
      >
        <div className="min-w-0 flex-1 space-y-1">
          <p className="text-sm text-slate-700" aria-live="polite">
            {changes.length === 0 ? (
              "No pending changes"
            ) : (
              <>
                <span className="font-medium text-emerald-700">{grants.length} to grant</span>
                <span className="mx-2 text-slate-300">·</span>
                <span className="font-medium text-red-700">{revokes.length} to revoke</span>
              </>
            )}
          </p>
          {changes.length > 0 ? (
            <EntitlementImpactSummary batch={{ grant: grants, revoke: revokes }} />
          ) : null}
        </div>
        <div className="flex shrink-0 gap-2">
          <Button
            variant="ghost"
            onClick={() => setPending(new Map())}
            disabled={changes.length === 0}
            tabIndex={changes.length === 0 ? -1 : undefined}
          >
            Discard
          </Button>
          <Can
            role="editor"
            fallback={<span className="self-center text-[13px] text-slate-500">Editors apply changes</span>}
          >
            <Button
              variant="primary"
              onClick={submit}
              loading={apply.isPending}
              disabled={changes.length === 0}
              tabIndex={changes.length === 0 ? -1 : undefined}
            >
              Apply {changes.length || ""} change{changes.length === 1 ? "" : "s"}
            </Button>
          </Can>
        </div>
      </div>
    </div>
  );
}
