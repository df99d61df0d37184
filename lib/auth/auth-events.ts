import "server-only";
import { APIError, createAuthMiddleware, getSessionFromCtx, isAPIError } from "better-auth/api";
import { recordAudit } from "../db/audit";
import { prisma } from "../db/prisma";
import { CLIENT_ADDRESS_HEADER } from "./client-address";
import { beginSignIn, signInSucceeded } from "./throttle";

/**
 * better-auth's hooks for what happens around its own endpoints: the per-account sign-in backoff
 * (lib/auth/throttle.ts) before the password is checked, and audit events for sign-ins and
 * password changes, successful or not. The events carry who, the client address and a trimmed user
 * agent; never a password (better-auth's bodies are not recorded at all).
 */
const SIGN_IN = "/sign-in/email";
const CHANGE_PASSWORD = "/change-password";
const USER_AGENT_MAX = 200;
const EMAIL_MAX = 254;

/** The sign-in's email as better-auth will look it up, or null when it sends none it would accept. */
function emailOf(body: unknown): string | null {
  const email = (body as { email?: unknown } | null)?.email;
  if (typeof email !== "string" || email.length === 0 || email.length > EMAIL_MAX) return null;
  return email.toLowerCase();
}

interface Client {
  address: string | null;
  userAgent: string | null;
}

function clientOf(headers: Headers | undefined): Client {
  return {
    // Resolved from the trusted proxies by the route (app/api/auth/[...all]/route.ts).
    address: headers?.get(CLIENT_ADDRESS_HEADER) ?? null,
    userAgent: headers?.get("user-agent")?.slice(0, USER_AGENT_MAX) ?? null,
  };
}

/** The error code better-auth answered with (e.g. INVALID_EMAIL_OR_PASSWORD), for the trail. */
function failureOf(returned: unknown): string | null {
  if (!isAPIError(returned)) return null;
  const code = (returned.body as { code?: unknown } | undefined)?.code;
  return typeof code === "string" ? code : String(returned.status);
}

async function audit(
  action: string,
  email: string,
  user: { id: string; role?: unknown } | null,
  client: Client,
  outcome: Record<string, unknown> = {},
): Promise<void> {
  await recordAudit(
    prisma,
    { actor: email, requestId: null },
    {
      action,
      entityType: "user",
      // An unknown email names no user: the trail keeps what was tried.
      entityKey: user?.id ?? email,
      entityLabel: typeof user?.role === "string" ? `${email} (${user.role})` : email,
      after: { email, clientAddress: client.address, userAgent: client.userAgent, ...outcome },
    },
  );
}

export const beforeAuthEndpoint = createAuthMiddleware(async (ctx) => {
  if (ctx.path !== SIGN_IN) return;
  const email = emailOf(ctx.body);
  // better-auth refuses a sign-in without a usable email itself; there is no account to count.
  if (!email) return;
  const attempt = await beginSignIn(email, clientOf(ctx.headers).address);
  if (!attempt.allowed) {
    const seconds = String(attempt.retryAfter);
    throw new APIError(
      "TOO_MANY_REQUESTS",
      {
        message: `Too many failed sign-ins to this account: try again in ${seconds} s`,
        code: "SIGN_IN_THROTTLED",
      },
      { "Retry-After": seconds, "X-Retry-After": seconds },
    );
  }
});

export const afterAuthEndpoint = createAuthMiddleware(async (ctx) => {
  if (ctx.path === SIGN_IN) {
    const email = emailOf(ctx.body);
    if (!email) return;
    const client = clientOf(ctx.headers);
    const failure = failureOf(ctx.context.returned);
    const signedIn = ctx.context.newSession?.user;
    if (!failure && signedIn) {
      await signInSucceeded(email, client.address);
      await audit("sign-in", email, signedIn, client);
      return;
    }
    const user = await prisma.user.findUnique({ where: { email }, select: { id: true, role: true } });
    await audit("sign-in-failed", email, user, client, { reason: failure ?? "UNKNOWN" });
    return;
  }
  if (ctx.path === CHANGE_PASSWORD) {
    const client = clientOf(ctx.headers);
    const failure = failureOf(ctx.context.returned);
    const changed = (ctx.context.returned as { user?: { id: string; email: string } } | undefined)?.user;
    if (!failure && changed) {
      const user = await prisma.user.findUnique({
        where: { id: changed.id },
        select: { id: true, role: true },
      });
      await audit("password-change", changed.email, user, client);
      return;
    }
    // Refused (wrong current password, a new one out of bounds): the session is still the caller's.
    const session = await getSessionFromCtx(ctx).catch(() => null);
    if (!session) return;
    const { id, email, role } = session.user as { id: string; email: string; role?: unknown };
    await audit("password-change-failed", email, { id, role }, client, { reason: failure ?? "UNKNOWN" });
  }
});
