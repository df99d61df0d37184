import type { RouteFilters } from "@/lib/query/routes";

/** URL parameters of the routes page; one per filter, absent when unset, so links stay short. */
export const FILTER_KEYS = ["zone", "kind", "application", "tenant", "served", "status", "q"] as const;

const KINDS = new Set(["real", "proxy", "failover"]);
const STATUSES = new Set(["active", "inactive"]);

export function filtersFromParams(params: URLSearchParams): RouteFilters {
  const text = (key: string) => params.get(key)?.trim() || undefined;
  const kind = params.get("kind");
  const status = params.get("status");
  return {
    zone: text("zone"),
    kind: kind && KINDS.has(kind) ? (kind as RouteFilters["kind"]) : undefined,
    application: text("application"),
    tenant: text("tenant"),
    served: text("served"),
    status: status && STATUSES.has(status) ? (status as RouteFilters["status"]) : undefined,
    q: text("q"),
  };
}

export function filtersToQuery(filters: RouteFilters): string {
  const params = new URLSearchParams();
  for (const key of FILTER_KEYS) {
    const value = filters[key];
    if (value) params.set(key, value);
  }
  return params.toString();
}

export const routeHref = (zone: string, name: string) =>
  `/routes/${encodeURIComponent(zone)}/${encodeURIComponent(name)}`;

/** An endpoint's full path: the endpoint `/` is the base path itself. */
export const endpointPath = (basePath: string, path: string) =>
  path === "/" ? basePath : `${basePath}${path}`;
