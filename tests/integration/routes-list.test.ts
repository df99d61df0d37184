import { beforeAll, describe, expect, it } from "vitest";
import * as allRoutes from "@/app/api/v1/routes/route";
import * as rovers from "@/app/api/v1/rovers/route";
import * as zoneRoutes from "@/app/api/v1/zones/[name]/routes/route";
import * as oneRoute from "@/app/api/v1/zones/[name]/routes/[route]/route";
import { seedDemoData } from "@/lib/db/demo-seed";
import { get, post } from "./http";

interface Summary {
  zone: string;
  name: string;
  kind: string;
  active: boolean;
  application: string;
  tenants: string[];
  tenantCount: number;
  priority: number | null;
  rank: number | null;
  reason: string | null;
}

const list = async (query = "") => {
  const res = await get(allRoutes.GET, `/api/v1/routes${query}`);
  expect(res.status, res.text).toBe(200);
  return { items: res.json as Summary[], total: Number(res.headers.get("x-total-count")) };
};

beforeAll(async () => {
  await seedDemoData();
  // ENTITLED with nobody entitled: the rules call for the route, the compiler doesn't emit it.
  const res = await post(rovers.POST, "/api/v1/rovers", {
    body: {
      name: "ledger",
      version: "3.0.0",
      zone: "eu-west",
      exposures: [
        { basePath: "/ledger", upstreams: [{ url: "http://ledger.svc:8080" }], tenantAccess: "ENTITLED" },
      ],
    },
  });
  expect(res.status, res.text).toBe(201);
});

describe("GET /api/v1/routes", () => {
  it("lists every zone's routes: zones by name, each in Kong's order, with the same routes as the per-zone list", async () => {
    const { items, total } = await list("?limit=500");
    expect(total).toBe(items.length);
    const zones = items.map((r) => r.zone);
    expect(zones).toEqual([...zones].sort());
    for (const zone of new Set(zones)) {
      const perZone = await get(zoneRoutes.GET, `/api/v1/zones/${zone}/routes`, { params: { name: zone } });
      const active = items.filter((r) => r.zone === zone && r.active);
      expect(active.map((r) => r.name).sort()).toEqual(
        (perZone.json as { name: string }[]).map((r) => r.name).sort(),
      );
      // Kong's order: priority descending (ranks 1, 2, …; ties are broken by id, never reordered here).
      expect(active.map((r) => r.rank)).toEqual(active.map((_, i) => i + 1));
      for (let i = 1; i < active.length; i++)
        expect(active[i - 1].priority!).toBeGreaterThanOrEqual(active[i].priority!);
    }
  });

  it("filters by zone, kind, application, tenant, status and text, and pages with X-Total-Count", async () => {
    const byZone = await list("?zone=eu-central");
    expect(byZone.items.length).toBeGreaterThan(1);
    expect(byZone.items.every((r) => r.zone === "eu-central")).toBe(true);

    const proxies = await list("?kind=proxy");
    expect(proxies.items.length).toBeGreaterThan(0);
    expect(proxies.items.every((r) => r.kind === "proxy")).toBe(true);

    const diku = await list("?tenant=diku");
    expect(diku.items.map((r) => r.application)).toEqual(["mod-capabilities", "mod-capabilities"]);
    expect(diku.items.every((r) => r.tenants.includes("diku"))).toBe(true);
    expect((await list("?tenant=university")).total).toBe(0);

    const capabilities = await list("?application=mod-capabilities&q=get-id");
    expect(capabilities.items.map((r) => r.name).sort()).toEqual([
      "mod-capabilities-1.0.0-capabilities-get-id",
      "mod-capabilities-2.0.0-capabilities-get-id",
    ]);

    const page = await list("?zone=eu-central&limit=2&offset=1");
    expect(page.total).toBe(byZone.total);
    expect(page.items.map((r) => r.name)).toEqual(byZone.items.slice(1, 3).map((r) => r.name));

    expect((await get(allRoutes.GET, "/api/v1/routes?kind=bogus")).status).toBe(422);
  });

  it("lists inactive routes with the reason, and only them with status=inactive", async () => {
    const inactive = await list("?status=inactive");
    expect(inactive.items).toHaveLength(1);
    expect(inactive.items[0]).toMatchObject({
      zone: "eu-west",
      application: "ledger",
      active: false,
      priority: null,
      rank: null,
    });
    expect(inactive.items[0].reason).toMatch(/tenant/i);
    const active = await list("?status=active&limit=500");
    expect(active.items.every((r) => r.active)).toBe(true);
    expect(active.total + inactive.total).toBe((await list()).total);
  });
});

describe("GET /api/v1/zones/{name}/routes/{route}", () => {
  it("answers one route in full with its Kong id and place in Kong's order", async () => {
    const name = "mod-capabilities-2.0.0-capabilities-get-root";
    const res = await get(oneRoute.GET, "/x", { params: { name: "eu-central", route: name } });
    expect(res.status).toBe(200);
    expect(res.json).toMatchObject({ name, active: true, rank: 1, tenants: ["college", "diku", "test"] });
    expect(res.json.routeId).toMatch(/^[0-9a-f-]{36}$/);
    const parts = res.json.priorityParts as { value: number; shift: number }[];
    expect(parts.reduce((sum, p) => sum + p.value * 2 ** p.shift, 0)).toBe(res.json.priority);
    expect(res.json.downstreams.length).toBeGreaterThan(0);
  });

  it("answers inactive routes with the reason, and 404 for unknown routes and zones", async () => {
    const [inactive] = (await list("?status=inactive")).items;
    const res = await get(oneRoute.GET, "/x", { params: { name: inactive.zone, route: inactive.name } });
    expect(res.json).toMatchObject({ active: false, routeId: null, reason: inactive.reason });
    expect((await get(oneRoute.GET, "/x", { params: { name: "eu-central", route: "nope" } })).status).toBe(
      404,
    );
    expect((await get(oneRoute.GET, "/x", { params: { name: "nowhere", route: "nope" } })).status).toBe(404);
  });
});
