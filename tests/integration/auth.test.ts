import { createHash } from "node:crypto";
import { describe, expect, it, vi } from "vitest";
import * as authRoute from "@/app/api/auth/[...all]/route";
import * as me from "@/app/api/v1/me/route";
import * as tenants from "@/app/api/v1/tenants/route";
import * as tokens from "@/app/api/v1/tokens/route";
import * as token from "@/app/api/v1/tokens/[id]/route";
import * as users from "@/app/api/v1/users/route";
import * as user from "@/app/api/v1/users/[id]/route";
import * as zone from "@/app/api/v1/zones/[name]/route";
import * as zones from "@/app/api/v1/zones/route";
import { SIGN_IN_ATTEMPTS_PER_MINUTE } from "@/lib/auth/auth";
import { TOKEN_DEFAULT_LIFETIME_DAYS } from "@/lib/auth/schemas";
import { startListening } from "@/lib/db/changes";
import { prisma } from "@/lib/db/prisma";
import { del, get, patch, post, unique } from "./http";

const ORIGIN = "http://localhost";
let ipCounter = 0;
/** Each sign-in test comes from its own address, so the rate limiter's count is its own. */
const freshIp = () => `10.0.${Math.floor(++ipCounter / 250)}.${ipCounter % 250}`;

async function signIn(email: string, password: string, ip = freshIp()) {
  const res = await authRoute.POST(
    new Request(`${ORIGIN}/api/auth/sign-in/email`, {
      method: "POST",
      headers: { "content-type": "application/json", origin: ORIGIN, "x-forwarded-for": ip },
      body: JSON.stringify({ email, password }),
    }),
  );
  return res;
}

/** The session cookie better-auth set, as a Cookie header. */
function cookieOf(res: Response): string {
  const cookies = res.headers.getSetCookie();
  const session = cookies.find((c) => c.startsWith("switchyard.session_token="));
  expect(session, cookies.join("\n")).toBeDefined();
  return session!.split(";")[0];
}

async function createUser(
  role: "viewer" | "editor" | "publisher" | "admin",
  password = "correct horse battery",
) {
  const email = `${unique(role)}@example.test`;
  const res = await post(users.POST, "/api/v1/users", { body: { name: `A ${role}`, email, role, password } });
  expect(res.status, res.text).toBe(201);
  return { id: res.json.id as string, email, password };
}

async function createToken(role: "viewer" | "editor" | "publisher" | "admin") {
  const res = await post(tokens.POST, "/api/v1/tokens", { body: { name: unique(`${role}-token`), role } });
  expect(res.status, res.text).toBe(201);
  return res.json as { id: string; token: string; name: string };
}

const tenantBody = () => ({ name: unique("tenant").replace(/-/g, "") });

describe("credentials", () => {
  it("answers 401 without a credential, with an unknown token and with a malformed Authorization", async () => {
    const none = await get(zones.GET, "/api/v1/zones", { token: false });
    expect(none.status).toBe(401);
    expect(none.json.error.code).toBe("unauthorized");
    expect((await get(zones.GET, "/api/v1/zones", { token: "sy_not-a-real-token" })).status).toBe(401);
    expect(
      (await get(zones.GET, "/api/v1/zones", { headers: { authorization: "Basic YWRtaW46YWRtaW4=" } }))
        .status,
    ).toBe(401);
    // Writes too, before anything is parsed or stored.
    const before = await prisma.tenant.count();
    expect((await post(tenants.POST, "/api/v1/tenants", { token: false, body: tenantBody() })).status).toBe(
      401,
    );
    expect(await prisma.tenant.count()).toBe(before);
  });
});

