import { expect, test, type Page } from "@playwright/test";
import { createTenant, uniqueTenant } from "./support/api";
import { Shell, screenshot } from "./support/pages";
import { SimulatorPage } from "./support/routes";

/**
 * The operator's first screens: the overview after sign-in, the shell's pending-changes indicator
 * and toast after an edit, and the tenant view (which route serves a tenant, and the simulator
 * opened as that tenant). Each page is also looked at on a laptop and a phone.
 */

const SLOW = { timeout: 30_000 };

async function settled(page: Page) {
  await expect(page.locator(".animate-pulse")).toHaveCount(0, SLOW);
}

/** The document is never wider than the screen: tables scroll inside their own box. */
async function fitsTheScreen(page: Page) {
  const { scrollWidth, innerWidth } = await page.evaluate(() => ({
    scrollWidth: document.documentElement.scrollWidth,
    innerWidth: window.innerWidth,
  }));
  expect(scrollWidth, `${page.url()} is ${scrollWidth} px wide at ${innerWidth} px`).toBeLessThanOrEqual(innerWidth);
}

test.describe("overview", () => {
  test.describe.configure({ timeout: 180_000 });

  test("lands on the overview: every zone with its unpublished routes, drift, Kong and warnings, each linking where it is fixed", async ({ page }) => {
    const started = Date.now();
    await page.goto("/");
    await expect(page).toHaveURL(/\/overview$/, SLOW);
    const zones = page.getByRole("table", { name: "Zones" });
    const central = zones.getByRole("row").filter({ has: page.getByRole("link", { name: "eu-central", exact: true }) });
    await expect(central).toBeVisible(SLOW);
    const shown = Date.now() - started;
    // The zone cells come from the cached compile, not from any Kong: they are there before the Kong cells.
    test.info().annotations.push({ type: "overview rendered (ms)", description: String(shown) });

    // The node's own GET /: the stand-in answers as Kong 3.9.
    await expect(central.getByText(/^Kong 3\.9/)).toBeVisible(SLOW);
    await expect(central.getByLabel("Drift of eu-central")).toBeVisible();
    // The totals link to their pages.
    const totals = page.getByRole("definition").or(page.getByRole("term"));
    await expect(totals.getByRole("link", { name: "Routes", exact: true })).toHaveAttribute("href", "/routes");
    await settled(page);
    await screenshot(page, "overview");

    // A zone with unpublished routes links to its review-and-publish page.
    const pendingLink = zones.getByRole("link", { name: /unpublished route changes?, review and publish$/ }).first();
    if (await pendingLink.count()) {
      const name = (await pendingLink.getAttribute("aria-label"))!.split(":")[0];
      await pendingLink.click();
      await expect(page).toHaveURL(new RegExp(`/publish/zones/${name}$`), SLOW);
    }
  });

  test("after an edit the toast and the shell say which zones Kong lacks, and Review opens their publish page", async ({ page, request }) => {
    const tenant = uniqueTenant("e2e_pend");
    await createTenant(request, tenant);
    const shell = new Shell(page);
    try {
      await page.goto("/entitlements");
      await page.getByRole("searchbox", { name: "Filter tenants" }).fill(tenant);
      await page.getByRole("searchbox", { name: "Filter applications" }).fill("mod-capabilities 2.0.0");
      await page.getByRole("checkbox", { name: `${tenant} entitled to mod-capabilities 2.0.0` }).check();
      await page.getByRole("region", { name: "Pending entitlement changes" }).getByRole("button", { name: /^Apply/ }).click();
      await expect(shell.toast("Entitlements updated")).toBeVisible(SLOW);
      // eu-central's 2.0.0 routes now name the tenant: Kong does not have that until it is published.
      const pendingToast = page.locator("[data-sonner-toast]").filter({ hasText: /unpublished changes/ });
      await expect(pendingToast).toContainText("eu-central", SLOW);
      const indicator = page.getByTestId("pending-indicator");
      await expect(indicator).toContainText(/unpublished changes · Review/);
      await expect(indicator).toHaveAttribute("title", /eu-central \(\d+ routes?\)/);
      await screenshot(page, "pending-indicator");
      await pendingToast.getByRole("button", { name: "Review" }).click();
      await expect(page).toHaveURL(/\/publish(\/zones\/eu-central)?$/, SLOW);
    } finally {
      await request.delete(`/api/v1/tenants/${tenant}?cascade=true`);
    }
  });

  test("the tenant view says which version serves university, and simulates as university", async ({ page }) => {
    await page.goto("/tenants/university");
    const served = page.getByRole("table", { name: "Routes serving university" });
    const root = served
      .getByRole("row")
      .filter({ hasText: "eu-central" })
      .filter({ has: page.getByText("GET /capabilities", { exact: true }) });
    await expect(root).toContainText("mod-capabilities 1.0.0", SLOW);
    await expect(page.getByRole("region", { name: "Entitlements" })).toBeVisible();
    await settled(page);
    await screenshot(page, "tenant-view");

    await root.getByRole("link", { name: /^Simulate GET \/capabilities in eu-central as university$/ }).click();
    await expect(page).toHaveURL(/\/simulate\?.*tenant=university/, SLOW);
    const sim = new SimulatorPage(page);
    await expect(sim.field("Tenant header")).toHaveValue("university");
    await expect(sim.verdict).toHaveAttribute("data-matched", "true", SLOW);
    await expect(sim.verdict).toContainText("mod-capabilities-1.0.0");

    // The routes list's "Served tenant" asks the same question.
    await page.goto("/routes?zone=eu-central&served=university");
    await expect(page.getByLabel("Served tenant")).toHaveValue("university");
    await expect(page.getByRole("row").filter({ hasText: "mod-capabilities" }).first()).toContainText("1.0.0", SLOW);
  });

  for (const size of [
    { label: "desktop", width: 1440, height: 900 },
    { label: "phone", width: 390, height: 844 },
  ] as const) {
    test(`overview and tenant view at ${size.width}×${size.height}`, async ({ page }) => {
      await page.setViewportSize({ width: size.width, height: size.height });
      for (const [name, path] of [
        ["overview", "/overview"],
        ["tenant-view", "/tenants/university"],
        ["entitlements-matrix", "/entitlements?application=mod-capabilities&version=2.0.0"],
      ] as const) {
        await page.goto(path);
        await expect(page.getByRole("heading", { level: 1 })).toBeVisible(SLOW);
        await settled(page);
        await screenshot(page, `screens/${name}-${size.label}`);
        await fitsTheScreen(page);
      }
    });
  }
});
