import { describe, expect, it } from "vitest";
import { getSessionCookie } from "better-auth/cookies";
import * as authRoute from "@/app/api/auth/[...all]/route";
import * as me from "@/app/api/v1/me/route";
import * as tenants from "@/app/api/v1/tenants/route";
import * as users from "@/app/api/v1/users/route";
import { SESSION_COOKIE_PREFIX } from "@/lib/auth/constants";
import { get, post } from "./http";

// Behind HTTPS the public URL is configured; this file's auth instance is created with it.
const PUBLIC = "https://switchyard.example.com";
process.env.BETTER_AUTH_URL = PUBLIC;

async function signIn(email: string, password: string, origin: string) {
  return authRoute.POST(
    new Request(`${PUBLIC}/api/auth/sign-in/email`, {
      method: "POST",
      headers: { "content-type": "application/json", origin, "x-forwarded-for": "10.9.9.9" },
      body: JSON.stringify({ email, password }),
    }),
  );
}

describe("behind HTTPS (BETTER_AUTH_URL=https://…)", () => {
  it("sets a Secure, HttpOnly, SameSite session cookie that the proxy and the API recognise", async () => {
    const email = "secure-editor@example.test";
    const password = "a long enough password";
    expect(
      (await post(users.POST, "/api/v1/users", { body: { name: "S", email, role: "editor", password } }))
        .status,
    ).toBe(201);

    const res = await signIn(email, password, PUBLIC);
    expect(res.status).toBe(200);
    const setCookie = res.headers.getSetCookie().find((c) => c.includes(".session_token="))!;
    expect(setCookie).toMatch(/^__Secure-switchyard\.session_token=/);
    expect(setCookie).toMatch(/;\s*Secure/i);
    expect(setCookie).toMatch(/HttpOnly/i);
    expect(setCookie).toMatch(/SameSite=Lax/i);

    const cookie = setCookie.split(";")[0];
    const headers = new Headers({ cookie });
    expect(getSessionCookie(headers, { cookiePrefix: SESSION_COOKIE_PREFIX })).toBeTruthy();
    const whoami = await get(me.GET, "/api/v1/me", { token: false, headers: { cookie } });
    expect(whoami.json).toMatchObject({ name: email, role: "editor" });

    // Only the public origin may change things with that cookie.
    const fromPublic = await post(tenants.POST, "/api/v1/tenants", {
      token: false,
      headers: { cookie, origin: PUBLIC },
      body: { name: "from_public" },
    });
    expect(fromPublic.status).toBe(201);
    const fromLocalhost = await post(tenants.POST, "/api/v1/tenants", {
      token: false,
      headers: { cookie, origin: "http://localhost" },
      body: { name: "from_localhost" },
    });
    expect(fromLocalhost.status).toBe(403);
  });

  it("refuses better-auth's own endpoints from another origin", async () => {
    const res = await signIn("nobody@example.test", "whatever password", "https://evil.example");
    expect(res.status).toBe(403);
  });
});
