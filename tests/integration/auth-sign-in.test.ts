import { afterEach, describe, expect, it } from "vitest";
import * as authRoute from "@/app/api/auth/[...all]/route";
import * as users from "@/app/api/v1/users/route";
import { SIGN_IN_ATTEMPTS_PER_MINUTE } from "@/lib/auth/auth";
import {
  ACCOUNT_FREE_FAILURES,
  ACCOUNT_MAX_DELAY_S,
  CLIENT_FREE_FAILURES,
  CLIENT_MAX_DELAY_S,
} from "@/lib/auth/throttle";
import { prisma } from "@/lib/db/prisma";
import { post, unique } from "./http";

/**
 * Sign-in under attack: the client address comes from the trusted proxies, each account has its
 * own backoff that another client's failures can't turn into a lock-out, and every sign-in and
 * password change is in the audit trail. Real better-auth handler, real database.
 */
const ORIGIN = "http://localhost";
let counter = 0;
/** A documentation-range address of its own per call. */
const freshAddress = () => `198.51.${100 + Math.floor(++counter / 250)}.${counter % 250}`;

afterEach(() => {
  delete process.env.SWITCHYARD_TRUSTED_PROXIES;
});

async function signIn(
  email: string,
  password: string,
  forwardedFor = freshAddress(),
  userAgent = "it-tests",
) {
  return authRoute.POST(
    new Request(`${ORIGIN}/api/auth/sign-in/email`, {
      method: "POST",
      headers: {
        "content-type": "application/json",
        origin: ORIGIN,
        "x-forwarded-for": forwardedFor,
        "user-agent": userAgent,
      },
      body: JSON.stringify({ email, password }),
    }),
  );
}

async function createViewer(password = "correct horse battery") {
  const email = `${unique("signin")}@example.test`;
  const res = await post(users.POST, "/api/v1/users", {
    body: { name: "Sign-in", email, role: "viewer", password },
  });
  expect(res.status, res.text).toBe(201);
  return { id: res.json.id as string, email, password };
}

/** As if the account's or the client's wait had passed (the waits are on the database's clock). */
const waitOver = (key: string) =>
  prisma.signInThrottle.update({ where: { key }, data: { blockedUntil: new Date(Date.now() - 1000) } });

/** The wait the last failure on `key` imposed, in seconds (exact: both times are the database's). */
async function imposedWait(key: string): Promise<number> {
  const row = await prisma.signInThrottle.findUniqueOrThrow({ where: { key } });
  return (row.blockedUntil.getTime() - row.lastFailureAt.getTime()) / 1000;
}

/** As if a minute had passed for better-auth's per-address limit. */
const minutePassed = (address: string) =>
  prisma.rateLimit.deleteMany({ where: { key: { startsWith: `${address}|` } } });

async function body(res: Response) {
  return (await res.json()) as { code?: string; message?: string };
}

describe("the client address", () => {
  it("comes from the trusted proxies: rotating X-Forwarded-For gives no extra guesses", async () => {
    process.env.SWITCHYARD_TRUSTED_PROXIES = "10.0.0.0/8";
    const client = freshAddress();
    // Different accounts, so only the per-address limit is in play.
    for (let i = 0; i < SIGN_IN_ATTEMPTS_PER_MINUTE; i++) {
      const res = await signIn(
        `${unique("nobody")}@example.test`,
        "guess",
        `${freshAddress()}, ${client}, 10.0.0.1`,
      );
      expect(res.status).toBe(401);
    }
    const limited = await signIn(
      `${unique("nobody")}@example.test`,
      "guess",
      `${freshAddress()}, ${client}, 10.0.0.1`,
    );
    expect(limited.status).toBe(429);
    expect(await prisma.rateLimit.count({ where: { key: { startsWith: `${client}|` } } })).toBe(1);
    // Nobody can pose as that client to lock it out: its address is what our proxy saw.
    const other = await createViewer();
    expect((await signIn(other.email, other.password, `${client}, ${freshAddress()}, 10.0.0.1`)).status).toBe(
      200,
    );
  });

  it("ignores an address header a client sets itself", async () => {
    const viewer = await createViewer();
    const res = await authRoute.POST(
      new Request(`${ORIGIN}/api/auth/sign-in/email`, {
        method: "POST",
        headers: {
          "content-type": "application/json",
          origin: ORIGIN,
          "x-forwarded-for": "203.0.113.9",
          "x-switchyard-client-address": "192.0.2.1",
        },
        body: JSON.stringify({ email: viewer.email, password: viewer.password }),
      }),
    );
    expect(res.status).toBe(200);
    const session = await prisma.session.findFirstOrThrow({ where: { userId: viewer.id } });
    expect(session.ipAddress).toBe("203.0.113.9");
  });
});

