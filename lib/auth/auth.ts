import "server-only";
import { hkdfSync } from "node:crypto";
import { betterAuth } from "better-auth";
import { prismaAdapter } from "better-auth/adapters/prisma";
import { APIError } from "better-auth/api";
import { prisma } from "../db/prisma";
import { afterAuthEndpoint, beforeAuthEndpoint } from "./auth-events";
import { CLIENT_ADDRESS_HEADER } from "./client-address";
import { SESSION_COOKIE_PREFIX } from "./constants";
import { appOrigins } from "./origin";

/**
 * Sign-in with better-auth (email + password) on Switchyard's PostgreSQL through its Prisma adapter.
 * The library hashes passwords (scrypt), issues the session cookie and rate-limits sign-in; nothing
 * here handles a password or a session token by hand.
 *
 * - Nobody signs up: users are created by an administrator (lib/auth/users.ts) or `npm run create-admin`.
 * - Cookies are HttpOnly and SameSite=Lax always, and Secure when the app's public URL
 *   (BETTER_AUTH_URL) is https — set it in production behind HTTPS.
 * - The rate limiter is on in every mode (the library turns it on only in production) and counts in
 *   the database, so all instances of the app share one count and a restart does not reset it. It
 *   counts per client address as resolved from the trusted proxies (lib/auth/client-address.ts),
 *   never from what a client writes into X-Forwarded-For; on top of it each account has its own
 *   backoff (lib/auth/throttle.ts), and sign-ins and password changes are audited (auth-events.ts).
 */
/** Sign-in attempts per client address per minute. */
export const SIGN_IN_ATTEMPTS_PER_MINUTE = 10;

function authSecret(): string | undefined {
  if (process.env.BETTER_AUTH_SECRET) return process.env.BETTER_AUTH_SECRET;
  const base = process.env.SWITCHYARD_SECRET_KEY;
  // One secret to configure: the session-signing key is derived from the key that encrypts Kong tokens.
  return base
    ? Buffer.from(hkdfSync("sha256", base, "switchyard", "better-auth", 32)).toString("hex")
    : undefined;
}

function createAuth() {
  const baseURL = process.env.BETTER_AUTH_URL || undefined;
  return betterAuth({
    appName: "Switchyard",
    baseURL,
    basePath: "/api/auth",
    secret: authSecret(),
    // better-auth refuses its POSTs from other origins; "ours" is the public URL, or the host asked.
    trustedOrigins: (request) => appOrigins(request),
    database: prismaAdapter(prisma, { provider: "postgresql" }),
    telemetry: { enabled: false },
    emailAndPassword: {
      enabled: true,
      disableSignUp: true,
      minPasswordLength: 8,
      maxPasswordLength: 128,
    },
    user: {
      additionalFields: {
        // Set by administrators only (input: false keeps them out of every better-auth endpoint).
        role: { type: "string", input: false, required: false, defaultValue: "viewer" },
        disabled: { type: "boolean", input: false, required: false, defaultValue: false },
      },
    },
    session: {
      expiresIn: 60 * 60 * 24,
      updateAge: 60 * 60,
    },
    rateLimit: {
      enabled: true,
      storage: "database",
      window: 10,
      max: 100,
      customRules: {
        "/sign-in/email": { window: 60, max: SIGN_IN_ATTEMPTS_PER_MINUTE },
      },
    },
    advanced: {
      cookiePrefix: SESSION_COOKIE_PREFIX,
      // The library skips its origin check under NODE_ENV=test; the tests must see what production does.
      disableOriginCheck: false,
      useSecureCookies: baseURL ? baseURL.startsWith("https://") : false,
      defaultCookieAttributes: { httpOnly: true, sameSite: "lax" },
      // Set by app/api/auth/[...all]/route.ts from SWITCHYARD_TRUSTED_PROXIES; the library never
      // reads X-Forwarded-For itself (it would trust a single entry a client wrote).
      ipAddress: { ipAddressHeaders: [CLIENT_ADDRESS_HEADER] },
    },
    hooks: { before: beforeAuthEndpoint, after: afterAuthEndpoint },
    databaseHooks: {
      session: {
        create: {
          // A disabled user's password still checks out; refuse the session it would open.
          before: async (session) => {
            const user = await prisma.user.findUnique({
              where: { id: session.userId },
              select: { disabled: true },
            });
            if (!user || user.disabled) {
              throw new APIError("FORBIDDEN", {
                message: "This account is disabled; ask an administrator",
                code: "ACCOUNT_DISABLED",
              });
            }
          },
        },
      },
    },
  });
}

export type Auth = ReturnType<typeof createAuth>;

let instance: Auth | undefined;

/**
 * Created on first use, not at import: `next build` imports route modules without the runtime
 * secrets, and better-auth refuses to start in production without one.
 */
export function getAuth(): Auth {
  instance ??= createAuth();
  return instance;
}
