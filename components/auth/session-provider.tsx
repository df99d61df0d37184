"use client";

import { createContext, useContext, type ReactNode } from "react";
import { roleAllows, type Role } from "@/lib/auth/roles";

export interface CurrentUser {
  name: string;
  email: string;
  role: Role;
}

const SessionContext = createContext<CurrentUser | null>(null);

/**
 * The signed-in user, read once per page by the root layout on the server and handed down, so
 * every leaf knows the role without a request of its own (the server still checks every call).
 */
export function SessionProvider({ user, children }: { user: CurrentUser | null; children: ReactNode }) {
  return <SessionContext.Provider value={user}>{children}</SessionContext.Provider>;
}

export function useCurrentUser(): CurrentUser | null {
  return useContext(SessionContext);
}

/** Whether the signed-in user has at least `role`. */
export function useCan(role: Role): boolean {
  const user = useCurrentUser();
  return user !== null && roleAllows(user.role, role);
}
