"use client";

import { useQueries, useQuery } from "@tanstack/react-query";
import { useVirtualizer } from "@tanstack/react-virtual";
import Link from "next/link";
import { usePathname, useRouter, useSearchParams } from "next/navigation";
import { useEffect, useId, useMemo, useRef, useState, type ReactNode } from "react";
import { useDebounced } from "@/components/common/use-debounced";
import { useHydrated } from "@/components/common/use-hydrated";
import { RoutesIcon } from "@/components/shell/icons";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { cn, focusRing } from "@/components/ui/cn";
import { EmptyState } from "@/components/ui/empty-state";
import { Input, Select } from "@/components/ui/input";
import { SearchInput } from "@/components/ui/search-input";
import { Skeleton, TableSkeleton } from "@/components/ui/skeleton";
import type { RouteSummary } from "@/lib/api/route-list";
import { roverListQuery } from "@/lib/query/rovers";
import { apiList } from "@/lib/query/api";
import {
  ROUTE_PAGE_SIZE,
  routeKeys,
  useRoutePages,
  type InitialRoutePage,
  type RouteFilters,
} from "@/lib/query/routes";
import { tenantListQuery } from "@/lib/query/tenants";
import { useZones } from "@/lib/query/zones";
import { KindBadge, StatusBadge, TenantSummary } from "./route-badges";
import { endpointPath, filtersFromParams, filtersToQuery, routeHref } from "./route-filters";

/** Every row has the same height, so the virtualizer never measures and scrolling never jumps. */
const ROW_HEIGHT = 56;

const COLUMNS = [
  { label: "Route", width: "24%" },
  { label: "Zone", width: "10%" },
  { label: "Kind", width: "7.5%" },
  { label: "Application", width: "14.5%" },
  { label: "Tenants", width: "15%" },
  { label: "Priority", width: "16%", right: true },
  { label: "Status", width: "13%" },
] as const;

/** `initial`: the first page the server rendered with the page (see app/(dashboard)/routes/page.tsx). */
export function RouteExplorer({ initial }: { initial?: InitialRoutePage | null }) {
  const params = useSearchParams();
  const filters = useMemo(() => filtersFromParams(new URLSearchParams(params.toString())), [params]);
  const router = useRouter();
  const pathname = usePathname();
  const setFilters = (patch: Partial<RouteFilters>) => {
    const qs = filtersToQuery({ ...filters, ...patch });
    router.replace(qs ? `${pathname}?${qs}` : pathname, { scroll: false });
  };

  return (
    <div>
      <FilterBar filters={filters} onChange={setFilters} />
      <RouteTable
        filters={filters}
        initial={initial}
        onClear={() => router.replace(pathname, { scroll: false })}
      />
    </div>
  );
}

