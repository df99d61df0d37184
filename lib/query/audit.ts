import { useQuery } from "@tanstack/react-query";
import type { AuditEvent } from "@/lib/api/audit";
import { apiList } from "./api";

export interface AuditFilters {
  actor?: string;
  entityType?: string;
  entity?: string;
  action?: string;
  /** ISO date-times. */
  from?: string;
  to?: string;
  limit?: number;
  offset?: number;
}

export const auditKeys = {
  all: ["audit"] as const,
  lists: () => [...auditKeys.all, "list"] as const,
  list: (filters: AuditFilters) => [...auditKeys.lists(), filters] as const,
};

export function useAuditEvents(filters: AuditFilters) {
  return useQuery({
    queryKey: auditKeys.list(filters),
    queryFn: ({ signal }) => apiList<AuditEvent>("/audit", { ...filters }, signal),
    placeholderData: (previous) => previous,
  });
}
