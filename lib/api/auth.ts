import "server-only";
import { roleAllows, type Role } from "../auth/roles";
import { isSameSiteOrigin } from "../auth/origin";
import { sessionUser } from "../auth/session";
import { verifyApiToken } from "../auth/tokens";
import { ApiError } from "./errors";

/**
 * Who is calling: a signed-in user (better-auth's session cookie) or a machine with an API token
 * (`Authorization: Bearer sy_…`). Every handler declares the least role it needs (lib/api/handler.ts);
 * no or bad credentials answer 401, a role too low 403 — kept apart.
 */
export { roleAllows, type Role };

export interface Actor {
  /** Stable and readable, for the audit trail: the user's email or the API token's name. */
  name: string;
  role: Role;
  kind: "user" | "token";
}

/** A check inside a handler for a part of a request that needs more than the handler's role. */
export function requireRole(actor: Actor, role: Role, what: string): void {
  if (!roleAllows(actor.role, role)) {
    throw new ApiError("forbidden", `${what} needs the ${role} role; you are ${actor.role}`);
  }
}

/** HTTP's safe methods: they change nothing, so they need no origin check and make nothing stale. */
export const SAFE_METHODS: ReadonlySet<string> = new Set(["GET", "HEAD", "OPTIONS"]);

/**
 * A cookie rides along on any request the browser sends, also one a hostile page triggers. A
 * change made with a session cookie must come from Switchyard's own pages: the browser says so in
 * Sec-Fetch-Site, and in Origin where it doesn't. Token calls carry no ambient credential.
 */
function assertSameOrigin(req: Request): void {
  const site = req.headers.get("sec-fetch-site");
  if (site && site !== "same-origin" && site !== "none") {
    throw new ApiError(
      "forbidden",
      "Cross-site request refused: changes must come from Switchyard's own pages",
    );
  }
  const origin = req.headers.get("origin");
  if (origin && !isSameSiteOrigin(req, origin)) {
    throw new ApiError(
      "forbidden",
      `Cross-site request refused: origin ${origin.slice(0, 100)} is not Switchyard`,
    );
  }
}

export async function authenticate(req: Request, _needs: Role): Promise<Actor> {
  const authorization = req.headers.get("authorization");
  if (authorization) {
    const match = /^Bearer\s+(\S+)\s*$/i.exec(authorization);
    if (!match) throw new ApiError("unauthorized", "Send the API token as Authorization: Bearer <token>");
    const token = await verifyApiToken(match[1]);
    if (!token) throw new ApiError("unauthorized", "The API token is unknown or revoked");
    return { name: token.name, role: token.role, kind: "token" };
  }
  const user = await sessionUser(req.headers);
  if (!user)
    throw new ApiError(
      "unauthorized",
      "Sign in first, or send an API token as Authorization: Bearer <token>",
    );
  if (!SAFE_METHODS.has(req.method)) assertSameOrigin(req);
  return { name: user.email, role: user.role, kind: "user" };
}
