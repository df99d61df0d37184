import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as batch from "@/app/api/v1/entitlements/batch/route";
import * as overview from "@/app/api/v1/overview/route";
import * as pending from "@/app/api/v1/pending/route";
import * as refusals from "@/app/api/v1/refusals/route";
import * as allRoutes from "@/app/api/v1/routes/route";
import * as tenantRoutes from "@/app/api/v1/tenants/[name]/routes/route";
import * as kongStatus from "@/app/api/v1/zones/[name]/kong-status/route";
import * as publish from "@/app/api/v1/zones/[name]/publish/route";
import * as zones from "@/app/api/v1/zones/route";
import { seedDemoData } from "@/lib/db/demo-seed";
import { prisma } from "@/lib/db/prisma";
import { startKongStandin, type KongStandin } from "@/scripts/kong-standin/server";
import { get, post } from "./http";

/**
 * The overview, the pending-changes count, refused subscriptions and the tenant view on the demo
 * estate, through the real handlers: the demo zones point at the stand-in, one more zone at a port
 * nothing listens on.
 */
let kong: KongStandin;
let deadPort: number;

beforeAll(async () => {
  // The demo zones enforce issuers: their node needs the issuer plugin, as the demo's does.
  kong = await startKongStandin({ adminPort: 0, proxyPort: 0, host: "127.0.0.1", zoneDefaults: { plugins: ["bundled", "jwt-keycloak"] } });
  await seedDemoData();
  // The seed's admin URLs name the dev stand-in; this file's own stand-in serves them instead.
  for (const zone of await prisma.zone.findMany({ select: { name: true } }))
    await prisma.zone.update({ where: { name: zone.name }, data: { kongAdminUrl: kong.zoneAdminUrl(zone.name) } });
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  deadPort = (server.address() as AddressInfo).port;
  await new Promise((resolve) => server.close(resolve));
  const res = await post(zones.POST, "/api/v1/zones", {
    body: {
      name: "dead-zone",
      visibility: "ENTERPRISE",
      gatewayUrl: "https://dead-zone.gw.example.com",
      identityProviderUrl: "https://iam.dead-zone.example.com",
      enforceIssuers: false,
      kongAdminUrl: `http://127.0.0.1:${deadPort}`,
    },
  });
  expect(res.status, res.text).toBe(201);
});

afterAll(async () => {
  await kong.close();
});

interface ZonePendingView {
  zone: string;
  routes: number;
  added: number;
  removed: number;
  changed: number;
  baselinePublishId: string | null;
}

const pendingNow = async () => {
  const res = await get(pending.GET, "/api/v1/pending");
  expect(res.status, res.text).toBe(200);
  return res.json as { zones: ZonePendingView[]; routes: number };
};

const zoneRouteCount = async (zone: string) => {
  const res = await get(allRoutes.GET, `/api/v1/routes?zone=${zone}&status=active&limit=1`);
  return Number(res.headers.get("x-total-count"));
};

describe("pending changes", () => {
  it("counts every route of a never-published zone, none after its publish, and the routes an entitlement grant changes", async () => {
    const before = await pendingNow();
    const central = before.zones.find((z) => z.zone === "eu-central")!;
    expect(central).toMatchObject({ added: await zoneRouteCount("eu-central"), removed: 0, changed: 0, baselinePublishId: null });
    expect(central.routes).toBeGreaterThan(0);
    // A zone without routes has nothing Kong lacks.
    expect(before.zones.some((z) => z.zone === "dead-zone")).toBe(false);

    const done = await post(publish.POST, "/api/v1/zones/eu-central/publish?wait=true", { params: { name: "eu-central" } });
    expect(done.status, done.text).toBe(200);
    expect(done.json.status).toBe("SUCCEEDED");
    const after = await pendingNow();
    expect(after.zones.some((z) => z.zone === "eu-central")).toBe(false);
    expect(after.routes).toBe(before.routes - central.routes);

    // university gets 2.0.0: eu-central's 2.0.0 routes now name it too (the same comparison as the publish page's).
    const grant = await post(batch.POST, "/api/v1/entitlements/batch", {
      body: { grant: [{ tenant: "university", application: "mod-capabilities", version: "2.0.0" }], revoke: [] },
    });
    expect(grant.status, grant.text).toBe(200);
    const changed = (await pendingNow()).zones.find((z) => z.zone === "eu-central")!;
    expect(changed).toMatchObject({ added: 0, removed: 0, baselinePublishId: done.json.id });
    expect(changed.changed).toBeGreaterThan(0);
    const preview = await post(publish.POST, "/api/v1/zones/eu-central/publish?dryRun=true", { params: { name: "eu-central" } });
    expect(preview.status, preview.text).toBe(200);
    expect(preview.json.impact.changed.length).toBe(changed.changed);
    await post(batch.POST, "/api/v1/entitlements/batch", {
      body: { grant: [], revoke: [{ tenant: "university", application: "mod-capabilities", version: "2.0.0" }] },
    });
    expect((await pendingNow()).zones.some((z) => z.zone === "eu-central")).toBe(false);
  });
});