function FilterBar({
  filters,
  onChange,
}: {
  filters: RouteFilters;
  onChange: (patch: Partial<RouteFilters>) => void;
}) {
  const id = useId();
  const zones = useZones();
  // The suggestions are fetched when a typed filter is first focused, not with the page: a large
  // estate's rover list is megabytes the table doesn't need.
  const [wantsSuggestions, setWantsSuggestions] = useState(false);
  const rovers = useQuery({ ...roverListQuery({ limit: 500 }), enabled: wantsSuggestions });
  const tenants = useQuery({ ...tenantListQuery({ limit: 500 }), enabled: wantsSuggestions });
  const suggest = () => setWantsSuggestions(true);
  const applications = useMemo(
    () => [...new Set((rovers.data?.items ?? []).map((r) => r.name))].sort(),
    [rovers.data],
  );

  // Typed filters go to the URL after a pause, not per key; selects apply at once.
  const [text, setText] = useState({
    q: filters.q ?? "",
    application: filters.application ?? "",
    served: filters.served ?? "",
  });
  const debounced = useDebounced(text, 250);
  const applied = useRef({
    q: filters.q ?? "",
    application: filters.application ?? "",
    served: filters.served ?? "",
  });
  useEffect(() => {
    const next = {
      q: debounced.q.trim(),
      application: debounced.application.trim(),
      served: debounced.served.trim(),
    };
    const prev = applied.current;
    if (next.q === prev.q && next.application === prev.application && next.served === prev.served) return;
    applied.current = next;
    onChange({
      q: next.q || undefined,
      application: next.application || undefined,
      served: next.served || undefined,
    });
  }, [debounced, onChange]);
  // Back/forward or "Clear filters" changed the URL: show what it says.
  useEffect(() => {
    const fromUrl = {
      q: filters.q ?? "",
      application: filters.application ?? "",
      served: filters.served ?? "",
    };
    const prev = applied.current;
    if (fromUrl.q === prev.q && fromUrl.application === prev.application && fromUrl.served === prev.served)
      return;
    applied.current = fromUrl;
    setText(fromUrl);
  }, [filters.q, filters.application, filters.served]);

  return (
    <div role="search" aria-label="Filter routes" className="mb-4 flex flex-wrap items-end gap-3">
      <SearchInput
        label="Search routes"
        placeholder="Name, path or host…"
        value={text.q}
        onChange={(q) => setText((t) => ({ ...t, q }))}
      />
      <FilterField id={`${id}-zone`} label="Zone" className="w-40">
        <Select
          id={`${id}-zone`}
          value={filters.zone ?? ""}
          onChange={(e) => onChange({ zone: e.target.value || undefined })}
        >
          <option value="">All zones</option>
          {(zones.data?.items ?? []).map((z) => (
            <option key={z.name} value={z.name}>
              {z.name}
            </option>
          ))}
          {filters.zone && !zones.data?.items.some((z) => z.name === filters.zone) ? (
            <option value={filters.zone}>{filters.zone}</option>
          ) : null}
        </Select>
      </FilterField>
      <FilterField id={`${id}-kind`} label="Kind" className="w-32">
        <Select
          id={`${id}-kind`}
          value={filters.kind ?? ""}
          onChange={(e) => onChange({ kind: (e.target.value || undefined) as RouteFilters["kind"] })}
        >
          <option value="">All kinds</option>
          <option value="real">real</option>
          <option value="proxy">proxy</option>
          <option value="failover">failover</option>
        </Select>
      </FilterField>
      <FilterField id={`${id}-application`} label="Application" className="w-44">
        <Input
          id={`${id}-application`}
          mono
          list={`${id}-applications`}
          placeholder="any"
          spellCheck={false}
          autoComplete="off"
          value={text.application}
          onFocus={suggest}
          onChange={(e) => setText((t) => ({ ...t, application: e.target.value }))}
        />
      </FilterField>
      <datalist id={`${id}-applications`}>
        {applications.map((a) => (
          <option key={a} value={a} />
        ))}
      </datalist>
      {/* Who Kong would route the tenant to (the simulator's answer), not whose tenant list names it:
          a tenant served by another version's ANY route is found too. ?tenant= still filters by entitlement. */}
      <FilterField id={`${id}-served-tenant`} label="Served tenant" className="w-40">
        <Input
          id={`${id}-served-tenant`}
          mono
          list={`${id}-tenants`}
          placeholder="any"
          spellCheck={false}
          autoComplete="off"
          value={text.served}
          onFocus={suggest}
          onChange={(e) => setText((t) => ({ ...t, served: e.target.value }))}
        />
      </FilterField>
      <datalist id={`${id}-tenants`}>
        {(tenants.data?.items ?? []).map((t) => (
          <option key={t.name} value={t.name} />
        ))}
      </datalist>
      <FilterField id={`${id}-status`} label="Status" className="w-32">
        <Select
          id={`${id}-status`}
          value={filters.status ?? ""}
          onChange={(e) => onChange({ status: (e.target.value || undefined) as RouteFilters["status"] })}
        >
          <option value="">Any status</option>
          <option value="active">active</option>
          <option value="inactive">inactive</option>
        </Select>
      </FilterField>
    </div>
  );
}