describe("API tokens", () => {
  it("are scoped to their role: 403 above it, and 401 vs 403 stay apart", async () => {
    const viewer = await createToken("viewer");
    const editor = await createToken("editor");
    expect((await get(zones.GET, "/api/v1/zones", { token: viewer.token })).status).toBe(200);
    const denied = await post(tenants.POST, "/api/v1/tenants", { token: viewer.token, body: tenantBody() });
    expect(denied.status).toBe(403);
    expect(denied.json.error).toMatchObject({
      code: "forbidden",
      message: expect.stringContaining("editor"),
    });
    expect(
      (await post(tenants.POST, "/api/v1/tenants", { token: editor.token, body: tenantBody() })).status,
    ).toBe(201);
    expect((await get(users.GET, "/api/v1/users", { token: editor.token })).status).toBe(403);
    expect(
      (await post(tokens.POST, "/api/v1/tokens", { token: editor.token, body: { name: "x", role: "admin" } }))
        .status,
    ).toBe(403);

    const whoami = await get(me.GET, "/api/v1/me", { token: editor.token });
    expect(whoami.json).toEqual({ name: editor.name, role: "editor", kind: "token", email: null });
  });

  it("are stored as a SHA-256 only, shown once, and record when they were last used", async () => {
    const created = await createToken("viewer");
    expect(created.token).toMatch(/^sy_[\w-]{43}$/);
    const row = await prisma.apiToken.findUniqueOrThrow({ where: { id: created.id } });
    expect(row.tokenHash).toBe(createHash("sha256").update(created.token).digest("hex"));
    expect(JSON.stringify(row)).not.toContain(created.token);
    expect(row.lastUsedAt).toBeNull();

    const list = await get(tokens.GET, "/api/v1/tokens");
    const listed = list.json.find((t: { id: string }) => t.id === created.id);
    expect(listed).toMatchObject({ name: created.name, role: "viewer", prefix: created.token.slice(0, 9) });
    expect(listed).not.toHaveProperty("token");
    expect(list.text).not.toContain(created.token);

    await get(zones.GET, "/api/v1/zones", { token: created.token });
    const used = await prisma.apiToken.findUniqueOrThrow({ where: { id: created.id } });
    expect(used.lastUsedAt).toBeInstanceOf(Date);

    // Audited with who made it, never with the token or its hash.
    const events = await prisma.auditEvent.findMany({
      where: { entityType: "api-token", entityKey: created.id },
    });
    expect(events.map((e) => [e.action, e.actor])).toEqual([["create", "integration-tests"]]);
    expect(JSON.stringify(events)).not.toContain(created.token);
    expect(JSON.stringify(events)).not.toContain(row.tokenHash);
  });

  it("stop working the moment they are revoked", async () => {
    const created = await createToken("editor");
    expect((await get(zones.GET, "/api/v1/zones", { token: created.token })).status).toBe(200);
    const revoked = await del(token.DELETE, `/api/v1/tokens/${created.id}`, { params: { id: created.id } });
    expect(revoked.status).toBe(200);
    expect(revoked.json.revokedAt).toEqual(expect.any(String));
    expect((await get(zones.GET, "/api/v1/zones", { token: created.token })).status).toBe(401);
    expect(
      (await post(tenants.POST, "/api/v1/tenants", { token: created.token, body: tenantBody() })).status,
    ).toBe(401);
  });

  it("reject a duplicate name with 409 on the field and an unknown id with 404", async () => {
    const created = await createToken("viewer");
    const dup = await post(tokens.POST, "/api/v1/tokens", { body: { name: created.name, role: "viewer" } });
    expect(dup.status).toBe(409);
    expect(dup.json.error.details).toEqual([{ path: "name", message: "Already taken" }]);
    const missing = "00000000-0000-4000-8000-000000000000";
    expect((await del(token.DELETE, `/api/v1/tokens/${missing}`, { params: { id: missing } })).status).toBe(
      404,
    );
  });
});

const DAY_MS = 24 * 60 * 60 * 1000;

/** A signed-in admin user and the session headers for changes made from Switchyard's pages. */
async function signedInAdmin() {
  const admin = await createUser("admin");
  const cookie = cookieOf(await signIn(admin.email, admin.password));
  return { ...admin, headers: { cookie, origin: ORIGIN, "sec-fetch-site": "same-origin" } };
}

/** A token created from that admin's session (the admin vouches for it). */
async function tokenOf(admin: { headers: Record<string, string> }, body: Record<string, unknown>) {
  const res = await post(tokens.POST, "/api/v1/tokens", { token: false, headers: admin.headers, body });
  expect(res.status, res.text).toBe(201);
  return res;
}

