import { describe, expect, it } from "vitest";
import * as batch from "@/app/api/v1/entitlements/batch/route";
import * as impact from "@/app/api/v1/entitlements/impact/route";
import * as routes from "@/app/api/v1/zones/[name]/routes/route";
import * as zones from "@/app/api/v1/zones/route";
import { seedDemoData } from "@/lib/db/demo-seed";
import { prisma } from "@/lib/db/prisma";
import { get, post } from "./http";

interface RouteRow {
  name: string;
  active: boolean;
  tenants?: string[];
  expression?: string;
  priority?: number;
}

const v2 = (tenant: string) => ({ tenant, application: "mod-capabilities", version: "2.0.0" });

/** Every zone's routes (active and inactive), by zone, as the routes API serves them. */
async function estateRoutes(): Promise<Map<string, Map<string, RouteRow>>> {
  const list = await get(zones.GET, "/api/v1/zones?limit=500");
  const out = new Map<string, Map<string, RouteRow>>();
  for (const { name } of list.json as { name: string }[]) {
    const res = await get(routes.GET, `/api/v1/zones/${name}/routes?inactive=true`, { params: { name } });
    out.set(name, new Map((res.json as RouteRow[]).map((r) => [r.name, r])));
  }
  return out;
}

/** What really changed between two reads of the estate, in the impact endpoint's terms. */
function observedChange(
  before: Map<string, Map<string, RouteRow>>,
  after: Map<string, Map<string, RouteRow>>,
) {
  const result: Record<string, { changed: string[]; activated: string[]; deactivated: string[] }> = {};
  for (const [zone, beforeRoutes] of before) {
    const afterRoutes = after.get(zone)!;
    const entry = { changed: [] as string[], activated: [] as string[], deactivated: [] as string[] };
    for (const [name, b] of beforeRoutes) {
      const a = afterRoutes.get(name);
      if (!a) continue;
      if (!b.active && a.active) entry.activated.push(name);
      else if (b.active && !a.active) entry.deactivated.push(name);
      else if (b.active && (b.expression !== a.expression || b.priority !== a.priority))
        entry.changed.push(name);
    }
    if (entry.changed.length + entry.activated.length + entry.deactivated.length) result[zone] = entry;
  }
  return result;
}

const summary = (body: {
  zones: { zone: string; changed: { name: string }[]; activated: string[]; deactivated: string[] }[];
}) =>
  Object.fromEntries(
    body.zones.map((z) => [
      z.zone,
      { changed: z.changed.map((c) => c.name).sort(), activated: z.activated, deactivated: z.deactivated },
    ]),
  );

