import { parse } from "yaml";
import { describe, expect, it } from "vitest";
import * as realms from "@/app/api/v1/zones/[name]/realms/route";
import * as routes from "@/app/api/v1/zones/[name]/routes/route";
import * as kongConfig from "@/app/api/v1/zones/[name]/kong-config/route";
import * as simulate from "@/app/api/v1/simulate/route";
import * as entitlements from "@/app/api/v1/entitlements/route";
import { seedDemoData } from "@/lib/db/demo-seed";
import { loadSnapshot } from "@/lib/db/snapshot";
import { prisma } from "@/lib/db/prisma";
import { get, post } from "./http";

// One database for this file: the tests run in order on the seeded demo estate.
describe("demo seed", () => {
  it("seeds an empty database with the demo story", async () => {
    expect(await prisma.zone.count()).toBe(0);
    const result = await seedDemoData();
    expect(result).toEqual({ seeded: true, zones: 5, rovers: 6, tenants: 4, entitlements: 3 });
    const zones = await prisma.zone.findMany({ orderBy: { name: "asc" } });
    expect(zones.map((z) => [z.name, z.visibility, z.dtcUrl !== null])).toEqual([
      ["ap-south", "ENTERPRISE", false],
      ["eu-central", "ENTERPRISE", true],
      ["eu-north", "ENTERPRISE", true],
      ["eu-west", "ENTERPRISE", true],
      ["us-east", "WORLD", true],
    ]);
    expect(zones.every((z) => z.kongAdminUrl === `http://127.0.0.1:8001/${z.name}`)).toBe(true);
    const tenants = await prisma.tenant.findMany({
      orderBy: { name: "asc" },
      include: { entitlements: true },
    });
    expect(tenants.map((t) => [t.name, t.entitlements.map((e) => `${e.application}@${e.version}`)])).toEqual([
      ["college", ["mod-capabilities@2.0.0"]],
      ["diku", ["mod-capabilities@2.0.0"]],
      ["test", ["mod-capabilities@2.0.0"]],
      ["university", []],
    ]);
  });

  it("does nothing on a database that already holds zones (idempotent)", async () => {
    const before = await loadSnapshot();
    expect((await seedDemoData()).seeded).toBe(false);
    expect(await loadSnapshot()).toEqual(before);
  });
});

