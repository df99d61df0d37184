import "server-only";
import { getAuth } from "./auth";
import { isRole, type Role } from "./roles";

export interface SessionUser {
  id: string;
  name: string;
  email: string;
  role: Role;
}

/** The signed-in user of a request's session cookie, or null (no cookie, expired, revoked, disabled). */
export async function sessionUser(headers: Headers): Promise<SessionUser | null> {
  const session = await getAuth().api.getSession({ headers });
  if (!session) return null;
  const { id, name, email, role, disabled } = session.user;
  if (disabled || !isRole(role)) return null;
  return { id, name, email, role };
}