// One database for this file: the tests run in order on the seeded demo estate.
describe("POST /api/v1/entitlements/impact", () => {
  it("granting university mod-capabilities 2.0.0 changes the two 2.0.0 routes in eu-central, and only those", async () => {
    await seedDemoData();
    const entitlementsBefore = await prisma.entitlement.count();
    const before = await estateRoutes();

    const res = await post(impact.POST, "/api/v1/entitlements/impact", {
      body: { grant: [v2("university")] },
    });
    expect(res.status).toBe(200);
    expect(res.json.routes).toBe(2);
    expect(res.json.zones.map((z: { zone: string; routes: number }) => [z.zone, z.routes])).toEqual([
      ["eu-central", 2],
    ]);
    const [eu] = res.json.zones;
    expect(eu.added).toEqual([]);
    expect(eu.removed).toEqual([]);
    expect(eu.changed.map((c: { name: string }) => c.name)).toEqual([
      "mod-capabilities-2.0.0-capabilities-get-id",
      "mod-capabilities-2.0.0-capabilities-get-root",
    ]);
    for (const change of eu.changed) {
      expect(change.fields).toEqual(expect.arrayContaining(["expression", "tenants"]));
      expect(change.before.tenants).toEqual(["college", "diku", "test"]);
      expect(change.after.tenants).toEqual(["college", "diku", "test", "university"]);
      expect(change.after.expression).toContain('"university"');
    }
    // A preview saves nothing.
    expect(await prisma.entitlement.count()).toBe(entitlementsBefore);

    // Apply the same batch for real: the routes that change are exactly the ones predicted.
    const applied = await post(batch.POST, "/api/v1/entitlements/batch", {
      body: { grant: [v2("university")] },
    });
    expect(applied.status).toBe(200);
    const after = await estateRoutes();
    expect(observedChange(before, after)).toEqual(summary(res.json));
    expect(after.get("eu-central")!.get("mod-capabilities-2.0.0-capabilities-get-root")!.tenants).toContain(
      "university",
    );

    // Previewing it again now changes nothing: the grant is already there.
    const again = await post(impact.POST, "/x", { body: { grant: [v2("university")] } });
    expect(again.json).toEqual({ zones: [], routes: 0, effects: [] });
  });

  it("revoking every 2.0.0 entitlement deactivates its routes (never a wildcard), as applying it does", async () => {
    const revoke = ["college", "diku", "test", "university"].map(v2);
    const before = await estateRoutes();
    const res = await post(impact.POST, "/x", { body: { revoke } });
    expect(res.status).toBe(200);
    const [eu] = res.json.zones;
    expect(res.json.zones).toHaveLength(1);
    expect(eu.zone).toBe("eu-central");
    expect(eu.deactivated).toEqual([
      "mod-capabilities-2.0.0-capabilities-get-id",
      "mod-capabilities-2.0.0-capabilities-get-root",
    ]);
    expect(eu.removed).toEqual([]);

    await post(batch.POST, "/x", { body: { revoke } });
    const after = await estateRoutes();
    expect(observedChange(before, after)).toEqual(summary(res.json));

    // And granting one back re-activates them.
    const back = await post(impact.POST, "/x", { body: { grant: [v2("diku")] } });
    expect(back.json.zones[0].activated).toEqual(eu.deactivated);
    expect(back.json.routes).toBe(2);
    await post(batch.POST, "/x", { body: { grant: ["college", "diku", "test"].map(v2) } });
  });

  it("moving a tenant between versions in one batch: only the ENTITLED version's routes change", async () => {
    const res = await post(impact.POST, "/x", {
      body: {
        grant: [v2("university")],
        revoke: [v2("diku")],
      },
    });
    expect(res.status).toBe(200);
    const [eu] = res.json.zones;
    expect(eu.changed.map((c: { after: { tenants: string[] } }) => c.after.tenants)).toEqual([
      ["college", "test", "university"],
      ["college", "test", "university"],
    ]);
    // 1.0.0 admits ANY tenant: entitlements never touch it.
    expect(eu.changed.every((c: { name: string }) => c.name.startsWith("mod-capabilities-2.0.0"))).toBe(true);
  });

  it("a version no rover runs changes no route", async () => {
    const res = await post(impact.POST, "/x", {
      body: { grant: [{ tenant: "university", application: "mod-capabilities", version: "9.0.0" }] },
    });
    expect(res.status).toBe(200);
    expect(res.json).toEqual({ zones: [], routes: 0, effects: [] });
  });

  it("refuses what the batch would refuse, with one message per field", async () => {
    const unknown = await post(impact.POST, "/x", {
      body: { grant: [v2("university"), v2("nobody")], revoke: [v2("ghost")] },
    });
    expect(unknown.status).toBe(422);
    expect(unknown.json.error.details).toEqual([
      { path: "grant.1.tenant", message: "Tenant nobody does not exist" },
      { path: "revoke.0.tenant", message: "Tenant ghost does not exist" },
    ]);
    const both = await post(impact.POST, "/x", { body: { grant: [v2("diku")], revoke: [v2("diku")] } });
    expect(both.status).toBe(422);
    expect(both.json.error.details[0].path).toBe("grant");
    const empty = await post(impact.POST, "/x", { body: {} });
    expect(empty.status).toBe(422);
    const bad = await post(impact.POST, "/x", {
      body: { grant: [{ tenant: "Bad Name", application: "x", version: "1" }] },
    });
    expect(bad.status).toBe(422);
    expect(bad.json.error.details.map((d: { path: string }) => d.path)).toEqual([
      "grant.0.tenant",
      "grant.0.version",
    ]);
  });
});

describe("impact per tenant and endpoint", () => {
  it("says which version each tenant's requests reach before and after, as the simulator answers", async () => {
    await seedDemoData();
    // Whatever the tests above left: university not entitled to 2.0.0, test entitled.
    await post(batch.POST, "/x", { body: { grant: [v2("test")], revoke: [v2("university")] } });
    const res = await post(impact.POST, "/api/v1/entitlements/impact", { body: { grant: [v2("university")], revoke: [] } });
    expect(res.status, res.text).toBe(200);
    const effects = res.json.effects as {
      tenant: string;
      zone: string;
      request: { method: string; path: string };
      before: { version: string } | null;
      after: { version: string } | null;
    }[];
    const root = effects.find((e) => e.zone === "eu-central" && e.request.path === "/capabilities");
    expect(root).toMatchObject({ tenant: "university", request: { method: "GET" }, before: { version: "1.0.0" }, after: { version: "2.0.0" } });
    expect(effects.every((e) => e.tenant === "university")).toBe(true);
    // Nothing else reaches another route: only the endpoints 2.0.0 serves move.
    expect(effects.every((e) => e.after?.version === "2.0.0")).toBe(true);

    // Revoking test's 2.0.0 sends it back to 1.0.0's ANY routes, endpoint by endpoint.
    const back = await post(impact.POST, "/x", { body: { grant: [], revoke: [v2("test")] } });
    expect(back.status, back.text).toBe(200);
    const testRoot = (back.json.effects as typeof effects).find((e) => e.zone === "eu-central" && e.request.path === "/capabilities");
    expect(testRoot).toMatchObject({ tenant: "test", before: { version: "2.0.0" }, after: { version: "1.0.0" } });
  });
});