describe("GET /api/v1/overview", () => {
  it("answers every zone with routes, warnings, refusals, pending counts and last publish, and estate totals", async () => {
    const res = await get(overview.GET, "/api/v1/overview");
    expect(res.status, res.text).toBe(200);
    const { zones: items, totals } = res.json;
    expect(items.map((z: { zone: string }) => z.zone)).toEqual([...items.map((z: { zone: string }) => z.zone)].sort());
    const central = items.find((z: { zone: string }) => z.zone === "eu-central");
    expect(central.lastPublish.status).toBe("SUCCEEDED");
    expect(central.routes).toBe(await zoneRouteCount("eu-central"));
    expect(items.find((z: { zone: string }) => z.zone === "dead-zone")).toMatchObject({ routes: 0, lastPublish: null });
    expect(totals.zones).toBe(items.length);
    expect(totals.tenants).toBe(await prisma.tenant.count());
    expect(totals.pendingZones).toBe((await pendingNow()).zones.length);
    // storefront's /orders subscription is refused (WORLD zone, ENTERPRISE exposure): counted here, named below.
    expect(totals.refusals).toBe((await get(refusals.GET, "/api/v1/refusals")).json.length);
    expect(totals.refusals).toBeGreaterThan(0);
  });

  it("names each refused subscription with both rovers, the exposure and the reason; ?rover= narrows to one subscriber", async () => {
    const all = await get(refusals.GET, "/api/v1/refusals");
    expect(all.status, all.text).toBe(200);
    const storefront = all.json.find((r: { subscriber: { name: string } }) => r.subscriber.name === "storefront");
    expect(storefront).toMatchObject({ basePath: "/orders", provider: { name: "orders" } });
    expect(storefront.reason).toMatch(/ENTERPRISE/);
    const one = await get(refusals.GET, `/api/v1/refusals?rover=${storefront.subscriber.id}`);
    expect(one.json.every((r: { subscriber: { id: string } }) => r.subscriber.id === storefront.subscriber.id)).toBe(true);
    const bad = await get(refusals.GET, "/api/v1/refusals?rover=nope");
    expect(bad.status).toBe(422);
    expect(bad.text).toContain("rover");
  });
});

describe("GET /api/v1/zones/{name}/kong-status", () => {
  it("reports a live node's version and a dead one as unreachable within the timeout", async () => {
    const live = await get(kongStatus.GET, "/api/v1/zones/eu-central/kong-status", { params: { name: "eu-central" } });
    expect(live.status, live.text).toBe(200);
    expect(live.json).toMatchObject({ zone: "eu-central", reachable: true, failure: null, routerFlavor: "expressions" });
    expect(live.json.version).toMatch(/^\d+\.\d+/);

    const started = Date.now();
    const dead = await get(kongStatus.GET, "/api/v1/zones/dead-zone/kong-status", { params: { name: "dead-zone" } });
    expect(dead.status, dead.text).toBe(200);
    expect(dead.json).toMatchObject({ reachable: false, failure: "unreachable", version: null });
    expect(Date.now() - started).toBeLessThan(10_000);

    const missing = await get(kongStatus.GET, "/api/v1/zones/no-such-zone/kong-status", { params: { name: "no-such-zone" } });
    expect(missing.status).toBe(404);
  });
});

describe("tenant view", () => {
  interface Endpoint {
    zone: string;
    basePath: string;
    endpoint: { methods: string[]; path: string } | null;
    request: { method: string; path: string; host: string };
    servedBy: { name: string; application: string; version: string } | null;
  }
  const served = async (tenant: string) => {
    const res = await get(tenantRoutes.GET, `/api/v1/tenants/${tenant}/routes`, { params: { name: tenant } });
    expect(res.status, res.text).toBe(200);
    return res.json.endpoints as Endpoint[];
  };
  const capabilitiesRoot = (list: Endpoint[]) =>
    list.find((e) => e.zone === "eu-central" && e.basePath === "/capabilities" && e.endpoint?.path === "/")!;

  it("says which version serves each tenant, as the simulator picks it: university by 1.0.0's ANY route, diku by 2.0.0", async () => {
    const university = capabilitiesRoot(await served("university"));
    expect(university.request).toMatchObject({ method: "GET", path: "/capabilities" });
    expect(university.servedBy).toMatchObject({ application: "mod-capabilities", version: "1.0.0" });
    expect(capabilitiesRoot(await served("diku")).servedBy).toMatchObject({ version: "2.0.0" });
    const missing = await get(tenantRoutes.GET, "/api/v1/tenants/nobody/routes", { params: { name: "nobody" } });
    expect(missing.status).toBe(404);
  });

  it("filters the routes list by served tenant (?served=), while ?tenant= still means entitled", async () => {
    const page = async (query: string) => (await get(allRoutes.GET, `/api/v1/routes${query}`)).json as { name: string; version: string }[];
    const servedUniversity = await page("?zone=eu-central&served=university");
    expect(servedUniversity.length).toBeGreaterThan(0);
    expect(servedUniversity.every((r) => r.version === "1.0.0" || !r.name.startsWith("mod-capabilities"))).toBe(true);
    expect(await page("?zone=eu-central&tenant=university")).toEqual([]);
    const servedDiku = (await page("?zone=eu-central&served=diku")).filter((r) => r.name.startsWith("mod-capabilities"));
    expect(servedDiku.map((r) => r.version)).toContain("2.0.0");
  });
});
