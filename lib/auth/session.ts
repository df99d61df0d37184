import "server-only";
import { getSessionCookie } from "better-auth/cookies";
import { cachedRead } from "../db/changes";
import { getAuth } from "./auth";
import { SESSION_COOKIE_PREFIX } from "./constants";
import { isRole, type Role } from "./roles";

export interface SessionUser {
  id: string;
  name: string;
  email: string;
  role: Role;
}

interface Lookup {
  user: SessionUser | null;
  /** When the session ends on its own (ms since the epoch); a cached answer is not used past it. */
  expiresAt: number;
}

async function lookup(headers: Headers): Promise<Lookup> {
  const session = await getAuth().api.getSession({ headers });
  if (!session) return { user: null, expiresAt: Infinity };
  const { id, name, email, role, disabled } = session.user;
  const expiresAt = new Date(session.session.expiresAt).getTime();
  if (disabled || !isRole(role)) return { user: null, expiresAt };
  return { user: { id, name, email, role }, expiresAt };
}

/**
 * The signed-in user of a request's session cookie, or null (no cookie, expired, revoked, disabled).
 * The answer for a cookie is kept in memory until a user or session changes anywhere (signing out,
 * a role or a disabled flag: lib/db/changes.ts) or the session expires.
 */
export async function sessionUser(headers: Headers): Promise<SessionUser | null> {
  const cookie = getSessionCookie(headers, { cookiePrefix: SESSION_COOKIE_PREFIX });
  if (!cookie) return null;
  let found = await cachedRead("auth", `session:${cookie}`, () => lookup(headers));
  if (found.expiresAt <= Date.now()) found = await lookup(headers);
  return found.user;
}
