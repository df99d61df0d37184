import { queryOptions, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import type { Entitlement, EntitlementBatch, EntitlementCreate, Rover, Tenant } from "@/lib/api/schemas";
import type { TenantEffect } from "@/lib/db/entitlement-impact";
import { apiList, apiListAll, apiRequest } from "./api";
import { roverKeys } from "./rovers";
import { tenantKeys } from "./tenants";

export interface EntitlementFilters {
  q?: string;
  tenant?: string;
  application?: string;
  limit?: number;
  offset?: number;
}

export const entitlementKeys = {
  all: ["entitlements"] as const,
  lists: () => [...entitlementKeys.all, "list"] as const,
  list: (filters: EntitlementFilters) => [...entitlementKeys.lists(), filters] as const,
  impacts: () => [...entitlementKeys.all, "impact"] as const,
  impact: (batch: PendingBatch) => [...entitlementKeys.impacts(), batch] as const,
};

export const entitlementListQuery = (filters: EntitlementFilters) =>
  queryOptions({
    queryKey: entitlementKeys.list(filters),
    queryFn: ({ signal }) => apiList<Entitlement>("/entitlements", { limit: 500, ...filters }, signal),
  });

export function useEntitlements(filters: EntitlementFilters = {}) {
  return useQuery({ ...entitlementListQuery(filters), placeholderData: (previous) => previous });
}

/**
 * Everything the matrix shows, whole: every tenant, rover and entitlement (all pages). Keyed under
 * each entity's lists, so the mutations that refresh those lists refresh these too.
 */
export function useMatrixData() {
  const tenants = useQuery({
    queryKey: [...tenantKeys.lists(), "all"] as const,
    queryFn: ({ signal }) => apiListAll<Tenant>("/tenants", {}, signal),
  });
  const rovers = useQuery({
    queryKey: [...roverKeys.lists(), "all"] as const,
    queryFn: ({ signal }) => apiListAll<Rover>("/rovers", {}, signal),
  });
  const entitlements = useQuery({
    queryKey: [...entitlementKeys.lists(), "all"] as const,
    queryFn: ({ signal }) => apiListAll<Entitlement>("/entitlements", {}, signal),
  });
  return { tenants, rovers, entitlements };
}

export interface PendingBatch {
  grant: EntitlementCreate[];
  revoke: EntitlementCreate[];
}

export interface ZoneRouteImpact {
  zone: string;
  routes: number;
  added: string[];
  removed: string[];
  changed: Array<{ name: string; fields: string[] }>;
  activated: string[];
  deactivated: string[];
}

export type { TenantEffect } from "@/lib/db/entitlement-impact";

export interface EntitlementImpact {
  zones: ZoneRouteImpact[];
  routes: number;
  /** Per tenant and endpoint: the route Kong picks now and after the change (the simulator's answer). */
  effects: TenantEffect[];
}

/**
 * What the pending grants and revocations would do to the routes, per zone, before they are
 * applied. A read (nothing is saved), so a query keyed by the batch: flipping a cell back shows
 * the earlier answer from the cache at once.
 */
export function useEntitlementImpact(batch: PendingBatch) {
  const empty = batch.grant.length + batch.revoke.length === 0;
  return useQuery({
    queryKey: entitlementKeys.impact(batch),
    queryFn: ({ signal }) =>
      apiRequest<EntitlementImpact>("/entitlements/impact", { method: "POST", body: batch, signal }),
    enabled: !empty,
    placeholderData: (previous) => previous,
    staleTime: 0,
  });
}

export interface BatchResult {
  granted: number;
  alreadyGranted: number;
  revoked: number;
  notFound: number;
}

/** Grants and revocations in one transaction: a matrix of changes lands whole or not at all. */
export function useApplyEntitlements() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (batch: EntitlementBatch) =>
      apiRequest<BatchResult>("/entitlements/batch", { method: "POST", body: batch }),
    meta: { errorTitle: "Could not apply entitlement changes", changesRoutes: true },
    // Tenants show how many entitlements they hold.
    onSuccess: () =>
      Promise.all([
        qc.invalidateQueries({ queryKey: entitlementKeys.lists() }),
        qc.invalidateQueries({ queryKey: tenantKeys.lists() }),
        // Every cached preview was measured against the entitlements before this batch.
        qc.removeQueries({ queryKey: entitlementKeys.impacts() }),
      ]),
  });
}
