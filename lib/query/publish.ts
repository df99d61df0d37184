import { keepPreviousData, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import type { KongFailure } from "@/lib/kong/errors";
import type { EntityKind } from "@/lib/publish/plan";
import type { EstatePlan, EstatePublishResult } from "@/lib/publish/estate";
import type {
  PublishDetailView,
  PublishPreviewView,
  PublishRecordView,
  ZoneDrift,
} from "@/lib/publish/views";
import { apiList, apiRequest } from "./api";
import { overviewKeys, pendingKeys } from "./overview";

/** GET /zones/{name}/drift: the drift check as served from the per-zone cache. */
export interface ZoneDriftView extends ZoneDrift {
  /** Why Kong could not be read (`reachable: false`); null when it was. */
  failure: KongFailure | null;
  /** Unmanaged entities per kind; `unmanaged` names only those carrying Switchyard's tag. */
  unmanagedCounts: Partial<Record<EntityKind, number>>;
  /** How old the check was when answered; checks are reused for up to `maxAgeSeconds`. */
  ageSeconds: number;
  maxAgeSeconds: number;
}

/** The server gives up on a Kong well before this (lib/kong/limits.ts); this only ends a lost request. */
const DRIFT_REQUEST_TIMEOUT_MS = 45_000;

export interface PublishFilters {
  zone?: string;
  limit?: number;
  offset?: number;
}

export const publishKeys = {
  all: ["publishes"] as const,
  lists: () => [...publishKeys.all, "list"] as const,
  list: (filters: PublishFilters) => [...publishKeys.lists(), filters] as const,
  details: () => [...publishKeys.all, "detail"] as const,
  detail: (id: string, operations: boolean) => [...publishKeys.details(), id, { operations }] as const,
  previews: () => [...publishKeys.all, "preview"] as const,
  /** A zone's dry run, or (with `sourcePublishId`) a rollback's. */
  preview: (zone: string, sourcePublishId: string | null) =>
    [...publishKeys.previews(), zone, sourcePublishId] as const,
  drifts: () => [...publishKeys.all, "drift"] as const,
  drift: (zone: string) => [...publishKeys.drifts(), zone] as const,
  /** The whole estate's plan ("Publish all"). */
  estatePlan: () => [...publishKeys.all, "estate-plan"] as const,
  /** Publishes made since an estate publish began, polled for its per-zone progress. */
  since: (startedAt: string) => [...publishKeys.all, "since", startedAt] as const,
};

const zonePath = (zone: string) => `/zones/${encodeURIComponent(zone)}`;

export function usePublishes(filters: PublishFilters = {}) {
  return useQuery({
    queryKey: publishKeys.list(filters),
    queryFn: ({ signal }) => apiList<PublishRecordView>("/publishes", { limit: 50, ...filters }, signal),
    placeholderData: keepPreviousData,
  });
}

/** A zone's latest real publish (or null), for the overview. */
export function useLastPublish(zone: string) {
  return useQuery({
    queryKey: publishKeys.list({ zone, limit: 1 }),
    queryFn: async ({ signal }) =>
      (await apiList<PublishRecordView>("/publishes", { zone, limit: 1 }, signal)).items[0] ?? null,
  });
}

/**
 * One publish. While it runs the record is polled (without its operations, which a large zone has
 * thousands of) so the progress bar moves; once it has finished, its outcomes are loaded once.
 */
export function usePublish(id: string | null, { operations = true }: { operations?: boolean } = {}) {
  return useQuery({
    queryKey: publishKeys.detail(id ?? "", operations),
    queryFn: ({ signal }) =>
      apiRequest<PublishDetailView>(
        `/publishes/${encodeURIComponent(id!)}${operations ? "" : "?operations=false"}`,
        { signal },
      ),
    enabled: id !== null,
    refetchInterval: (query) => (query.state.data?.status === "RUNNING" ? 400 : false),
    staleTime: (query) => (query.state.data && query.state.data.status !== "RUNNING" ? Infinity : 0),
  });
}

/** The dry run: plan against live Kong, route diff since the last publish, warnings. Refetched on demand only. */
export function usePublishPreview(
  zone: string,
  sourcePublishId: string | null = null,
  { enabled = true } = {},
) {
  return useQuery({
    queryKey: publishKeys.preview(zone, sourcePublishId),
    queryFn: ({ signal }) =>
      apiRequest<PublishPreviewView>(
        sourcePublishId
          ? `/publishes/${encodeURIComponent(sourcePublishId)}/rollback?dryRun=true`
          : `${zonePath(zone)}/publish?dryRun=true`,
        { method: "POST", signal },
      ),
    enabled,
    staleTime: 5_000,
  });
}

/**
 * A zone's drift. Each zone's check is its own request, so a dead Kong only delays its own cell;
 * a failure is an answer (`reachable: false`), not retried by the query. `refresh()` asks again: a
 * publisher gets a new check, anyone else the server's cached one (its age is shown).
 */
export function useZoneDrift(zone: string) {
  const query = useQuery({
    queryKey: publishKeys.drift(zone),
    queryFn: ({ signal }) =>
      apiRequest<ZoneDriftView>(`${zonePath(zone)}/drift`, {
        signal: AbortSignal.any([signal, AbortSignal.timeout(DRIFT_REQUEST_TIMEOUT_MS)]),
      }),
    staleTime: 15_000,
    retry: false,
  });
  return Object.assign(query, { refresh: () => query.refetch() });
}

/** Starts a publish of the zone's current state, or (with `sourcePublishId`) re-sends an earlier one. */
export function useStartPublish(zone: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: ({ sourcePublishId }: { sourcePublishId?: string | null } = {}) =>
      apiRequest<PublishRecordView>(
        sourcePublishId
          ? `/publishes/${encodeURIComponent(sourcePublishId)}/rollback`
          : `${zonePath(zone)}/publish`,
        { method: "POST" },
      ),
    meta: { inlineStatuses: [409, 412], errorTitle: `Could not publish ${zone}` },
    onSuccess: () => qc.invalidateQueries({ queryKey: publishKeys.lists() }),
  });
}

