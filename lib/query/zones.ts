import { queryOptions, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import type { Zone, ZoneCreate, ZoneUpdate } from "@/lib/api/schemas";
import { apiList, apiRequest, ifMatch } from "./api";
import { roverKeys } from "./rovers";

export interface ZoneFilters {
  q?: string;
  limit?: number;
  offset?: number;
}

export const zoneKeys = {
  all: ["zones"] as const,
  lists: () => [...zoneKeys.all, "list"] as const,
  list: (filters: ZoneFilters) => [...zoneKeys.lists(), filters] as const,
  details: () => [...zoneKeys.all, "detail"] as const,
  detail: (name: string) => [...zoneKeys.details(), name] as const,
};

const zonePath = (name: string) => `/zones/${encodeURIComponent(name)}`;

export const zoneListQuery = (filters: ZoneFilters) =>
  queryOptions({
    queryKey: zoneKeys.list(filters),
    queryFn: ({ signal }) => apiList<Zone>("/zones", { limit: 500, ...filters }, signal),
  });

export function useZones(filters: ZoneFilters = {}) {
  return useQuery({ ...zoneListQuery(filters), placeholderData: (previous) => previous });
}

export function useZone(name: string) {
  return useQuery({
    queryKey: zoneKeys.detail(name),
    queryFn: ({ signal }) => apiRequest<Zone>(zonePath(name), { signal }),
  });
}

export function useCreateZone() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (input: ZoneCreate) => apiRequest<Zone>("/zones", { method: "POST", body: input }),
    meta: { inlineStatuses: [409, 422], errorTitle: "Could not create zone", changesRoutes: true },
    onSuccess: (zone) => {
      qc.setQueryData(zoneKeys.detail(zone.name), zone);
      return qc.invalidateQueries({ queryKey: zoneKeys.lists() });
    },
  });
}

export function useUpdateZone(name: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: ({ revision, changes }: { revision: number; changes: Omit<ZoneUpdate, "revision"> }) =>
      apiRequest<Zone>(zonePath(name), { method: "PATCH", body: changes, headers: ifMatch(revision) }),
    meta: { inlineStatuses: [409, 412, 422], errorTitle: "Could not save zone", changesRoutes: true },
    onSuccess: (zone) => {
      qc.setQueryData(zoneKeys.detail(name), zone);
      return qc.invalidateQueries({ queryKey: zoneKeys.lists() });
    },
  });
}

export function useDeleteZone() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: ({ name, cascade }: { name: string; cascade?: boolean }) =>
      apiRequest<{ deletedRovers: number }>(`${zonePath(name)}${cascade ? "?cascade=true" : ""}`, { method: "DELETE" }),
    meta: { inlineStatuses: [409], errorTitle: "Could not delete zone", changesRoutes: true },
    onSuccess: (result, { name }) => {
      // Only the cached copy nobody shows: an editor still open on it would refetch a 404.
      qc.removeQueries({ queryKey: zoneKeys.detail(name), type: "inactive" });
      const work = [qc.invalidateQueries({ queryKey: zoneKeys.lists() })];
      // A cascade took the zone's rovers with it.
      if (result.deletedRovers > 0) work.push(qc.invalidateQueries({ queryKey: roverKeys.all }));
      return Promise.all(work);
    },
  });
}
