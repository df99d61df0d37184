import { expect, test, type APIRequestContext } from "@playwright/test";
import { createRover, createTenant, entitlementsOf, uniqueName, uniqueTenant } from "./support/api";
import { EntitlementsPage, Shell, screenshot } from "./support/pages";

interface Batch {
  grant?: Array<{ tenant: string; application: string; version: string }>;
  revoke?: Array<{ tenant: string; application: string; version: string }>;
}

/** The server's own answer for a batch: the screen must say the same. */
async function impactOf(request: APIRequestContext, batch: Batch) {
  const res = await request.post("/api/v1/entitlements/impact", { data: batch });
  expect(res.status(), await res.text()).toBe(200);
  return (await res.json()) as {
    routes: number;
    zones: Array<{
      zone: string;
      routes: number;
      changed: unknown[];
      activated: string[];
      deactivated: string[];
    }>;
  };
}

test.describe("entitlements", () => {
  test.describe.configure({ timeout: 240_000 });

  test("grants several entitlements at once, seeing the route impact first, then revokes them at once", async ({
    page,
    request,
  }) => {
    const prefix = uniqueTenant("e2e_ent");
    const tenants = [`${prefix}_a`, `${prefix}_b`];
    const app = uniqueName("e2e-entapp");
    for (const t of tenants) await createTenant(request, t);
    // One ENTITLED exposure without endpoints: one route, inactive until some tenant is entitled.
    const { id } = await createRover(request, {
      name: app,
      version: "1.0.0",
      zone: "eu-central",
      exposures: [
        {
          basePath: `/${app}`,
          visibility: "WORLD",
          tenantAccess: "ENTITLED",
          upstreams: [{ url: "http://entitled.internal:8080" }],
        },
      ],
    });
    const shell = new Shell(page);
    const matrix = new EntitlementsPage(page);
    const impact = matrix.pendingBar.getByRole("status", { name: "Route impact" });
    try {
      await matrix.goto();
      await matrix.filter(prefix, app);
      await expect(matrix.matrix.getByRole("row")).toHaveCount(3);
      await matrix.cell(tenants[0], app, "1.0.0").check();
      await matrix.cell(tenants[1], app, "1.0.0").check();
      await expect(matrix.pendingBar).toContainText("2 to grant");
      await expect(matrix.pendingBar).toContainText("0 to revoke");

      // Before anything is applied: which routes in which zones change, as the server computes it.
      const grant = tenants.map((tenant) => ({ tenant, application: app, version: "1.0.0" }));
      const expected = await impactOf(request, { grant, revoke: [] });
      expect(expected.zones.map((z) => [z.zone, z.activated.length])).toEqual([["eu-central", 1]]);
      await expect(impact).toHaveText("1 route in 1 zone changes: eu-central 1 activated");
      await matrix.pendingBar.getByRole("button", { name: "Show routes" }).click();
      await expect(
        matrix.pendingBar.getByRole("region", { name: "Route changes in eu-central" }),
      ).toContainText(`activated${expected.zones[0].activated[0]}`);
      await screenshot(page, "entitlements-pending-impact");
      expect(await entitlementsOf(request, app)).toEqual([]);

      await matrix.apply();
      await expect(shell.toast("Entitlements updated")).toContainText("2 granted.");
      expect(await entitlementsOf(request, app)).toEqual(tenants.map((t) => `${t}@1.0.0`).sort());
      await expect(matrix.cell(tenants[0], app, "1.0.0")).toBeChecked();
      const routes = (await (await request.get("/api/v1/zones/eu-central/routes")).json()) as Array<{
        basePath: string;
        tenants: string[];
      }>;
      expect(routes.filter((r) => r.basePath === `/${app}`).map((r) => r.tenants)).toEqual([
        [...tenants].sort(),
      ]);
      await screenshot(page, "entitlements-matrix");

      // Revoke both with the column's "all tenants" toggle: one change of two cells.
      await matrix.matrix.getByRole("button", { name: `Toggle ${app} 1.0.0 for all shown tenants` }).click();
      await expect(matrix.pendingBar).toContainText("0 to grant");
      await expect(matrix.pendingBar).toContainText("2 to revoke");
      await expect(impact).toHaveText("1 route in 1 zone changes: eu-central 1 deactivated");
      await matrix.apply();
      await expect(shell.toast("Entitlements updated")).toContainText("2 revoked.");
      expect(await entitlementsOf(request, app)).toEqual([]);
    } finally {
      await request.delete(`/api/v1/rovers/${id}`);
      for (const t of tenants) await request.delete(`/api/v1/tenants/${t}?cascade=true`);
    }
  });

  test("previewing the demo's story: university on mod-capabilities 2.0.0 changes 2 routes in eu-central; discard keeps everything", async ({
    page,
    request,
  }) => {
    const before = await entitlementsOf(request, "mod-capabilities");
    const matrix = new EntitlementsPage(page);
    const impact = matrix.pendingBar.getByRole("status", { name: "Route impact" });
    await matrix.goto();
    await matrix.filter("university", "mod-capabilities");
    await matrix.cell("university", "mod-capabilities", "2.0.0").check();
    const expected = await impactOf(request, {
      grant: [{ tenant: "university", application: "mod-capabilities", version: "2.0.0" }],
    });
    expect(expected.zones.map((z) => [z.zone, z.changed.length])).toEqual([["eu-central", 2]]);
    await expect(impact).toHaveText("2 routes in 1 zone change: eu-central 2 changed");
    await screenshot(page, "entitlements-impact-demo");

    // Unticking it again leaves nothing pending (the bar goes away); ticking brings the same answer back.
    await matrix.cell("university", "mod-capabilities", "2.0.0").uncheck();
    await expect(matrix.pendingBar).toBeHidden();
    await matrix.cell("university", "mod-capabilities", "2.0.0").check();
    await expect(impact).toHaveText("2 routes in 1 zone change: eu-central 2 changed");
    await matrix.pendingBar.getByRole("button", { name: "Discard" }).click();
    await expect(matrix.cell("university", "mod-capabilities", "2.0.0")).not.toBeChecked();
    expect(await entitlementsOf(request, "mod-capabilities")).toEqual(before);
  });
});