describe("per-account backoff", () => {
  it(`lets one client fail ${CLIENT_FREE_FAILURES} times, then doubles its wait, also for the right password`, async () => {
    const viewer = await createViewer();
    const address = freshAddress();
    for (let i = 0; i < CLIENT_FREE_FAILURES; i++)
      expect((await signIn(viewer.email, "nope", address)).status).toBe(401);
    const key = `client:${viewer.email}|${address}`;
    const imposed = () => imposedWait(key);
    const waits = [await imposed()];
    for (let i = 0; i < 2; i++) {
      await waitOver(key);
      await minutePassed(address);
      expect((await signIn(viewer.email, "nope", address)).status).toBe(401);
      waits.push(await imposed());
    }
    expect(waits).toEqual([1, 2, 4]);
    // Capped; and while it lasts even the right password is refused without being checked.
    await prisma.signInThrottle.update({ where: { key }, data: { failures: 1000 } });
    await waitOver(key);
    await minutePassed(address);
    expect((await signIn(viewer.email, "nope", address)).status).toBe(401);
    expect(await imposed()).toBe(CLIENT_MAX_DELAY_S);
    const refused = await signIn(viewer.email, viewer.password, address);
    expect(refused.status).toBe(429);
    expect(await body(refused)).toMatchObject({ code: "SIGN_IN_THROTTLED" });
    const retryAfter = Number(refused.headers.get("retry-after"));
    expect(retryAfter).toBeLessThanOrEqual(CLIENT_MAX_DELAY_S);
    expect(retryAfter).toBeGreaterThan(CLIENT_MAX_DELAY_S - 60);
    // Once the wait is over the right password works and the count starts again.
    await waitOver(key);
    expect((await signIn(viewer.email, viewer.password, address)).status).toBe(200);
    expect(await prisma.signInThrottle.findUniqueOrThrow({ where: { key } })).toMatchObject({ failures: 0 });
  });

  it("counts a burst of parallel guesses before any is checked", async () => {
    const viewer = await createViewer();
    const address = freshAddress();
    // One failure short of a long wait: of a burst, only the first may be checked.
    const key = `client:${viewer.email}|${address}`;
    await prisma.signInThrottle.create({
      data: { key, failures: 1000, lastFailureAt: new Date(), blockedUntil: new Date(Date.now() - 1000) },
    });
    const answers = await Promise.all(
      Array.from({ length: SIGN_IN_ATTEMPTS_PER_MINUTE }, () => signIn(viewer.email, "nope", address)),
    );
    const statuses = answers.map((r) => r.status).sort();
    expect(statuses).toEqual([401, ...Array<number>(SIGN_IN_ATTEMPTS_PER_MINUTE - 1).fill(429)]);
  });

  it("slows guesses from rotating addresses, but never locks a user out for long", async () => {
    const viewer = await createViewer();
    const home = freshAddress();
    expect((await signIn(viewer.email, viewer.password, home)).status).toBe(200);
    // An attacker on a new address for every guess: each address is clean, the account is not.
    for (let i = 0; i < ACCOUNT_FREE_FAILURES; i++)
      expect((await signIn(viewer.email, "guess")).status).toBe(401);
    const key = `account:${viewer.email}`;
    expect(await imposedWait(key)).toBe(1);

    // However long the attack, a new client waits at most ACCOUNT_MAX_DELAY_S at a time.
    await prisma.signInThrottle.update({ where: { key }, data: { failures: 1000 } });
    await waitOver(key);
    expect((await signIn(viewer.email, "guess")).status).toBe(401);
    expect(await imposedWait(key)).toBe(ACCOUNT_MAX_DELAY_S);

    // The user, from where they signed in before, is not slowed by someone else's failures.
    expect((await signIn(viewer.email, viewer.password, home)).status).toBe(200);

    const waiting = await signIn(viewer.email, viewer.password);
    expect(waiting.status).toBe(429);
    const wait = Number(waiting.headers.get("retry-after"));
    expect(wait).toBeGreaterThan(0);
    expect(wait).toBeLessThanOrEqual(ACCOUNT_MAX_DELAY_S);
    await waitOver(key);
    expect((await signIn(viewer.email, viewer.password)).status).toBe(200);
  });

  it("throttles an unknown email like a known one (no hint which accounts exist)", async () => {
    const email = `${unique("ghost")}@example.test`;
    const address = freshAddress();
    const known = await createViewer();
    for (const account of [email, known.email]) {
      for (let i = 0; i < CLIENT_FREE_FAILURES; i++)
        expect((await signIn(account, "guess", address)).status).toBe(401);
      const row = await prisma.signInThrottle.findUniqueOrThrow({
        where: { key: `client:${account}|${address}` },
      });
      expect(row.failures, account).toBe(CLIENT_FREE_FAILURES);
      expect(await imposedWait(`client:${account}|${address}`), account).toBe(1);
      await minutePassed(address);
    }
  });
});

