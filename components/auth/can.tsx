"use client";

import type { ReactNode } from "react";
import type { Role } from "@/lib/auth/roles";
import { useCan } from "./session-provider";

/**
 * Shows its children only to a user with at least `role`, e.g. `<Can role="editor"><Button>Edit</Button></Can>`.
 * The UI hides what a role can't do; the API refuses it anyway (403).
 */
export function Can({
  role,
  children,
  fallback = null,
}: {
  role: Role;
  children: ReactNode;
  fallback?: ReactNode;
}) {
  return useCan(role) ? children : fallback;
}
