import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import type {
  ApiTokenView,
  TokenCreate,
  TokenCreated,
  User,
  UserCreate,
  UserUpdate,
} from "@/lib/auth/schemas";
import { apiList, apiRequest } from "./api";

/** Users and API tokens (admin screens). */
export const userKeys = {
  all: ["users"] as const,
  lists: () => [...userKeys.all, "list"] as const,
  list: (filters: { q?: string }) => [...userKeys.lists(), filters] as const,
};

export const tokenKeys = {
  all: ["tokens"] as const,
  lists: () => [...tokenKeys.all, "list"] as const,
};

const userPath = (id: string) => `/users/${encodeURIComponent(id)}`;

export function useUsers(filters: { q?: string } = {}) {
  return useQuery({
    queryKey: userKeys.list(filters),
    queryFn: ({ signal }) => apiList<User>("/users", { limit: 500, ...filters }, signal),
    placeholderData: (previous) => previous,
  });
}

export function useCreateUser() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (input: UserCreate) => apiRequest<User>("/users", { method: "POST", body: input }),
    meta: { inlineStatuses: [409, 422], errorTitle: "Could not create user" },
    onSuccess: () => qc.invalidateQueries({ queryKey: userKeys.lists() }),
  });
}

export function useUpdateUser() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: ({ id, changes }: { id: string; changes: UserUpdate }) =>
      apiRequest<User>(userPath(id), { method: "PATCH", body: changes }),
    meta: { errorTitle: "Could not change user" },
    onSettled: () => {
      // Disabling a user revokes the tokens they vouch for.
      void qc.invalidateQueries({ queryKey: tokenKeys.lists() });
      return qc.invalidateQueries({ queryKey: userKeys.lists() });
    },
  });
}

export function useDeleteUser() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => apiRequest<void>(userPath(id), { method: "DELETE" }),
    meta: { inlineStatuses: [412], errorTitle: "Could not delete user" },
    onSuccess: () => {
      void qc.invalidateQueries({ queryKey: tokenKeys.lists() });
      return qc.invalidateQueries({ queryKey: userKeys.lists() });
    },
  });
}

export function useTokens() {
  return useQuery({
    queryKey: tokenKeys.lists(),
    queryFn: ({ signal }) => apiList<ApiTokenView>("/tokens", { limit: 500 }, signal),
  });
}

export function useCreateToken() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (input: TokenCreate) => apiRequest<TokenCreated>("/tokens", { method: "POST", body: input }),
    meta: { inlineStatuses: [409, 422], errorTitle: "Could not create token" },
    onSuccess: () => qc.invalidateQueries({ queryKey: tokenKeys.lists() }),
  });
}

export function useRevokeToken() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (id: string) =>
      apiRequest<ApiTokenView>(`/tokens/${encodeURIComponent(id)}`, { method: "DELETE" }),
    meta: { errorTitle: "Could not revoke token" },
    onSuccess: () => qc.invalidateQueries({ queryKey: tokenKeys.lists() }),
  });
}
