import { keepPreviousData, useQueries, useQuery } from "@tanstack/react-query";
import type { RouteDetail, RouteSummary } from "@/lib/api/route-list";
import type { SimulateRequest } from "@/lib/api/schemas";
import type { SimulationResult } from "@/lib/compiler/simulate";
import { apiList, apiRequest, type ListPage } from "./api";

/** The routes page's filters, exactly as they sit in its URL. */
export interface RouteFilters {
  zone?: string;
  kind?: "real" | "proxy" | "failover";
  application?: string;
  /** Tenants entitled by name (the API's `tenant`). */
  tenant?: string;
  /** Routes the simulator picks for the tenant's requests (the API's `served`). */
  served?: string;
  status?: "active" | "inactive";
  q?: string;
}

export const routeKeys = {
  all: ["routes"] as const,
  lists: () => [...routeKeys.all, "list"] as const,
  list: (filters: RouteFilters) => [...routeKeys.lists(), filters] as const,
  page: (filters: RouteFilters, page: number) => [...routeKeys.list(filters), page] as const,
  details: () => [...routeKeys.all, "detail"] as const,
  detail: (zone: string, name: string) => [...routeKeys.details(), zone, name] as const,
};

export const simulationKeys = {
  all: ["simulations"] as const,
  run: (request: SimulateRequest) => [...simulationKeys.all, request] as const,
};

/** Rows fetched per request: a large estate has 10,000+ routes, the table loads the pages in view. */
export const ROUTE_PAGE_SIZE = 200;

const routePageQuery = (filters: RouteFilters, page: number) => ({
  queryKey: routeKeys.page(filters, page),
  queryFn: ({ signal }: { signal: AbortSignal }) =>
    apiList<RouteSummary>(
      "/routes",
      { ...filters, limit: ROUTE_PAGE_SIZE, offset: page * ROUTE_PAGE_SIZE },
      signal,
    ),
});

/** The first page of a filter as the server rendered it, so the table needs no request to show it. */
export interface InitialRoutePage {
  /** The filters it answers, as `filtersToQuery` writes them. */
  query: string;
  page: ListPage<RouteSummary>;
  /** When the server read it (ms since the epoch): it goes stale like a fetched page. */
  at: number;
}

/**
 * The first page (it carries the total) plus the pages the table shows. Pages are fetched by
 * index, not one after another, so dragging the scrollbar to row 9,000 loads that page directly.
 * `initial`, the server's first page of these same filters, spares the first request.
 */
export function useRoutePages(
  filters: RouteFilters,
  pages: readonly number[],
  initial?: InitialRoutePage | null,
) {
  const first = useQuery({
    ...routePageQuery(filters, 0),
    placeholderData: keepPreviousData,
    initialData: initial?.page,
    initialDataUpdatedAt: initial?.at,
  });
  const rest = useQueries({ queries: pages.filter((p) => p > 0).map((p) => routePageQuery(filters, p)) });
  const loaded = new Map<number, RouteSummary[]>();
  if (first.data) loaded.set(0, first.data.items);
  for (const [i, page] of pages.filter((p) => p > 0).entries()) {
    const data = rest[i]?.data;
    if (data) loaded.set(page, data.items);
  }
  return { first, loaded };
}

export function useRouteDetail(zone: string, name: string) {
  return useQuery({
    queryKey: routeKeys.detail(zone, name),
    queryFn: ({ signal }) =>
      apiRequest<RouteDetail>(`/zones/${encodeURIComponent(zone)}/routes/${encodeURIComponent(name)}`, {
        signal,
      }),
  });
}

/** A simulation is a read: keyed by the request, so the same URL shows the cached answer. */
export function useSimulation(request: SimulateRequest | null) {
  return useQuery({
    queryKey: simulationKeys.run(request ?? { zone: "", request: { method: "", host: "", path: "" } }),
    queryFn: ({ signal }) =>
      apiRequest<SimulationResult>("/simulate", { method: "POST", body: request, signal }),
    enabled: request !== null,
    retry: false,
  });
}
