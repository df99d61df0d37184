import { z } from "zod";

/**
 * viewer reads everything; editor also changes zones, rovers, tenants and entitlements; publisher
 * also publishes and rolls back; admin also manages users, API tokens and Kong credentials.
 * Safe to import from the browser: the UI hides what a role can't do with the same ranking the
 * server enforces.
 */
export const ROLES = ["viewer", "editor", "publisher", "admin"] as const;
export type Role = (typeof ROLES)[number];

export const roleSchema = z.enum(ROLES);

const RANK: Record<Role, number> = { viewer: 0, editor: 1, publisher: 2, admin: 3 };

export function roleAllows(have: Role, need: Role): boolean {
  return RANK[have] >= RANK[need];
}

export const ROLE_DESCRIPTIONS: Record<Role, string> = {
  viewer: "Reads everything",
  editor: "Also changes zones, rovers, tenants and entitlements",
  publisher: "Also publishes to Kong and rolls back",
  admin: "Also manages users, API tokens and Kong credentials",
};

export function isRole(value: unknown): value is Role {
  return typeof value === "string" && (ROLES as readonly string[]).includes(value);
}
