import { afterEach, describe, expect, it, vi } from "vitest";
import { z } from "zod";
import * as zones from "@/app/api/v1/zones/route";
import { ApiError } from "@/lib/api/errors";
import { apiHandler } from "@/lib/api/handler";
import { prisma } from "@/lib/db/prisma";
import { post } from "./http";

/** A throwaway handler that runs `fn` inside the real wrapper, to see how each failure is answered. */
const throwing = (fn: () => Promise<unknown>) =>
  apiHandler({ route: "/test", auth: "viewer" }, async () => {
    await fn();
    return new Response(null, { status: 204 });
  });

const run = (fn: () => Promise<unknown>) => post(throwing(fn), "/test");

afterEach(() => vi.restoreAllMocks());

describe("error mapping (real PostgreSQL errors through Prisma)", () => {
  it("P2002 unique violation → 409 conflict naming the field", async () => {
    await prisma.tenant.create({ data: { name: "unique_one" } });
    const res = await run(() => prisma.tenant.create({ data: { name: "unique_one" } }));
    expect(res.status).toBe(409);
    expect(res.json.error.code).toBe("conflict");
    expect(res.json.error.message).toContain("name");
    expect(res.json.error.details).toEqual([{ path: "name", message: "Already taken" }]);
  });

  it("P2003 foreign key violation → 409 conflict", async () => {
    const tenant = await prisma.tenant.create({ data: { name: "fk_holder" } });
    await prisma.entitlement.create({
      data: { tenantId: tenant.id, application: "mod-x", version: "1.0.0" },
    });
    const res = await run(() => prisma.tenant.delete({ where: { id: tenant.id } }));
    expect(res.status).toBe(409);
    expect(res.json.error.code).toBe("conflict");
  });

  it("P2025 record not found → 404 not_found", async () => {
    const res = await run(() =>
      prisma.zone.update({ where: { name: "missing" }, data: { enforceIssuers: false } }),
    );
    expect(res.status).toBe(404);
    expect(res.json.error.code).toBe("not_found");
  });

  it("anything else → 500 internal that hides the cause but logs it with the request id", async () => {
    const logged = vi.spyOn(process.stderr, "write").mockImplementation(() => true);
    const res = await post(
      throwing(() => prisma.$queryRawUnsafe("select * from no_such_table")),
      "/test",
      {
        headers: { "x-request-id": "req-123" },
      },
    );
    expect(res.status).toBe(500);
    expect(res.json.error.code).toBe("internal");
    expect(res.json.error.message).toBe("Something went wrong on our side (request req-123)");
    expect(res.text).not.toContain("no_such_table");
    expect(res.headers.get("x-request-id")).toBe("req-123");
    expect(logged.mock.calls.map((c) => String(c[0])).join("")).toContain("no_such_table");
  });

  it("ApiError and zod errors keep their own codes", async () => {
    expect((await run(async () => Promise.reject(new ApiError("forbidden", "nope")))).json).toEqual({
      error: { code: "forbidden", message: "nope" },
    });
    const zodFail = await run(async () => z.object({ a: z.string() }).parse({ a: 1 }));
    expect(zodFail.status).toBe(422);
    expect(zodFail.json.error.details).toEqual([{ path: "a", message: expect.any(String) }]);
  });

  it("refuses a non-JSON content type with 415 and reports a missing body as 422", async () => {
    const wrongType = await post(zones.POST, "/api/v1/zones", {
      rawBody: "name=x",
      headers: { "content-type": "application/x-www-form-urlencoded" },
    });
    expect(wrongType.status).toBe(415);
    const noBody = await post(zones.POST, "/api/v1/zones");
    expect(noBody.status).toBe(422);
    expect(noBody.json.error.details[0].path).toBe("");
  });

  it("fails clearly when SWITCHYARD_SECRET_KEY is missing and a token must be stored", async () => {
    const saved = process.env.SWITCHYARD_SECRET_KEY;
    delete process.env.SWITCHYARD_SECRET_KEY;
    vi.spyOn(process.stderr, "write").mockImplementation(() => true);
    try {
      const res = await post(zones.POST, "/api/v1/zones", {
        body: {
          name: "secretless",
          visibility: "WORLD",
          gatewayUrl: "https://secretless.gw.example.com",
          identityProviderUrl: "https://iam.example.com",
          kongAdminUrl: "http://127.0.0.1:8001/secretless",
          kongAdminToken: "t0ken",
        },
      });
      expect(res.status).toBe(500);
      expect(res.json.error.message).toBe("The server has no secret key configured for Kong admin tokens");
      expect(await prisma.zone.count({ where: { name: "secretless" } })).toBe(0);
    } finally {
      process.env.SWITCHYARD_SECRET_KEY = saved;
    }
  });
});

describe("a caller that goes away", () => {
  it("mid-body: answered 499 and logged as info, not as a server error, and nothing is written", async () => {
    const stderr = vi.spyOn(process.stderr, "write").mockImplementation(() => true);
    const stdout = vi.spyOn(process.stdout, "write").mockImplementation(() => true);
    // What Node's HTTP server makes of a client closing the socket while the body is read.
    const body = new ReadableStream<Uint8Array>({
      start(controller) {
        controller.enqueue(new TextEncoder().encode('{"name":"half-sent'));
        controller.error(Object.assign(new Error("aborted"), { code: "ECONNRESET" }));
      },
    });
    const req = new Request("http://localhost/api/v1/zones", {
      method: "POST",
      headers: { authorization: `Bearer ${process.env.SWITCHYARD_TEST_API_TOKEN}`, "content-type": "application/json" },
      body,
      duplex: "half",
    } as RequestInit);
    const res = await zones.POST(req, { params: Promise.resolve({}) });
    expect(res.status).toBe(499);
    const logged = (spy: typeof stderr) => spy.mock.calls.map((c) => String(c[0])).join("");
    expect(logged(stderr)).not.toContain("unhandled API error");
    expect(logged(stdout)).toContain("client closed the request");
    expect(await prisma.zone.count({ where: { name: { startsWith: "half-sent" } } })).toBe(0);
  });

  it("a real failure is still a 500 when the caller is there", async () => {
    vi.spyOn(process.stderr, "write").mockImplementation(() => true);
    const res = await run(async () => {
      throw Object.assign(new Error("socket hang up"), { code: "ECONNRESET" });
    });
    expect(res.status).toBe(500);
  });
});