/** After a publish has finished: history, drift and the next preview all changed. */
export function useInvalidateAfterPublish(zone: string) {
  const qc = useQueryClient();
  return () =>
    Promise.all([
      qc.invalidateQueries({ queryKey: publishKeys.lists() }),
      qc.invalidateQueries({ queryKey: publishKeys.drift(zone) }),
      qc.invalidateQueries({ queryKey: publishKeys.previews() }),
      // Kong has the zone's routes now: it no longer counts as pending.
      qc.invalidateQueries({ queryKey: pendingKeys.all }),
      qc.invalidateQueries({ queryKey: overviewKeys.all }),
    ]);
}

/** The estate plan: every zone's writes against its Kong now, in publish order with its dependencies. */
export function useEstatePlan({ enabled }: { enabled: boolean }) {
  return useQuery({
    queryKey: publishKeys.estatePlan(),
    queryFn: ({ signal }) => apiRequest<EstatePlan>("/publish?dryRun=true", { method: "POST", signal }),
    enabled,
    staleTime: 5_000,
  });
}

/**
 * While an estate publish runs (the request answers once every zone is done), the zones' own
 * records as they appear: newest first, so the first per zone is the one this publish made.
 */
export function usePublishesSince(startedAt: string | null) {
  return useQuery({
    queryKey: publishKeys.since(startedAt ?? ""),
    queryFn: async ({ signal }) =>
      (await apiList<PublishRecordView>("/publishes", { limit: 100 }, signal)).items.filter(
        (p) => startedAt !== null && p.createdAt >= startedAt,
      ),
    enabled: startedAt !== null,
    refetchInterval: 700,
  });
}

/** "Publish all": the estate publish, answered with what was and wasn't applied per zone. */
export function usePublishAll() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: () => apiRequest<EstatePublishResult>("/publish", { method: "POST" }),
    meta: { inlineStatuses: [409], errorTitle: "Could not publish the estate" },
    onSettled: () =>
      Promise.all([
        qc.invalidateQueries({ queryKey: publishKeys.all }),
        qc.invalidateQueries({ queryKey: pendingKeys.all }),
        qc.invalidateQueries({ queryKey: overviewKeys.all }),
      ]),
  });
}