function RouteTable({
  filters,
  initial,
  onClear,
}: {
  filters: RouteFilters;
  initial?: InitialRoutePage | null;
  onClear: () => void;
}) {
  const scrollRef = useRef<HTMLDivElement>(null);
  const [range, setRange] = useState({ start: 0, end: 0 });
  const pages = useMemo(() => {
    const out: number[] = [];
    for (let p = Math.floor(range.start / ROUTE_PAGE_SIZE); p <= Math.floor(range.end / ROUTE_PAGE_SIZE); p++)
      out.push(p);
    return out;
  }, [range.start, range.end]);
  const filterKey = filtersToQuery(filters);
  const { first, loaded } = useRoutePages(filters, pages, initial?.query === filterKey ? initial : null);
  const total = first.data?.total ?? 0;
  // The server's rows show before the scripts run; the table says when it answers to scrolling.
  const hydrated = useHydrated();

  // eslint-disable-next-line react-hooks/incompatible-library -- the virtualizer re-renders this component itself on scroll
  const virtualizer = useVirtualizer({
    count: total,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 12,
    // Rows render during the very first paint (before the scroll element is measured).
    initialRect: { width: 1200, height: 640 },
  });
  const items = virtualizer.getVirtualItems();
  const start = items[0]?.index ?? 0;
  const end = items[items.length - 1]?.index ?? 0;
  useEffect(() => {
    setRange((r) => (r.start === start && r.end === end ? r : { start, end }));
  }, [start, end]);
  // A new filter starts at the top.
  useEffect(() => {
    scrollRef.current?.scrollTo({ top: 0 });
  }, [filterKey]);

  const rowAt = (index: number): RouteSummary | undefined =>
    loaded.get(Math.floor(index / ROUTE_PAGE_SIZE))?.[index % ROUTE_PAGE_SIZE];
  const zoneTotals = useActiveRouteCounts(items.map((item) => rowAt(item.index)?.zone));

  if (first.isPending) return <TableSkeleton rows={8} columns={7} label="Loading routes" />;
  if (first.isError)
    return (
      <Alert
        title="Routes couldn't be loaded"
        action={
          <Button size="sm" onClick={() => void first.refetch()}>
            Try again
          </Button>
        }
      >
        {first.error.message}
      </Alert>
    );
  const filtered = filterKey !== "";
  if (total === 0)
    return filtered ? (
      <EmptyState
        icon={<RoutesIcon className="size-5" />}
        title="No route matches these filters"
        description="Routes are derived from rovers' exposures and subscriptions; try another zone, kind or text."
        action={<Button onClick={onClear}>Clear filters</Button>}
      />
    ) : (
      <EmptyState
        icon={<RoutesIcon className="size-5" />}
        title="No routes yet"
        description="Switchyard derives routes from rovers: add a rover that exposes an API and its routes appear here."
      />
    );

  const padTop = items[0]?.start ?? 0;
  const padBottom = virtualizer.getTotalSize() - (items[items.length - 1]?.end ?? 0);

  return (
    <div>
      <p role="status" className="mb-2 text-[13px] text-slate-500">
        <span className="font-medium tabular-nums text-slate-700">{total.toLocaleString("en")}</span>{" "}
        {total === 1 ? "route" : "routes"}
        {filtered ? " match" : ""}
        {first.isPlaceholderData ? <span className="ml-2 text-slate-400">updating…</span> : null}
      </p>
      <div
        ref={scrollRef}
        className={cn(
          "max-h-[calc(100vh-17rem)] min-h-40 overflow-auto rounded-lg border border-slate-200 bg-white shadow-xs transition-opacity",
          first.isPlaceholderData && "opacity-60",
        )}
      >
        <table
          aria-label="Routes"
          aria-rowcount={total + 1}
          aria-busy={first.isPlaceholderData || undefined}
          data-hydrated={hydrated || undefined}
          // Below this width the columns would crush their text: the table scrolls inside its box instead.
          className="w-full min-w-[60rem] table-fixed border-collapse text-left text-sm"
        >
          <colgroup>
            {COLUMNS.map((c) => (
              <col key={c.label} style={{ width: c.width }} />
            ))}
          </colgroup>
          <thead className="sticky top-0 z-10 border-b border-slate-200 bg-slate-50">
            <tr aria-rowindex={1}>
              {COLUMNS.map((c) => (
                <th
                  key={c.label}
                  scope="col"
                  className={cn(
                    "h-9 whitespace-nowrap px-4 text-xs font-medium text-slate-500",
                    "right" in c && "text-right",
                  )}
                >
                  {c.label}
                </th>
              ))}
            </tr>
          </thead>
          <tbody className="divide-y divide-slate-100">
            {padTop > 0 ? (
              <tr aria-hidden="true" style={{ height: padTop }}>
                <td colSpan={COLUMNS.length} />
              </tr>
            ) : null}
            {items.map((item) => {
              const route = rowAt(item.index);
              return route ? (
                <RouteRow
                  key={`${route.zone}/${route.name}`}
                  route={route}
                  rowIndex={item.index + 2}
                  zoneTotal={zoneTotals.get(route.zone)}
                />
              ) : (
                <tr
                  key={`pending-${item.index}`}
                  aria-rowindex={item.index + 2}
                  style={{ height: ROW_HEIGHT }}
                >
                  <td colSpan={COLUMNS.length} className="px-4">
                    <span className="sr-only">Loading route {item.index + 1}</span>
                    <Skeleton className="h-3 w-2/3" />
                  </td>
                </tr>
              );
            })}
            {padBottom > 0 ? (
              <tr aria-hidden="true" style={{ height: padBottom }}>
                <td colSpan={COLUMNS.length} />
              </tr>
            ) : null}
          </tbody>
        </table>
      </div>
    </div>
  );
}