describe("derived endpoints", () => {
  it("GET /zones/{name}/realms pairs every URL with its own zone's issuer", async () => {
    const res = await get(realms.GET, "/api/v1/zones/eu-central/realms", { params: { name: "eu-central" } });
    expect(res.status).toBe(200);
    const dtc = res.json.find((r: { name: string }) => r.name === "dtc");
    expect(res.json.map((r: { name: string }) => r.name)).toEqual(["default", "dtc"]);
    expect(dtc.entries[0]).toEqual({
      url: "https://eu-central.gw.example.com",
      issuer: "https://iam.eu-central.example.com/auth/realms/default",
    });
    expect(dtc.entries).toContainEqual({
      url: "https://us-east.dtc.example.com",
      issuer: "https://iam.us-east.example.com/auth/realms/default",
    });
    expect(dtc.entries.every((e: { issuer: string }) => e.issuer !== "")).toBe(true);
    const south = await get(realms.GET, "/x", { params: { name: "ap-south" } });
    expect(south.json.map((r: { name: string }) => r.name)).toEqual(["default"]);
    expect((await get(realms.GET, "/x", { params: { name: "nowhere" } })).status).toBe(404);
  });

  it("GET /zones/{name}/routes lists compiled routes with expression, priority, tenants, upstream and reasons", async () => {
    const res = await get(routes.GET, "/api/v1/zones/eu-central/routes", { params: { name: "eu-central" } });
    expect(res.status).toBe(200);
    expect(res.headers.get("x-total-count")).toBe(String(res.json.length));
    const v2 = res.json.find(
      (r: { name: string }) => r.name === "mod-capabilities-2.0.0-capabilities-get-root",
    );
    expect(v2).toMatchObject({ kind: "real", tenants: ["college", "diku", "test"], active: true });
    expect(v2.expression).toContain('http.headers.x_okapi_tenant == "diku"');
    expect(typeof v2.priority).toBe("number");
    expect(v2.upstream.targets).toHaveLength(2);
    expect(v2.reasons.length).toBeGreaterThan(0);
    expect(v2).not.toHaveProperty("expressionTree");
    const v1 = res.json.find(
      (r: { name: string }) => r.name === "mod-capabilities-1.0.0-capabilities-get-root",
    );
    // The stricter (entitled) route must win over the any-tenant route for the same request.
    expect(v2.priority).toBeGreaterThan(v1.priority);

    const proxies = await get(routes.GET, "/api/v1/zones/eu-west/routes?kind=proxy", {
      params: { name: "eu-west" },
    });
    expect(proxies.json.map((r: { name: string; realm: string }) => [r.name, r.realm])).toEqual([
      ["orders-1.4.2-orders-via-eu-central", "dtc"],
    ]);
    const failover = await get(routes.GET, "/x", { params: { name: "eu-north" } });
    expect(failover.json.map((r: { kind: string }) => r.kind)).toEqual(["failover"]);
  });

  it("recompiles after a change (the cache follows the data) — an entitlement moves university to 2.0.0", async () => {
    const granted = await post(entitlements.POST, "/api/v1/entitlements", {
      body: { tenant: "university", application: "mod-capabilities", version: "2.0.0" },
    });
    expect(granted.status).toBe(201);
    const res = await get(routes.GET, "/x", { params: { name: "eu-central" } });
    const v2 = res.json.find(
      (r: { name: string }) => r.name === "mod-capabilities-2.0.0-capabilities-get-root",
    );
    expect(v2.tenants).toEqual(["college", "diku", "test", "university"]);
  });

  it("lists an ENTITLED route without tenants as inactive with ?inactive=true, never as a wildcard", async () => {
    // Straight to the database: the compile cache must notice writes that bypass the API too.
    await prisma.entitlement.deleteMany({ where: { application: "mod-capabilities", version: "2.0.0" } });
    const active = await get(routes.GET, "/x", { params: { name: "eu-central" } });
    expect(active.json.some((r: { name: string }) => r.name.startsWith("mod-capabilities-2.0.0"))).toBe(
      false,
    );
    const all = await get(routes.GET, "/x?inactive=true", { params: { name: "eu-central" } });
    const inactive = all.json.filter((r: { active: boolean }) => !r.active);
    expect(inactive.map((r: { name: string }) => r.name).sort()).toEqual([
      "mod-capabilities-2.0.0-capabilities-get-id",
      "mod-capabilities-2.0.0-capabilities-get-root",
    ]);
    expect(inactive[0].reason).toMatch(/entitled/i);
    // Restore the story for the next tests.
    for (const tenant of ["college", "diku", "test"]) {
      await post(entitlements.POST, "/x", {
        body: { tenant, application: "mod-capabilities", version: "2.0.0" },
      });
    }
  });

  it("GET /zones/{name}/kong-config serves the decK file as YAML by default and JSON on request", async () => {
    const yamlRes = await get(kongConfig.GET, "/api/v1/zones/eu-central/kong-config", {
      params: { name: "eu-central" },
    });
    expect(yamlRes.status).toBe(200);
    expect(yamlRes.headers.get("content-type")).toContain("application/yaml");
    expect(yamlRes.headers.get("content-disposition")).toContain('filename="kong-eu-central.yaml"');
    const doc = parse(yamlRes.text);
    expect(doc._format_version).toBe("3.0");
    expect(doc._info.select_tags).toEqual(["switchyard", "zone:eu-central"]);
    const routeNames = doc.services.flatMap((s: { routes: { name: string }[] }) =>
      s.routes.map((r) => r.name),
    );
    expect(routeNames).toContain("orders-1.4.2-orders");

    const jsonRes = await get(kongConfig.GET, "/api/v1/zones/eu-central/kong-config?format=json", {
      params: { name: "eu-central" },
    });
    expect(jsonRes.json).toEqual(doc);
    expect((await get(kongConfig.GET, "/x?format=xml", { params: { name: "eu-central" } })).status).toBe(422);
  });

  it("POST /simulate routes each tenant to the version it is entitled to", async () => {
    const ask = (tenant: string) =>
      post(simulate.POST, "/api/v1/simulate", {
        body: {
          zone: "eu-central",
          request: {
            method: "GET",
            host: "eu-central.gw.example.com",
            path: "/capabilities",
            headers: { "x-okapi-tenant": tenant },
          },
        },
      });
    expect((await ask("diku")).json.matched.version).toBe("2.0.0");
    expect((await ask("university")).json.matched.version).toBe("1.0.0");
    const unknownZone = await post(simulate.POST, "/x", {
      body: { zone: "nowhere", request: { method: "GET", path: "/" } },
    });
    expect(unknownZone.status).toBe(422);
  });
});
