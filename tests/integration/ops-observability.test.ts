import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { GET as metricsRoute } from "@/app/api/metrics/route";
import * as tenants from "@/app/api/v1/tenants/route";
import * as tokens from "@/app/api/v1/tokens/route";
import * as publish from "@/app/api/v1/zones/[name]/publish/route";
import * as zones from "@/app/api/v1/zones/route";
import { prisma } from "@/lib/db/prisma";
import { startKongStandin, type KongStandin } from "@/scripts/kong-standin/server";
import { get, post, unique } from "./http";

/**
 * Operations, beyond tests/integration/ops.test.ts: an unexpected error is logged as one JSON line
 * carrying the request id the caller got back, and /api/metrics counts API latency per route and
 * publishes (count, duration, failures) from real requests.
 */
let kong: KongStandin;
beforeAll(async () => {
  kong = await startKongStandin({ adminPort: 0, proxyPort: 0, host: "127.0.0.1" });
});
afterAll(async () => {
  await kong.close();
});

const metricsText = async () => {
  const res = await get(metricsRoute, "/api/metrics");
  expect(res.status, res.text).toBe(200);
  return res.text;
};
/** The value of one sample line, e.g. `switchyard_publishes_total{zone="z",status="SUCCEEDED"}`. */
function sample(text: string, name: string, labels: Record<string, string>): number {
  const line = text
    .split("\n")
    .find(
      (l) => l.startsWith(`${name}{`) && Object.entries(labels).every(([k, v]) => l.includes(`${k}="${v}"`)),
    );
  return line ? Number(line.split(" ").pop()) : 0;
}

describe("the metrics endpoint", () => {
  it("needs a credential; a viewer token will do, as Prometheus sends it", async () => {
    const none = await get(metricsRoute, "/api/metrics", { token: false });
    expect(none.status).toBe(401);
    expect(none.text).not.toContain("switchyard_");
    expect((await get(metricsRoute, "/api/metrics", { token: "sy_made-up" })).status).toBe(401);
    const viewer = await post(tokens.POST, "/api/v1/tokens", {
      body: { name: unique("prometheus"), role: "viewer" },
    });
    expect(viewer.status, viewer.text).toBe(201);
    const scrape = await get(metricsRoute, "/api/metrics", {
      headers: { authorization: `Bearer ${viewer.json.token}` },
    });
    expect(scrape.status).toBe(200);
    expect(scrape.headers.get("content-type")).toContain("text/plain");
    expect(scrape.text).toContain("switchyard_api_request_duration_seconds");
  });

  it("labels publish failures only with zones the database has: made-up names are counted as unknown", async () => {
    const unknownBefore = sample(await metricsText(), "switchyard_publish_failures_total", {
      zone: "unknown",
    });
    const made = Array.from({ length: 5 }, () => unique("no-such-zone"));
    for (const name of made) {
      const dry = await post(publish.POST, `/api/v1/zones/${name}/publish?dryRun=true`, { params: { name } });
      expect(dry.status).toBe(404);
      const real = await post(publish.POST, `/api/v1/zones/${name}/publish?wait=true`, { params: { name } });
      expect(real.status).toBe(404);
    }
    const text = await metricsText();
    for (const name of made) expect(text).not.toContain(name);
    const unknownAfter = sample(text, "switchyard_publish_failures_total", { zone: "unknown" });
    expect(unknownAfter - unknownBefore).toBeGreaterThanOrEqual(made.length);
  });
});

describe("operations", () => {
  it("logs an unexpected error as one JSON line with the request id the response carries, and hides it from the caller", async () => {
    const lines: string[] = [];
    const spy = vi.spyOn(process.stderr, "write").mockImplementation((chunk: string | Uint8Array) => {
      lines.push(String(chunk));
      return true;
    });
    // Break the table under the handler: a genuine internal error, not a validation one.
    await prisma.$executeRawUnsafe(`alter table "Tenant" rename to "TenantGone"`);
    let res;
    try {
      res = await post(tenants.POST, "/api/v1/tenants", {
        body: { name: "ops_probe" },
        headers: { "x-request-id": "ops-req-1" },
      });
    } finally {
      await prisma.$executeRawUnsafe(`alter table "TenantGone" rename to "Tenant"`);
      spy.mockRestore();
    }
    expect(res.status).toBe(500);
    expect(res.headers.get("x-request-id")).toBe("ops-req-1");
    expect(res.json.error.message).toContain("ops-req-1");
    expect(res.text).not.toMatch(/TenantGone|prisma|relation/i);
    const logged = lines
      .map((l) => JSON.parse(l) as Record<string, unknown>)
      .find((l) => l.requestId === "ops-req-1");
    expect(logged).toMatchObject({
      level: "error",
      message: "unhandled API error",
      method: "POST",
      url: "/api/v1/tenants",
    });
    expect(typeof logged?.time).toBe("string");
    // The log keeps what the caller doesn't get: the error itself, for whoever reads the logs.
    expect(logged?.error).toMatchObject({
      name: expect.any(String),
      message: expect.stringContaining("tenant"),
    });
  });

  it("counts API latency per route and status", async () => {
    const before = sample(await metricsText(), "switchyard_api_request_duration_seconds_count", {
      route: "/api/v1/zones",
      method: "GET",
      status: "200",
    });
    for (let i = 0; i < 3; i++) expect((await get(zones.GET, "/api/v1/zones")).status).toBe(200);
    const after = sample(await metricsText(), "switchyard_api_request_duration_seconds_count", {
      route: "/api/v1/zones",
      method: "GET",
      status: "200",
    });
    expect(after - before).toBe(3);
  });

  it("counts publishes by status, their duration, and failures", async () => {
    const zone = "ops-zone";
    const created = await post(zones.POST, "/api/v1/zones", {
      body: {
        name: zone,
        visibility: "WORLD",
        gatewayUrl: `https://${zone}.gw.example.com`,
        identityProviderUrl: "https://idp.example.com",
        enforceIssuers: false,
        kongAdminUrl: kong.zoneAdminUrl(zone),
      },
    });
    expect(created.status, created.text).toBe(201);
    const ok = await post(publish.POST, `/api/v1/zones/${zone}/publish?wait=true`, {
      params: { name: zone },
    });
    expect(ok.status, ok.text).toBe(200);
    const text = await metricsText();
    expect(sample(text, "switchyard_publishes_total", { zone, status: ok.json.status })).toBe(1);
    expect(sample(text, "switchyard_publish_duration_seconds_count", { zone })).toBe(1);

    // Kong refusing every call: the publish fails and the failure is counted.
    kong.setFaults(zone, { errorRate: 1, scope: "admin" });
    try {
      const failed = await post(publish.POST, `/api/v1/zones/${zone}/publish?wait=true`, {
        params: { name: zone },
      });
      expect(failed.status).toBeGreaterThanOrEqual(400);
    } finally {
      kong.setFaults(zone, {});
    }
    expect(sample(await metricsText(), "switchyard_publish_failures_total", { zone })).toBe(1);
  });
});