describe("API token lifetime", () => {
  it("records the user who made it, expires after the default lifetime, and says so", async () => {
    const admin = await signedInAdmin();
    const before = Date.now();
    const res = await tokenOf(admin, { name: unique("by-user"), role: "viewer" });
    expect(res.json).toMatchObject({ createdBy: admin.email, createdById: admin.id });
    const lifetime = Date.parse(res.json.expiresAt) - before;
    expect(lifetime).toBeGreaterThanOrEqual(TOKEN_DEFAULT_LIFETIME_DAYS * DAY_MS);
    expect(lifetime).toBeLessThan(TOKEN_DEFAULT_LIFETIME_DAYS * DAY_MS + 60_000);
    // "Never" only when asked for.
    const never = await post(tokens.POST, "/api/v1/tokens", {
      body: { name: unique("never"), role: "viewer", expiresAt: null },
    });
    expect(never.status, never.text).toBe(201);
    expect(never.json.expiresAt).toBeNull();
  });

  it("refuses an expiry in the past or not a date, naming the field", async () => {
    for (const expiresAt of [new Date(Date.now() - 1000).toISOString(), "next tuesday", 42]) {
      const res = await post(tokens.POST, "/api/v1/tokens", {
        body: { name: unique("bad-expiry"), role: "viewer", expiresAt },
      });
      expect(res.status, String(expiresAt)).toBe(422);
      expect(res.json.error.details.map((d: { path: string }) => d.path)).toEqual(["expiresAt"]);
    }
  });

  it("answers 401 once expired, also while the token is served from memory", async () => {
    expect(await startListening()).toBe(true);
    const expiresAt = new Date(Date.now() + DAY_MS).toISOString();
    const created = await post(tokens.POST, "/api/v1/tokens", {
      body: { name: unique("expiring"), role: "viewer", expiresAt },
    });
    expect(created.status, created.text).toBe(201);
    const bearer = created.json.token as string;
    // The first call writes lastUsedAt (which empties the cache); the second is then cached.
    expect((await get(zones.GET, "/api/v1/zones", { token: bearer })).status).toBe(200);
    expect((await get(zones.GET, "/api/v1/zones", { token: bearer })).status).toBe(200);
    const now = Date.now();
    const clock = vi.spyOn(Date, "now").mockReturnValue(now + DAY_MS + 1000);
    try {
      const expired = await get(zones.GET, "/api/v1/zones", { token: bearer });
      expect(expired.status).toBe(401);
      expect(expired.json.error.code).toBe("unauthorized");
    } finally {
      clock.mockRestore();
    }
    expect((await get(zones.GET, "/api/v1/zones", { token: bearer })).status).toBe(200);
  });

  it("stops working when the user who made it is disabled, also the tokens its token made", async () => {
    const admin = await signedInAdmin();
    const made = await tokenOf(admin, { name: unique("admins"), role: "admin" });
    const minted = await post(tokens.POST, "/api/v1/tokens", {
      token: made.json.token,
      body: { name: unique("minted"), role: "editor" },
    });
    expect(minted.status, minted.text).toBe(201);
    // Made by a token, vouched for by the same user; it can't outlive the token that made it.
    expect(minted.json).toMatchObject({ createdBy: made.json.name, createdById: admin.id });
    expect(minted.json.expiresAt).toBe(made.json.expiresAt);
    for (const t of [made.json.token, minted.json.token])
      expect((await get(zones.GET, "/api/v1/zones", { token: t })).status).toBe(200);

    const disabled = await patch(user.PATCH, `/api/v1/users/${admin.id}`, {
      params: { id: admin.id },
      body: { disabled: true },
    });
    expect(disabled.status, disabled.text).toBe(200);
    for (const t of [made.json.token, minted.json.token]) {
      expect((await get(zones.GET, "/api/v1/zones", { token: t })).status).toBe(401);
      expect((await post(tokens.POST, "/api/v1/tokens", { token: t, body: { name: unique("x"), role: "admin" } })).status).toBe(401);
    }
    // Revoked, not just refused: enabling the user again doesn't bring them back.
    await patch(user.PATCH, `/api/v1/users/${admin.id}`, { params: { id: admin.id }, body: { disabled: false } });
    expect((await get(zones.GET, "/api/v1/zones", { token: made.json.token })).status).toBe(401);
    const trail = await prisma.auditEvent.findMany({
      where: { entityType: "api-token", entityKey: { in: [made.json.id, minted.json.id] }, action: "revoke" },
    });
    expect(trail.map((e) => e.actor)).toEqual(["integration-tests", "integration-tests"]);
  });

  it("stops working when the user who made it is deleted; the row keeps who made it", async () => {
    const admin = await signedInAdmin();
    const made = await tokenOf(admin, { name: unique("orphan"), role: "publisher" });
    expect((await get(zones.GET, "/api/v1/zones", { token: made.json.token })).status).toBe(200);
    expect((await del(user.DELETE, `/api/v1/users/${admin.id}`, { params: { id: admin.id } })).status).toBe(204);
    expect((await get(zones.GET, "/api/v1/zones", { token: made.json.token })).status).toBe(401);
    const row = await prisma.apiToken.findUniqueOrThrow({ where: { id: made.json.id } });
    expect(row).toMatchObject({ createdBy: admin.email, createdById: null, revokedAt: expect.any(Date) });
  });

  it("can't be made by a token with a longer life than that token's, and never acts above its user", async () => {
    const admin = await signedInAdmin();
    const expiresAt = new Date(Date.now() + 7 * DAY_MS).toISOString();
    const made = await tokenOf(admin, { name: unique("short"), role: "admin", expiresAt });
    for (const longer of [null, new Date(Date.now() + 30 * DAY_MS).toISOString()]) {
      const res = await post(tokens.POST, "/api/v1/tokens", {
        token: made.json.token,
        body: { name: unique("longer"), role: "viewer", expiresAt: longer },
      });
      expect(res.status, String(longer)).toBe(422);
      expect(res.json.error.details).toEqual([{ path: "expiresAt", message: expect.stringContaining("outlive") }]);
    }
    expect(await prisma.apiToken.count({ where: { name: { startsWith: "longer" } } })).toBe(0);

    // The admin is demoted: their admin token now acts as an editor (no users, no new tokens).
    await patch(user.PATCH, `/api/v1/users/${admin.id}`, { params: { id: admin.id }, body: { role: "editor" } });
    expect((await get(users.GET, "/api/v1/users", { token: made.json.token })).status).toBe(403);
    const escalate = await post(tokens.POST, "/api/v1/tokens", {
      token: made.json.token,
      body: { name: unique("escalate"), role: "admin" },
    });
    expect(escalate.status).toBe(403);
    expect((await get(me.GET, "/api/v1/me", { token: made.json.token })).json.role).toBe("editor");
  });
});

