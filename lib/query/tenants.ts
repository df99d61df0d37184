import { queryOptions, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import type { Tenant, TenantCreate } from "@/lib/api/schemas";
import { apiList, apiRequest, ifMatch } from "./api";
import { entitlementKeys } from "./entitlements";

export interface TenantFilters {
  q?: string;
  limit?: number;
  offset?: number;
}

export const tenantKeys = {
  all: ["tenants"] as const,
  lists: () => [...tenantKeys.all, "list"] as const,
  list: (filters: TenantFilters) => [...tenantKeys.lists(), filters] as const,
  details: () => [...tenantKeys.all, "detail"] as const,
  detail: (name: string) => [...tenantKeys.details(), name] as const,
};

const tenantPath = (name: string) => `/tenants/${encodeURIComponent(name)}`;

export const tenantListQuery = (filters: TenantFilters) =>
  queryOptions({
    queryKey: tenantKeys.list(filters),
    queryFn: ({ signal }) => apiList<Tenant>("/tenants", { limit: 500, ...filters }, signal),
  });

export function useTenants(filters: TenantFilters = {}) {
  return useQuery({ ...tenantListQuery(filters), placeholderData: (previous) => previous });
}

export function useTenant(name: string) {
  return useQuery({
    queryKey: tenantKeys.detail(name),
    queryFn: ({ signal }) => apiRequest<Tenant>(tenantPath(name), { signal }),
  });
}

export function useCreateTenant() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (input: TenantCreate) => apiRequest<Tenant>("/tenants", { method: "POST", body: input }),
    meta: { inlineStatuses: [409, 422], errorTitle: "Could not create tenant" },
    onSuccess: (tenant) => {
      qc.setQueryData(tenantKeys.detail(tenant.name), tenant);
      return qc.invalidateQueries({ queryKey: tenantKeys.lists() });
    },
  });
}

export function useUpdateTenant(name: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: ({ revision, description }: { revision: number; description: string }) =>
      apiRequest<Tenant>(tenantPath(name), { method: "PATCH", body: { description }, headers: ifMatch(revision) }),
    meta: { inlineStatuses: [412, 422], errorTitle: "Could not save tenant" },
    onSuccess: (tenant) => {
      qc.setQueryData(tenantKeys.detail(name), tenant);
      return qc.invalidateQueries({ queryKey: tenantKeys.lists() });
    },
  });
}

export function useDeleteTenant() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: ({ name, cascade }: { name: string; cascade?: boolean }) =>
      apiRequest<{ revokedEntitlements: number }>(`${tenantPath(name)}${cascade ? "?cascade=true" : ""}`, {
        method: "DELETE",
      }),
    meta: { inlineStatuses: [409], errorTitle: "Could not delete tenant", changesRoutes: true },
    onSuccess: (result, { name }) => {
      // Only the cached copy nobody shows: an editor still open on it would refetch a 404.
      qc.removeQueries({ queryKey: tenantKeys.detail(name), type: "inactive" });
      const work = [qc.invalidateQueries({ queryKey: tenantKeys.lists() })];
      // A cascade revoked the tenant's entitlements with it.
      if (result.revokedEntitlements > 0) work.push(qc.invalidateQueries({ queryKey: entitlementKeys.all }));
      return Promise.all(work);
    },
  });
}
