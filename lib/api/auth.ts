import "server-only";

/**
 * The seam for sign-in and roles (a later issue). Every handler declares the least role it needs;
 * until authentication exists every caller acts as an anonymous admin. When it arrives, this
 * function answers 401 (no or bad credentials) and 403 (signed in, role too low) — kept apart.
 */
/** viewer reads; editor changes zones, rovers, tenants, entitlements; publisher also publishes and rolls back; admin also manages users, tokens and Kong credentials. */
export type Role = "viewer" | "editor" | "publisher" | "admin";

export interface Actor {
  name: string;
  role: Role;
}

const RANK: Record<Role, number> = { viewer: 0, editor: 1, publisher: 2, admin: 3 };

export function roleAllows(have: Role, need: Role): boolean {
  return RANK[have] >= RANK[need];
}

export async function authenticate(_req: Request, _needs: Role): Promise<Actor> {
  return { name: "anonymous", role: "admin" };
}