describe("sign-in and sessions", () => {
  it("signs in with the library's hashed password and an HttpOnly SameSite session cookie", async () => {
    const editor = await createUser("editor");
    const account = await prisma.account.findFirstOrThrow({
      where: { userId: editor.id, providerId: "credential" },
    });
    expect(account.password).toBeTruthy();
    expect(account.password).not.toContain(editor.password);

    const wrong = await signIn(editor.email, "not the password");
    expect(wrong.status).toBe(401);
    expect(wrong.headers.getSetCookie().some((c) => c.startsWith("switchyard.session_token="))).toBe(false);

    const res = await signIn(editor.email, editor.password);
    expect(res.status).toBe(200);
    const setCookie = res.headers.getSetCookie().find((c) => c.startsWith("switchyard.session_token="))!;
    expect(setCookie).toMatch(/HttpOnly/i);
    expect(setCookie).toMatch(/SameSite=Lax/i);
    const cookie = cookieOf(res);

    const whoami = await get(me.GET, "/api/v1/me", { token: false, headers: { cookie } });
    expect(whoami.json).toEqual({ name: editor.email, role: "editor", kind: "user", email: editor.email });
    // Same-origin changes with the cookie work; the role still applies.
    const sameOrigin = { cookie, origin: ORIGIN, "sec-fetch-site": "same-origin" };
    expect(
      (await post(tenants.POST, "/api/v1/tenants", { token: false, headers: sameOrigin, body: tenantBody() }))
        .status,
    ).toBe(201);
    expect((await get(users.GET, "/api/v1/users", { token: false, headers: { cookie } })).status).toBe(403);
  });

  it("lets a user change their own password with the current one; the old one stops working", async () => {
    const viewer = await createUser("viewer");
    const cookie = cookieOf(await signIn(viewer.email, viewer.password));
    const change = (currentPassword: string) =>
      authRoute.POST(
        new Request(`${ORIGIN}/api/auth/change-password`, {
          method: "POST",
          headers: {
            "content-type": "application/json",
            origin: ORIGIN,
            cookie,
            "x-forwarded-for": freshIp(),
          },
          body: JSON.stringify({
            currentPassword,
            newPassword: "a brand new password",
            revokeOtherSessions: true,
          }),
        }),
      );
    expect((await change("not my password")).status).toBe(400);
    expect((await change(viewer.password)).status).toBe(200);
    expect((await signIn(viewer.email, viewer.password)).status).toBe(401);
    expect((await signIn(viewer.email, "a brand new password")).status).toBe(200);
  });

  it("refuses cross-site changes made with a session cookie (CSRF) but not token calls", async () => {
    const editor = await createUser("editor");
    const cookie = cookieOf(await signIn(editor.email, editor.password));
    const before = await prisma.tenant.count();
    const bySite = await post(tenants.POST, "/api/v1/tenants", {
      token: false,
      headers: { cookie, "sec-fetch-site": "cross-site", origin: "https://evil.example" },
      body: tenantBody(),
    });
    expect(bySite.status).toBe(403);
    expect(bySite.json.error.message).toMatch(/cross-site/i);
    const byOrigin = await post(tenants.POST, "/api/v1/tenants", {
      token: false,
      headers: { cookie, origin: "https://evil.example" },
      body: tenantBody(),
    });
    expect(byOrigin.status).toBe(403);
    expect(await prisma.tenant.count()).toBe(before);
    // Reads are not state-changing; a token carries no ambient credential, so its origin doesn't matter.
    expect(
      (
        await get(zones.GET, "/api/v1/zones", {
          token: false,
          headers: { cookie, "sec-fetch-site": "cross-site" },
        })
      ).status,
    ).toBe(200);
    const tokenCall = await post(tenants.POST, "/api/v1/tenants", {
      headers: { origin: "https://elsewhere.example" },
      body: tenantBody(),
    });
    expect(tokenCall.status).toBe(201);
  });

  it("a viewer's session reads but can't change anything", async () => {
    const viewer = await createUser("viewer");
    const cookie = cookieOf(await signIn(viewer.email, viewer.password));
    const headers = { cookie, origin: ORIGIN, "sec-fetch-site": "same-origin" };
    expect((await get(zones.GET, "/api/v1/zones", { token: false, headers })).status).toBe(200);
    expect(
      (await post(tenants.POST, "/api/v1/tenants", { token: false, headers, body: tenantBody() })).status,
    ).toBe(403);
  });

  it("disabling a user ends their sessions and refuses their next sign-in; deleting removes them", async () => {
    const editor = await createUser("editor");
    const cookie = cookieOf(await signIn(editor.email, editor.password));
    expect((await get(me.GET, "/api/v1/me", { token: false, headers: { cookie } })).status).toBe(200);

    const disabled = await patch(user.PATCH, `/api/v1/users/${editor.id}`, {
      params: { id: editor.id },
      body: { disabled: true },
    });
    expect(disabled.status).toBe(200);
    expect(disabled.json.disabled).toBe(true);
    expect((await get(me.GET, "/api/v1/me", { token: false, headers: { cookie } })).status).toBe(401);
    const again = await signIn(editor.email, editor.password);
    expect(again.status).toBe(403);
    expect(await prisma.session.count({ where: { userId: editor.id } })).toBe(0);

    await patch(user.PATCH, `/api/v1/users/${editor.id}`, {
      params: { id: editor.id },
      body: { disabled: false, role: "publisher" },
    });
    const back = cookieOf(await signIn(editor.email, editor.password));
    expect((await get(me.GET, "/api/v1/me", { token: false, headers: { cookie: back } })).json.role).toBe(
      "publisher",
    );

    expect((await del(user.DELETE, `/api/v1/users/${editor.id}`, { params: { id: editor.id } })).status).toBe(
      204,
    );
    expect((await get(me.GET, "/api/v1/me", { token: false, headers: { cookie: back } })).status).toBe(401);
    expect(await prisma.user.findUnique({ where: { id: editor.id } })).toBeNull();
    const trail = await prisma.auditEvent.findMany({
      where: { entityType: "user", entityKey: editor.id },
      orderBy: { id: "asc" },
    });
    // The refused sign-in while disabled is in the trail too (tests/integration/auth-sign-in.test.ts).
    expect(trail.map((e) => e.action)).toEqual([
      "create",
      "sign-in",
      "update",
      "sign-in-failed",
      "update",
      "sign-in",
      "delete",
    ]);
    expect(trail[2]).toMatchObject({ before: { disabled: false }, after: { disabled: true } });
    expect(trail[3].after).toMatchObject({ reason: "ACCOUNT_DISABLED" });
    expect(JSON.stringify(trail)).not.toContain(editor.password);
  });

  it("never leaves Switchyard without an enabled administrator, and an admin can't lock themselves out", async () => {
    await prisma.user.updateMany({ where: { role: "admin" }, data: { role: "viewer" } });
    const admin = await createUser("admin");
    const params = { id: admin.id };
    const demote = await patch(user.PATCH, `/api/v1/users/${admin.id}`, { params, body: { role: "editor" } });
    expect(demote.status).toBe(412);
    expect(demote.json.error.message).toMatch(/without an administrator/);
    expect(
      (await patch(user.PATCH, `/api/v1/users/${admin.id}`, { params, body: { disabled: true } })).status,
    ).toBe(412);
    expect((await del(user.DELETE, `/api/v1/users/${admin.id}`, { params })).status).toBe(412);

    const second = await createUser("admin");
    const cookie = cookieOf(await signIn(second.email, second.password));
    const headers = { cookie, origin: ORIGIN, "sec-fetch-site": "same-origin" };
    const self = await patch(user.PATCH, `/api/v1/users/${second.id}`, {
      token: false,
      headers,
      params: { id: second.id },
      body: { role: "viewer" },
    });
    expect(self.status).toBe(412);
    expect(
      (
        await del(user.DELETE, `/api/v1/users/${second.id}`, {
          token: false,
          headers,
          params: { id: second.id },
        })
      ).status,
    ).toBe(412);
    // With a second admin, the first may go.
    expect(
      (await patch(user.PATCH, `/api/v1/users/${admin.id}`, { params, body: { role: "editor" } })).status,
    ).toBe(200);
  });

  it("validates user input and refuses a duplicate email", async () => {
    const bad = await post(users.POST, "/api/v1/users", {
      body: { name: "", email: "nope", role: "root", password: "short" },
    });
    expect(bad.status).toBe(422);
    expect(bad.json.error.details.map((d: { path: string }) => d.path).sort()).toEqual([
      "email",
      "name",
      "password",
      "role",
    ]);
    const first = await createUser("viewer");
    const dup = await post(users.POST, "/api/v1/users", {
      body: { name: "Again", email: first.email.toUpperCase(), role: "viewer", password: "another password" },
    });
    expect(dup.status).toBe(409);
    expect(dup.json.error.details).toEqual([{ path: "email", message: "Already taken" }]);
  });
});

