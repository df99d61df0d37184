import "server-only";
import { headers } from "next/headers";
import { redirect } from "next/navigation";
import { cache } from "react";
import { PATH_HEADER, SIGN_IN_PATH } from "./constants";
import { missingPageRole } from "./page-roles";
import type { Role } from "./roles";
import { sessionUser, type SessionUser } from "./session";

/** The signed-in user of the page being rendered (one lookup per request, however many ask). */
export const currentUser = cache(async (): Promise<SessionUser | null> => sessionUser(await headers()));

/**
 * For the root layout: the signed-in user, or a redirect to the sign-in page when the session
 * cookie the proxy let through is expired, revoked or forged. The sign-in page itself stays open.
 */
export async function pageUser(): Promise<SessionUser | null> {
  const user = await currentUser();
  if (user) return user;
  const path = (await headers()).get(PATH_HEADER);
  if (
    path !== null &&
    path !== SIGN_IN_PATH &&
    !path.startsWith(`${SIGN_IN_PATH}?`) &&
    !path.startsWith(`${SIGN_IN_PATH}/`)
  ) {
    redirect(path === "/" ? SIGN_IN_PATH : `${SIGN_IN_PATH}?next=${encodeURIComponent(path)}`);
  }
  return null;
}

/** For the root layout: the user, and the role the page needs that the user lacks (null: may see it). */
export async function pageAccess(): Promise<{ user: SessionUser | null; needs: Role | null }> {
  const user = await pageUser();
  const path = (await headers()).get(PATH_HEADER);
  return { user, needs: user && path ? missingPageRole(path, user.role) : null };
}

/** For pages of one role (admin screens): the user, who is known to be signed in by the layout. */
export async function requireUser(): Promise<SessionUser> {
  const user = await currentUser();
  if (!user) redirect(SIGN_IN_PATH);
  return user;
}
