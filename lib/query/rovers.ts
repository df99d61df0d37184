import { queryOptions, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import type { Rover, RoverCreate, RoverUpdate } from "@/lib/api/schemas";
import { apiList, apiRequest, ifMatch } from "./api";
import { zoneKeys } from "./zones";

export interface RoverFilters {
  q?: string;
  zone?: string;
  limit?: number;
  offset?: number;
}

export const roverKeys = {
  all: ["rovers"] as const,
  lists: () => [...roverKeys.all, "list"] as const,
  list: (filters: RoverFilters) => [...roverKeys.lists(), filters] as const,
  details: () => [...roverKeys.all, "detail"] as const,
  detail: (id: string) => [...roverKeys.details(), id] as const,
};

const roverPath = (id: string) => `/rovers/${encodeURIComponent(id)}`;

export const roverListQuery = (filters: RoverFilters) =>
  queryOptions({
    queryKey: roverKeys.list(filters),
    queryFn: ({ signal }) => apiList<Rover>("/rovers", { limit: 500, ...filters }, signal),
  });

export function useRovers(filters: RoverFilters = {}) {
  return useQuery({ ...roverListQuery(filters), placeholderData: (previous) => previous });
}

export function useRover(id: string) {
  return useQuery({
    queryKey: roverKeys.detail(id),
    queryFn: ({ signal }) => apiRequest<Rover>(roverPath(id), { signal }),
  });
}

/** A rover changes its zone's rover count, so zone lists are refreshed with rover lists. */
function refreshLists(qc: ReturnType<typeof useQueryClient>) {
  return Promise.all([
    qc.invalidateQueries({ queryKey: roverKeys.lists() }),
    qc.invalidateQueries({ queryKey: zoneKeys.lists() }),
  ]);
}

export function useCreateRover() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (input: RoverCreate) => apiRequest<Rover>("/rovers", { method: "POST", body: input }),
    meta: { inlineStatuses: [409, 422], errorTitle: "Could not create rover", changesRoutes: true },
    onSuccess: (rover) => {
      qc.setQueryData(roverKeys.detail(rover.id), rover);
      return refreshLists(qc);
    },
  });
}

export function useUpdateRover(id: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: ({ revision, changes }: { revision: number; changes: Omit<RoverUpdate, "revision"> }) =>
      apiRequest<Rover>(roverPath(id), { method: "PATCH", body: changes, headers: ifMatch(revision) }),
    meta: { inlineStatuses: [409, 412, 422], errorTitle: "Could not save rover", changesRoutes: true },
    onSuccess: (rover) => {
      qc.setQueryData(roverKeys.detail(id), rover);
      return refreshLists(qc);
    },
  });
}

export function useDeleteRover() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: ({ id }: { id: string }) => apiRequest<void>(roverPath(id), { method: "DELETE" }),
    meta: { errorTitle: "Could not delete rover", changesRoutes: true },
    onSuccess: (_result, { id }) => {
      // Only the cached copy nobody shows: an editor still open on it would refetch a 404.
      qc.removeQueries({ queryKey: roverKeys.detail(id), type: "inactive" });
      return refreshLists(qc);
    },
  });
}

export function useImportRover() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: ({ yaml, upsert }: { yaml: string; upsert: boolean }) =>
      apiRequest<Rover>(`/rovers/import${upsert ? "?upsert=true" : ""}`, { method: "POST", text: yaml }),
    // The import dialog lists the file's problems by line; only surprises toast.
    meta: { inlineStatuses: [400, 409, 422], errorTitle: "Could not import rover", changesRoutes: true },
    onSuccess: (rover) => {
      qc.setQueryData(roverKeys.detail(rover.id), rover);
      return refreshLists(qc);
    },
  });
}

/** Where the browser downloads a rover file from (the server names the file). */
export const roverExportUrl = (id: string) => `/api/v1${roverPath(id)}/export`;