describe("Kong credentials", () => {
  const zoneBody = (name: string, extra: Record<string, unknown> = {}) => ({
    name,
    visibility: "ENTERPRISE",
    gatewayUrl: `https://${name}.gw.example.com`,
    identityProviderUrl: `https://idp.${name}.example.com`,
    kongAdminUrl: `http://127.0.0.1:8001/${name}`,
    ...extra,
  });

  it("only an admin sets or clears a zone's Kong admin token; an editor changes the rest", async () => {
    const editor = await createToken("editor");
    const name = unique("kz");
    const denied = await post(zones.POST, "/api/v1/zones", {
      token: editor.token,
      body: zoneBody(name, { kongAdminToken: "kong-secret" }),
    });
    expect(denied.status).toBe(403);
    expect(denied.json.error.message).toMatch(/admin role/);
    expect(await prisma.zone.count({ where: { name } })).toBe(0);

    expect(
      (await post(zones.POST, "/api/v1/zones", { token: editor.token, body: zoneBody(name) })).status,
    ).toBe(201);
    const params = { name };
    const setToken = await patch(zone.PATCH, `/api/v1/zones/${name}`, {
      token: editor.token,
      params,
      body: { kongAdminToken: "kong-secret" },
    });
    expect(setToken.status).toBe(403);
    const clearToken = await patch(zone.PATCH, `/api/v1/zones/${name}`, {
      token: editor.token,
      params,
      body: { kongAdminToken: null },
    });
    expect(clearToken.status).toBe(403);
    const other = await patch(zone.PATCH, `/api/v1/zones/${name}`, {
      token: editor.token,
      params,
      body: { enforceIssuers: false },
    });
    expect(other.status).toBe(200);
    const asAdmin = await patch(zone.PATCH, `/api/v1/zones/${name}`, {
      params,
      body: { kongAdminToken: "kong-secret" },
    });
    expect(asAdmin.status).toBe(200);
    expect(asAdmin.json.hasKongAdminToken).toBe(true);
  });

  it("only an admin moves the Kong admin URL of a zone (the token goes where the URL points)", async () => {
    const editor = await createToken("editor");
    const name = unique("ku");
    expect((await post(zones.POST, "/api/v1/zones", { body: zoneBody(name, { kongAdminToken: "kong-secret" }) })).status).toBe(201);
    const params = { name };
    const moved = await patch(zone.PATCH, `/api/v1/zones/${name}`, {
      token: editor.token,
      params,
      body: { kongAdminUrl: "https://kong.attacker.example.com" },
    });
    expect(moved.status).toBe(403);
    expect(moved.json.error.message).toMatch(/admin role/);
    expect((await prisma.zone.findUniqueOrThrow({ where: { name } })).kongAdminUrl).toBe(`http://127.0.0.1:8001/${name}`);
    // Sending the same URL back (a form saving everything) is no move.
    const same = await patch(zone.PATCH, `/api/v1/zones/${name}`, {
      token: editor.token,
      params,
      body: { kongAdminUrl: `http://127.0.0.1:8001/${name}`, enforceIssuers: false },
    });
    expect(same.status, same.text).toBe(200);
    const asAdmin = await patch(zone.PATCH, `/api/v1/zones/${name}`, {
      params,
      body: { kongAdminUrl: "https://kong-admin.example.internal:8444" },
    });
    expect(asAdmin.status, asAdmin.text).toBe(200);
    // Without a token too: a Kong admin URL is where the server sends requests, so only an admin
    // moves it (issue 12; tests/integration/ssrf.test.ts).
    const bare = unique("kb");
    expect((await post(zones.POST, "/api/v1/zones", { token: editor.token, body: zoneBody(bare) })).status).toBe(201);
    const editorMoves = await patch(zone.PATCH, `/api/v1/zones/${bare}`, {
      token: editor.token,
      params: { name: bare },
      body: { kongAdminUrl: "https://kong-admin.example.internal:8444" },
    });
    expect(editorMoves.status, editorMoves.text).toBe(403);
  });
});

describe("sign-in rate limit", () => {
  it(`allows ${SIGN_IN_ATTEMPTS_PER_MINUTE} attempts a minute from one address, then answers 429 even for the right password`, async () => {
    // One guess at each of many accounts (password spraying): only the per-address limit applies.
    const accounts = await Promise.all(
      Array.from({ length: SIGN_IN_ATTEMPTS_PER_MINUTE + 1 }, () => createUser("viewer")),
    );
    const ip = freshIp();
    for (const account of accounts.slice(0, SIGN_IN_ATTEMPTS_PER_MINUTE)) {
      expect((await signIn(account.email, "wrong password", ip)).status).toBe(401);
    }
    const viewer = accounts[SIGN_IN_ATTEMPTS_PER_MINUTE];
    const limited = await signIn(viewer.email, viewer.password, ip);
    expect(limited.status).toBe(429);
    expect(Number(limited.headers.get("x-retry-after"))).toBeGreaterThan(0);
    // The count lives in the database (shared by every app instance), per address.
    expect(await prisma.rateLimit.count({ where: { key: { startsWith: `${ip}|` } } })).toBe(1);
    expect((await signIn(viewer.email, viewer.password, freshIp())).status).toBe(200);
  });
});
