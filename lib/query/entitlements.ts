import { queryOptions, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import type { Entitlement, EntitlementBatch } from "@/lib/api/schemas";
import { apiList, apiRequest } from "./api";
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
};

export const entitlementListQuery = (filters: EntitlementFilters) =>
  queryOptions({
    queryKey: entitlementKeys.list(filters),
    queryFn: ({ signal }) => apiList<Entitlement>("/entitlements", { limit: 500, ...filters }, signal),
  });

export function useEntitlements(filters: EntitlementFilters = {}) {
  return useQuery({ ...entitlementListQuery(filters), placeholderData: (previous) => previous });
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
    meta: { errorTitle: "Could not apply entitlement changes" },
    // Tenants show how many entitlements they hold.
    onSuccess: () =>
      Promise.all([
        qc.invalidateQueries({ queryKey: entitlementKeys.lists() }),
        qc.invalidateQueries({ queryKey: tenantKeys.lists() }),
      ]),
  });
}
