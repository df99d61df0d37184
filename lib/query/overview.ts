import { useQuery } from "@tanstack/react-query";
import type { EstateOverview, RefusalView } from "@/lib/db/overview";
import type { ZonePending } from "@/lib/db/pending";
import type { TenantEndpoint } from "@/lib/api/tenant-serving";
import type { KongFailure } from "@/lib/kong/errors";
import { apiRequest } from "./api";

export type { EstateOverview, RefusalView, ZoneOverview, WarningCounts } from "@/lib/db/overview";
export type { ZonePending } from "@/lib/db/pending";
export type { TenantEndpoint } from "@/lib/api/tenant-serving";

/** GET /zones/{name}/kong-status: the node's `GET /`, served from a per-zone cache. */
export interface KongStatusView {
  zone: string;
  reachable: boolean;
  /** Why the node could not be read; null when it answered. */
  failure: KongFailure | null;
  error: string | null;
  version: string | null;
  edition: string | null;
  routerFlavor: string | null;
  dbless: boolean | null;
  ageSeconds: number;
}

export interface PendingView {
  zones: ZonePending[];
  routes: number;
}

export const overviewKeys = {
  all: ["overview"] as const,
  estate: () => [...overviewKeys.all, "estate"] as const,
  kongStatuses: () => [...overviewKeys.all, "kong-status"] as const,
  kongStatus: (zone: string) => [...overviewKeys.kongStatuses(), zone] as const,
  refusals: (rover: string | null) => [...overviewKeys.all, "refusals", rover] as const,
  served: (tenant: string) => [...overviewKeys.all, "served", tenant] as const,
};

/** Its own root: every edit and every publish invalidates it, nothing else does. */
export const pendingKeys = {
  all: ["pending"] as const,
};

/** The server gives up on a Kong within its timeout (lib/kong/limits.ts); this only ends a lost request. */
const KONG_STATUS_REQUEST_TIMEOUT_MS = 20_000;

export function useEstateOverview() {
  return useQuery({
    queryKey: overviewKeys.estate(),
    queryFn: ({ signal }) => apiRequest<EstateOverview>("/overview", { signal }),
  });
}

export const fetchPending = (signal?: AbortSignal) => apiRequest<PendingView>("/pending", { signal });

/** Zones whose routes differ from their last publish; the shell shows it on every page. */
export function usePending({ enabled = true }: { enabled?: boolean } = {}) {
  return useQuery({
    queryKey: pendingKeys.all,
    queryFn: ({ signal }) => fetchPending(signal),
    enabled,
    staleTime: 30_000,
  });
}

/** One zone's node facts; each zone is its own request, so a dead Kong only delays its own cell. */
export function useKongStatus(zone: string) {
  return useQuery({
    queryKey: overviewKeys.kongStatus(zone),
    queryFn: ({ signal }) =>
      apiRequest<KongStatusView>(`/zones/${encodeURIComponent(zone)}/kong-status`, {
        signal: AbortSignal.any([signal, AbortSignal.timeout(KONG_STATUS_REQUEST_TIMEOUT_MS)]),
      }),
    staleTime: 15_000,
    retry: false,
  });
}

/** "2 zones have unpublished changes", "eu-central has unpublished changes". */
export function pendingSentence(zones: readonly Pick<ZonePending, "zone">[]): string {
  if (zones.length === 1) return `${zones[0].zone} has unpublished changes`;
  return `${zones.length} zones have unpublished changes`;
}

/** Refused subscriptions of the estate, or of one subscribing rover. */
export function useRefusals(rover?: string) {
  return useQuery({
    queryKey: overviewKeys.refusals(rover ?? null),
    queryFn: ({ signal }) =>
      apiRequest<RefusalView[]>(`/refusals${rover ? `?rover=${encodeURIComponent(rover)}` : ""}`, { signal }),
  });
}

export interface TenantServedView {
  tenant: string;
  tenantHeader: string;
  endpoints: TenantEndpoint[];
}

/** Per zone and endpoint, the route Kong would pick for the tenant (GET /tenants/{name}/routes). */
export function useTenantServed(tenant: string) {
  return useQuery({
    queryKey: overviewKeys.served(tenant),
    queryFn: ({ signal }) => apiRequest<TenantServedView>(`/tenants/${encodeURIComponent(tenant)}/routes`, { signal }),
  });
}
