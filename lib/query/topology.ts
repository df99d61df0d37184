import { useQuery } from "@tanstack/react-query";
import type { Topology } from "@/lib/api/topology";
import { apiRequest } from "./api";

export const topologyKeys = {
  all: ["topology"] as const,
  estate: () => [...topologyKeys.all, "estate"] as const,
};

/**
 * Derived from every zone, rover and entitlement, so no single mutation knows to invalidate it:
 * it is always refetched when a screen that shows it mounts (the server's compile is cached).
 */
export function useTopology() {
  return useQuery({
    queryKey: topologyKeys.estate(),
    queryFn: ({ signal }) => apiRequest<Topology>("/topology", { signal }),
    staleTime: 0,
  });
}
