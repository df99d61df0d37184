"use client";

import { Can } from "@/components/auth/can";
import { useVirtualizer } from "@tanstack/react-virtual";
import Link from "next/link";
import { useEffect, useMemo, useRef, useState } from "react";
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
import { useApplyEntitlements, useMatrixData } from "@/lib/query/entitlements";
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
/** A column's element id, for links that name an application version. */
const columnId = (key: string) => `version-${key.replace("\u0000", "--").replace(/[^A-Za-z0-9_-]/g, "_")}`;

/** Every tenant row is this tall, so the virtualizer never has to measure one. */
const ROW_HEIGHT = 41;

export interface MatrixFocus {
  tenant?: string;
  application?: string;
  version?: string;
}

/**
 * Tenants × application versions, columns grouped by application. Ticking cells only records the
 * wish; "Apply" sends every grant and revocation in one `POST /entitlements/batch`, so a set of
 * changes lands whole or not at all. Only the rows in view are rendered (1,000 tenants × 100
 * versions would be 100,000 checkboxes), inside a box whose header and tenant column stay put.
 * A link may name a column (`?application=…&version=…`, e.g. from an inactive route) and a tenant:
 * the filters start narrowed to them and the column is marked.
 */
export function EntitlementMatrix({ focus = {} }: { focus?: MatrixFocus }) {
  const { tenants, rovers, entitlements } = useMatrixData();
  const apply = useApplyEntitlements();
  const [tenantFilter, setTenantFilter] = useState(focus.tenant ?? "");
  const [appFilter, setAppFilter] = useState(
    focus.application ? `${focus.application}${focus.version ? ` ${focus.version}` : ""}` : "",
  );
  const focusKey = focus.application && focus.version ? versionKey({ application: focus.application, version: focus.version }) : null;
  const [extraVersions, setExtraVersions] = useState<AppVersion[]>([]);
  /** Cells the operator flipped, keyed by cell; the value is the wished state. */
  const [pending, setPending] = useState<Map<string, boolean>>(new Map());

  const granted = useMemo(
    () => new Set((entitlements.data ?? []).map((e) => cellKey(e.tenant, e.application, e.version))),
    [entitlements.data],
  );

  const versions = useMemo(() => {
    const byKey = new Map<string, AppVersion>();
    for (const r of rovers.data ?? []) {
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
    for (const e of entitlements.data ?? []) {
      const key = versionKey(e);
      if (!byKey.has(key))
        byKey.set(key, { application: e.application, version: e.version, entitledRoutes: false });
    }
    for (const v of extraVersions) if (!byKey.has(versionKey(v))) byKey.set(versionKey(v), v);
    return [...byKey.values()].sort(
      (a, b) => a.application.localeCompare(b.application) || compareSemver(a.version, b.version),
    );
  }, [rovers.data, entitlements.data, extraVersions]);

  const tenantNeedle = tenantFilter.trim().toLowerCase();
  const shownTenants = useMemo(
    () => (tenants.data ?? []).filter((t) => t.name.includes(tenantNeedle)),
    [tenants.data, tenantNeedle],
  );
  const appNeedle = appFilter.trim().toLowerCase();
  const shownVersions = useMemo(
    () => versions.filter((v) => `${v.application} ${v.version}`.includes(appNeedle)),
    [versions, appNeedle],
  );
  const groups = useMemo(() => {
    const list: Array<{ application: string; versions: AppVersion[] }> = [];
    for (const v of shownVersions) {
      const last = list[list.length - 1];
      if (last?.application === v.application) last.versions.push(v);
      else list.push({ application: v.application, versions: [v] });
    }
    return list;
  }, [shownVersions]);

  const scrollBox = useRef<HTMLDivElement>(null);
  // eslint-disable-next-line react-hooks/incompatible-library -- the virtualizer re-renders this component itself on scroll
  const rows = useVirtualizer({
    count: shownTenants.length,
    getScrollElement: () => scrollBox.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 12,
    // Rows render before the box is measured (and in tests without layout).
    initialRect: { width: 1200, height: 720 },
  });
  const virtualRows = rows.getVirtualItems();
  const padTop = virtualRows.length ? virtualRows[0].start : 0;
  const padBottom = virtualRows.length ? rows.getTotalSize() - virtualRows[virtualRows.length - 1].end : 0;

  // A linked column is brought into view once, when the matrix first has it.
  const focused = useRef(false);
  const hasColumns = shownVersions.length > 0;
  useEffect(() => {
    if (focused.current || !focusKey || !hasColumns) return;
    focused.current = true;
    document.getElementById(columnId(focusKey))?.scrollIntoView({ block: "nearest", inline: "center" });
  }, [focusKey, hasColumns]);

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
  if (tenants.data.length === 0)
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
        <div
          ref={scrollBox}
          className="max-h-[calc(100dvh-15rem)] min-h-64 overflow-auto overscroll-contain rounded-lg border border-slate-200 bg-white shadow-xs"
        >
          <table
            aria-label="Entitlements by tenant and application version"
            aria-rowcount={shownTenants.length + 1}
            className="border-separate border-spacing-0 text-sm"
          >
            <thead className="sticky top-0 z-20 bg-slate-50">
              {/* The application groups: a visual heading only, each version's header names its application. */}
              <tr role="presentation">
                <td className="sticky left-0 z-30 border-b border-slate-200 bg-slate-50" />
                {groups.map((g) => (
                  <td
                    key={g.application}
                    colSpan={g.versions.length}
                    className="h-8 whitespace-nowrap border-b border-l border-slate-200 bg-slate-50 px-3 text-left font-mono text-[12.5px] font-medium text-slate-800"
                  >
                    {g.application}
                  </td>
                ))}
              </tr>
              <tr>
                <th
                  scope="col"
                  className="sticky left-0 z-30 min-w-48 border-b border-slate-200 bg-slate-50 px-4 py-2 text-left text-xs font-medium text-slate-500"
                >
                  Tenant
                </th>
                {groups.map((g) =>
                  g.versions.map((v, i) => {
                    const key = versionKey(v);
                    return (
                      <th
                        key={key}
                        id={columnId(key)}
                        scope="col"
                        className={cn(
                          "min-w-28 scroll-mx-56 border-b border-slate-200 bg-slate-50 px-2 py-1.5 text-center align-bottom",
                          i === 0 ? "border-l border-l-slate-200" : "border-l border-l-slate-100",
                          key === focusKey && "bg-indigo-50 ring-2 ring-inset ring-indigo-400",
                        )}
                      >
                        <span className="sr-only">{v.application} </span>
                        <span className="flex items-center justify-center gap-1.5">
                          <span className="font-mono text-[12px] text-slate-700">{v.version}</span>
                          {v.entitledRoutes ? (
                            <Badge tone="indigo" title="An exposure of this version admits only entitled tenants">
                              ENTITLED
                            </Badge>
                          ) : null}
                        </span>
                        <button
                          type="button"
                          onClick={() => toggleAll(shownTenants.map((t) => ({ tenant: t.name, v })))}
                          className={cn(
                            "mt-1 rounded px-1.5 text-[11.5px] font-medium text-indigo-600 hover:bg-indigo-50",
                            focusRing,
                          )}
                          aria-label={`Toggle ${v.application} ${v.version} for all shown tenants`}
                        >
                          All tenants
                        </button>
                      </th>
                    );
                  }),
                )}
              </tr>
            </thead>
            <tbody>
              {padTop > 0 ? (
                <tr role="presentation" aria-hidden="true">
                  <td style={{ height: padTop }} colSpan={shownVersions.length + 1} />
                </tr>
              ) : null}
              {virtualRows.map((row) => {
                const t = shownTenants[row.index];
                return (
                  <tr key={t.name} aria-rowindex={row.index + 2} className="group" style={{ height: ROW_HEIGHT }}>
                    <th
                      scope="row"
                      className="sticky left-0 z-10 border-b border-slate-100 bg-white px-4 text-left font-normal group-hover:bg-slate-50"
                    >
                      <div className="flex items-center justify-between gap-3">
                        <Link
                          href={`/tenants/${t.name}`}
                          prefetch={false}
                          className={cn(
                            "truncate rounded font-mono text-[13px] font-medium text-slate-900 hover:text-indigo-600",
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
                    {groups.map((g) =>
                      g.versions.map((v, i) => {
                        const key = cellKey(t.name, v.application, v.version);
                        const on = isOn(t.name, v);
                        const change = pending.get(key);
                        return (
                          <td
                            key={key}
                            className={cn(
                              "border-b border-slate-100 px-2 text-center group-hover:bg-slate-50/60",
                              i === 0 ? "border-l border-l-slate-200" : "border-l border-l-slate-100",
                              versionKey(v) === focusKey && "bg-indigo-50/50",
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
                      }),
                    )}
                  </tr>
                );
              })}
              {padBottom > 0 ? (
                <tr role="presentation" aria-hidden="true">
                  <td style={{ height: padBottom }} colSpan={shownVersions.length + 1} />
                </tr>
              ) : null}
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
          "fixed bottom-4 left-4 right-4 z-20 shell:left-[calc(15rem+2rem)] shell:right-8 flex items-start justify-between gap-4 rounded-lg border border-slate-200 bg-white px-4 py-3 shadow-lg transition",
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
