import { useQuery } from "@tanstack/react-query";
import type { SettingsInput } from "@/lib/api/schemas";
import { apiRequest } from "./api";

export type Settings = SettingsInput & { revision: number; updatedAt: string };

export const settingsKeys = {
  all: ["settings"] as const,
  detail: () => [...settingsKeys.all, "detail"] as const,
};

export function useSettings() {
  return useQuery({
    queryKey: settingsKeys.detail(),
    queryFn: ({ signal }) => apiRequest<Settings>("/settings", { signal }),
    staleTime: 60_000,
  });
}