describe("sign-in audit", () => {
  it("records successful and failed sign-ins with the client, never the password", async () => {
    process.env.SWITCHYARD_TRUSTED_PROXIES = "10.0.0.0/8";
    const viewer = await createViewer("a secret passphrase");
    const longAgent = `Mozilla/5.0 ${"x".repeat(500)}`;
    expect(
      (await signIn(viewer.email, "wrong secret", "6.6.6.6, 203.0.113.20, 10.0.0.1", longAgent)).status,
    ).toBe(401);
    expect((await signIn(viewer.email.toUpperCase(), viewer.password, "203.0.113.20, 10.0.0.1")).status).toBe(
      200,
    );
    const ghost = `${unique("ghost")}@example.test`;
    expect((await signIn(ghost, "whatever", "203.0.113.21")).status).toBe(401);

    const events = await prisma.auditEvent.findMany({
      where: { action: { in: ["sign-in", "sign-in-failed"] }, actor: { in: [viewer.email, ghost] } },
      orderBy: { id: "asc" },
    });
    expect(events.map((e) => [e.action, e.actor, e.entityKey])).toEqual([
      ["sign-in-failed", viewer.email, viewer.id],
      ["sign-in", viewer.email, viewer.id],
      ["sign-in-failed", ghost, ghost],
    ]);
    expect(events[0].after).toEqual({
      email: viewer.email,
      clientAddress: "203.0.113.20",
      userAgent: longAgent.slice(0, 200),
      reason: "INVALID_EMAIL_OR_PASSWORD",
    });
    expect(events[1]).toMatchObject({ entityType: "user", entityLabel: `${viewer.email} (viewer)` });
    const text = JSON.stringify(events);
    for (const secret of ["a secret passphrase", "wrong secret", "whatever"])
      expect(text).not.toContain(secret);
  });

  it("records password changes, refused ones too", async () => {
    const viewer = await createViewer("the first password");
    const signedIn = await signIn(viewer.email, viewer.password);
    const cookie = signedIn.headers
      .getSetCookie()
      .find((c) => c.startsWith("switchyard.session_token="))!
      .split(";")[0];
    const change = (currentPassword: string) =>
      authRoute.POST(
        new Request(`${ORIGIN}/api/auth/change-password`, {
          method: "POST",
          headers: {
            "content-type": "application/json",
            origin: ORIGIN,
            cookie,
            "x-forwarded-for": "203.0.113.30",
          },
          body: JSON.stringify({ currentPassword, newPassword: "the second password" }),
        }),
      );
    expect((await change("not the password")).status).toBe(400);
    expect((await change(viewer.password)).status).toBe(200);
    const events = await prisma.auditEvent.findMany({
      where: { entityKey: viewer.id, action: { startsWith: "password-change" } },
      orderBy: { id: "asc" },
    });
    expect(events.map((e) => [e.action, e.actor])).toEqual([
      ["password-change-failed", viewer.email],
      ["password-change", viewer.email],
    ]);
    expect(events[1].after).toMatchObject({ email: viewer.email, clientAddress: "203.0.113.30" });
    const text = JSON.stringify(events);
    for (const secret of ["the first password", "the second password", "not the password"])
      expect(text).not.toContain(secret);
  });
});