/**
 * How many routes Kong tries in each zone on screen, for "#2 of 5 in eu-central": a rank means
 * little without its zone's count, which a filtered page can't give (it counts what matched).
 */
function useActiveRouteCounts(zones: ReadonlyArray<string | undefined>): Map<string, number> {
  const distinct = [...new Set(zones.filter((z): z is string => z !== undefined))].sort();
  const counts = useQueries({
    queries: distinct.map((zone) => {
      const filters: RouteFilters = { zone, status: "active" };
      return {
        // Under the routes' list key, so every change that invalidates the routes recounts too.
        queryKey: [...routeKeys.list(filters), "count"] as const,
        queryFn: ({ signal }: { signal: AbortSignal }) => apiList<RouteSummary>("/routes", { ...filters, limit: 1 }, signal),
        staleTime: 30_000,
      };
    }),
  });
  const totals = new Map<string, number>();
  distinct.forEach((zone, i) => {
    const total = counts[i]?.data?.total;
    if (total !== undefined) totals.set(zone, total);
  });
  return totals;
}

function RouteRow({ route, rowIndex, zoneTotal }: { route: RouteSummary; rowIndex: number; zoneTotal?: number }) {
  const path = route.endpoint
    ? `${route.endpoint.methods.length ? `${route.endpoint.methods.join(",")} ` : ""}${endpointPath(route.basePath, route.endpoint.path)}`
    : `${route.basePath}/**`;
  return (
    <tr
      aria-rowindex={rowIndex}
      style={{ height: ROW_HEIGHT }}
      className="transition-colors hover:bg-slate-50/70"
    >
      <td className="px-4 py-1.5">
        {/* No prefetch: a screenful of rows would render a dozen route pages nobody opened. */}
        <Link
          href={routeHref(route.zone, route.name)}
          prefetch={false}
          className={cn(
            "block truncate rounded text-[13px] font-medium text-slate-900 hover:text-indigo-600",
            focusRing,
          )}
          title={route.name}
        >
          {route.name}
        </Link>
        <span className="block truncate font-mono text-[12px] text-slate-500" title={path}>
          {path}
        </span>
      </td>
      <td className="px-4">
        <span className="block truncate font-mono text-[12.5px] text-slate-700">{route.zone}</span>
        {route.realm ? (
          <span className="block truncate text-[11.5px] text-slate-400">realm {route.realm}</span>
        ) : null}
      </td>
      <td className="px-4">
        <KindBadge kind={route.kind} />
      </td>
      <td className="truncate px-4 text-[13px] text-slate-700">
        {route.application} <span className="font-mono text-[12px] text-slate-500">{route.version}</span>
      </td>
      <td className="truncate px-4">
        <TenantSummary access={route.tenantAccess} tenants={route.tenants} count={route.tenantCount} />
      </td>
      <td className="px-4 text-right">
        {route.priority === null ? (
          <span className="text-xs text-slate-400">—</span>
        ) : (
          <RankCell rank={route.rank} total={zoneTotal} zone={route.zone} priority={route.priority} />
        )}
      </td>
      <td className="px-4">
        <StatusBadge active={route.active} />
        {route.reason ? (
          <span className="mt-0.5 block truncate text-[11.5px] text-amber-800" title={route.reason}>
            {route.reason}
          </span>
        ) : null}
      </td>
    </tr>
  );
}

/** Where Kong tries the route among its zone's routes first; the raw priority only beneath it. */
function RankCell({
  rank,
  total,
  zone,
  priority,
}: {
  rank: number | null;
  total?: number;
  zone: string;
  priority: number;
}) {
  const place = `#${rank ?? "?"}${total === undefined ? "" : ` of ${total.toLocaleString("en")}`} in ${zone}`;
  return (
    <span title={`Kong tries it ${place} (priority ${priority}, then route id)`}>
      <span className="block truncate text-xs font-medium tabular-nums text-slate-800">{place}</span>
      <span className="block truncate font-mono text-[11px] tabular-nums text-slate-400">{priority}</span>
    </span>
  );
}

function FilterField({
  id,
  label,
  className,
  children,
}: {
  id: string;
  label: string;
  className?: string;
  children: ReactNode;
}) {
  // A sibling label, not a wrapping one: a wrapping label's text would include the select's options.
  return (
    <div className={cn("flex flex-col gap-1", className)}>
      <label htmlFor={id} className="text-xs font-medium text-slate-600">
        {label}
      </label>
      {children}
    </div>
  );
}
