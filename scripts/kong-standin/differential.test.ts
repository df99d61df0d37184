/**
 * End to end through the stand-in: the compiler's Kong entities for each zone are published with
 * lib/kong's client (decK's order: services/upstreams, routes/targets, plugins), then requests go
 * through the proxy, and the route it picks must be the one Kong's engine picks when the zone's
 * routes are tried one by one in Kong's order (the compiler's test oracle).
 */
import { request } from "node:http";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { KongClient, type KongWrite } from "../../lib/kong/client";
import { compile } from "../../lib/compiler/compiler";
import { DEMO_TENANTS, demoSnapshot } from "../../lib/compiler/fixtures/demo";
import { largeEstate } from "../../lib/compiler/fixtures/large-estate";
import { kongWinner, type TestRequest } from "../../lib/compiler/test-support/kong-routing";
import type { KongState, ZoneOutput } from "../../lib/compiler/types";
import { startKongStandin, type KongStandin } from "./server";

let standin: KongStandin;

beforeAll(async () => {
  // The compiled zones carry the issuer plugin, which a node has only when it is installed.
  standin = await startKongStandin({ adminPort: 0, proxyPort: 0, host: "127.0.0.1", zoneDefaults: { plugins: ["bundled", "jwt-keycloak"] } });
});
afterAll(async () => {
  await standin.close();
});

async function publish(client: KongClient, kong: KongState): Promise<void> {
  const steps: KongWrite[][] = [
    [
      ...kong.services.map((s): KongWrite => ({ action: "create", kind: "service", id: s.id, desired: s })),
      ...kong.upstreams.map((u): KongWrite => ({ action: "create", kind: "upstream", id: u.id, desired: u })),
    ],
    [
      ...kong.routes.map((r): KongWrite => ({ action: "create", kind: "route", id: r.id, desired: r })),
      ...kong.targets.map((t): KongWrite => ({ action: "create", kind: "target", id: t.id, parentId: t.upstream.id, desired: t })),
    ],
    kong.plugins.map((p): KongWrite => ({ action: "create", kind: "plugin", id: p.id, desired: p })),
  ];
  for (const step of steps) {
    for (let i = 0; i < step.length; i += 10) await Promise.all(step.slice(i, i + 10).map((op) => client.write(op)));
  }
}

function send(zone: string, req: TestRequest): Promise<string | null> {
  return new Promise((resolve, reject) => {
    const out = request(
      {
        host: "127.0.0.1",
        port: standin.proxyPort,
        path: req.path,
        method: req.method,
        headers: { ...req.headers, host: req.host, "x-switchyard-zone": zone },
      },
      (res) => {
        res.resume();
        res.on("end", () => resolve(res.statusCode === 404 ? null : String(res.headers["x-switchyard-route"] ?? "")));
      },
    );
    out.on("error", reject);
    out.end();
  });
}

function requestsFor(zone: ZoneOutput, limit: number): TestRequest[] {
  const out: TestRequest[] = [];
  const tenants = [...DEMO_TENANTS, "nobody"];
  for (const route of zone.routes) {
    for (const d of route.downstreams.slice(0, 2)) {
      const base = d.path === "/" ? "" : d.path;
      const paths = [d.path, `${base}/x`, route.endpoint ? `${base}${route.endpoint.path.replace(/\{[^}]+\}/g, "1")}` : `${base}/a/b`];
      for (const path of paths) {
        for (const method of route.endpoint?.methods.slice(0, 2) ?? ["GET"]) {
          for (const tenant of [...route.tenants.slice(0, 1), tenants[out.length % tenants.length]]) {
            out.push({ method, host: d.host, path, headers: { "x-okapi-tenant": tenant } });
          }
          out.push({ method, host: d.host, path });
        }
      }
    }
  }
  // Spread the sample over every route rather than the first few.
  const stride = Math.max(1, out.length / limit);
  return Array.from({ length: Math.min(limit, out.length) }, (_, i) => out[Math.floor(i * stride)]);
}

async function compareZone(zone: ZoneOutput, limit: number) {
  const name = `diff-${zone.zone}-${Math.random().toString(36).slice(2, 8)}`;
  const client = new KongClient({ adminUrl: standin.zoneAdminUrl(name) });
  await publish(client, zone.kong);
  const live = await client.listManaged(["switchyard", `zone:${zone.zone}`]);
  expect(live.routes).toHaveLength(zone.kong.routes.length);
  const mismatches: string[] = [];
  let matched = 0;
  for (const req of requestsFor(zone, limit)) {
    const expected = kongWinner(zone, req)?.name ?? null;
    const actual = await send(name, req);
    if (expected !== null) matched += 1;
    if (actual !== expected) mismatches.push(`${req.method} ${req.host}${req.path} ${JSON.stringify(req.headers ?? {})}: stand-in ${actual}, Kong ${expected}`);
  }
  return { mismatches, matched };
}

describe("stand-in routing = Kong's engine in Kong's order, on compiled zones", () => {
  it("demo snapshot, every zone", async () => {
    const result = compile(demoSnapshot());
    let matched = 0;
    for (const zone of result.zones) {
      if (zone.routes.length === 0) continue;
      const r = await compareZone(zone, 400);
      expect(r.mismatches).toEqual([]);
      matched += r.matched;
    }
    // The comparison means something only if many requests do match a route.
    expect(matched).toBeGreaterThan(20);
  });

  it("a generated estate zone (hundreds of routes, several engine blocks)", async () => {
    const result = compile(largeEstate({ zones: 3, dtcEligibleZones: 1, applications: 30, endpoints: 300, tenants: 40, entitlements: 400 }));
    const zone = [...result.zones].sort((a, b) => b.routes.length - a.routes.length)[0];
    expect(zone.routes.length).toBeGreaterThan(64);
    // The oracle tries every route alone per request (slow), so a sample of requests.
    const r = await compareZone(zone, 80);
    expect(r.mismatches).toEqual([]);
    expect(r.matched).toBeGreaterThan(10);
    // About 20 s of CPU; on the shared two-core machine under a full test run that is 60 s or more of wall time.
  }, 180_000);
});
