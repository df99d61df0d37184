import { expect, test, type APIRequestContext, type Page } from "@playwright/test";
import { Shell, screenshot } from "./support/pages";

/**
 * Every page, looked at: a full-page screenshot at a laptop's and a phone's size (e2e/screenshots/,
 * git-ignored), and at the phone's width no page may be wider than the screen — tables and long
 * expressions scroll inside their own box, never the whole document. Plus the shell's own
 * behaviour: the menu button below 900 px, the styled 404, and the unsaved-changes guard.
 */

const SIZES = [
  { label: "desktop", width: 1440, height: 900 },
  { label: "phone", width: 390, height: 844 },
] as const;

interface Screen {
  name: string;
  /** The address, or how to find one in the demo data. */
  path: string | ((request: APIRequestContext) => Promise<string | null>);
  heading: string | RegExp;
}

async function first<T>(request: APIRequestContext, url: string): Promise<T | null> {
  const res = await request.get(url);
  expect(res.ok(), `${url}: ${res.status()}`).toBeTruthy();
  const items = (await res.json()) as T[];
  return items[0] ?? null;
}

const SCREENS: Screen[] = [
  { name: "zones", path: "/zones", heading: "Zones" },
  { name: "zone-detail", path: "/zones/eu-central", heading: "eu-central" },
  { name: "zone-new", path: "/zones/new", heading: "New zone" },
  { name: "realms", path: "/zones/eu-central/realms", heading: /Realms of/ },
  { name: "rovers", path: "/rovers", heading: "Rovers" },
  {
    name: "rover-detail",
    path: async (request) => {
      const rover = await first<{ id: string }>(request, "/api/v1/rovers?zone=eu-central&limit=1");
      return rover && `/rovers/${rover.id}`;
    },
    heading: /./,
  },
  { name: "rover-new", path: "/rovers/new", heading: "New rover" },
  { name: "tenants", path: "/tenants", heading: "Tenants" },
  { name: "tenant-detail", path: "/tenants/diku", heading: "diku" },
  { name: "entitlements", path: "/entitlements", heading: "Entitlements" },
  { name: "routes", path: "/routes", heading: "Routes" },
  {
    name: "route-detail",
    path: async (request) => {
      const route = await first<{ zone: string; name: string }>(
        request,
        "/api/v1/routes?zone=eu-central&status=active&limit=1",
      );
      return route && `/routes/${route.zone}/${route.name}`;
    },
    heading: /./,
  },
  {
    name: "simulator",
    path: "/simulate?zone=eu-central&method=GET&host=eu-central.gw.example.com&path=/capabilities&tenant=diku",
    heading: "Request simulator",
  },
  { name: "playground", path: "/playground", heading: "Expression playground" },
  { name: "topology", path: "/topology", heading: "Topology" },
  { name: "publish", path: "/publish", heading: "Publish" },
  { name: "publish-zone", path: "/publish/zones/eu-central", heading: /Publish eu-central/ },
  { name: "publish-history", path: "/publish/history", heading: "Publish history" },
  {
    name: "publish-detail",
    path: async (request) => {
      const publish = await first<{ id: string }>(request, "/api/v1/publishes?limit=1");
      return publish && `/publish/history/${publish.id}`;
    },
    heading: "Publish",
  },
  { name: "audit", path: "/audit", heading: "Audit trail" },
  { name: "admin-users", path: "/admin/users", heading: "Users" },
  { name: "admin-tokens", path: "/admin/tokens", heading: "API tokens" },
  { name: "account", path: "/account", heading: "Account" },
  { name: "not-found", path: "/no-such-page", heading: "Nothing here" },
];

/** The elements that stick out past the right edge of the screen, for a failure message that says where. */
async function overflowing(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const limit = window.innerWidth;
    const out: string[] = [];
    for (const el of Array.from(document.querySelectorAll("body *"))) {
      const box = el.getBoundingClientRect();
      if (box.right <= limit + 0.5 || box.width === 0) continue;
      // Inside a box that scrolls or clips sideways, sticking out is the point — unless the element is
      // positioned against something outside that box (sr-only text in a table cell, a popover).
      let clipped = false;
      const positioned = ["absolute", "fixed"].includes(getComputedStyle(el).position);
      for (let p = el.parentElement; p && p !== document.body && !positioned; p = p.parentElement) {
        const overflowX = getComputedStyle(p).overflowX;
        if (overflowX !== "visible") {
          clipped = true;
          break;
        }
      }
      if (clipped) continue;
      const id = el.id ? `#${el.id}` : "";
      const cls = typeof el.className === "string" ? `.${el.className.trim().split(/\s+/).slice(0, 4).join(".")}` : "";
      out.push(`${el.tagName.toLowerCase()}${id}${cls} right=${Math.round(box.right)}`);
      if (out.length >= 8) break;
    }
    return out;
  });
}

for (const size of SIZES) {
  test.describe(`every page at ${size.width}×${size.height}`, () => {
    test.use({ viewport: { width: size.width, height: size.height } });
    // A cold `next dev` (E2E_BASE_URL) compiles each page on first sight.
    test.describe.configure({ timeout: 120_000 });

    for (const screen of SCREENS) {
      test(`${screen.name} (${size.label})`, async ({ page, request }) => {
        const path = typeof screen.path === "string" ? screen.path : await screen.path(request);
        test.skip(path === null, `the demo data has no ${screen.name} to open`);
        await page.goto(path!);
        await expect(page.getByRole("heading", { level: 1, name: screen.heading }).first()).toBeVisible({ timeout: 30_000 });
        // Let the queries the page starts answer, so the picture shows data, not skeletons.
        // (components/ui/skeleton.tsx is the only thing that pulses.)
        await expect(page.locator(".animate-pulse")).toHaveCount(0, { timeout: 30_000 });
        await page.waitForLoadState("networkidle", { timeout: 15_000 }).catch(() => {});
        await screenshot(page, `screens/${screen.name}-${size.label}`);
        if (size.label === "phone") {
          const { scrollWidth, innerWidth } = await page.evaluate(() => ({
            scrollWidth: document.documentElement.scrollWidth,
            innerWidth: window.innerWidth,
          }));
          expect(
            scrollWidth,
            `${path} is ${scrollWidth} px wide at ${innerWidth} px; sticking out: ${(await overflowing(page)).join(", ")}`,
          ).toBeLessThanOrEqual(innerWidth);
        }
      });
    }
  });
}

test.describe("shell", () => {
  test("below 900 px the navigation sits behind a menu button that Escape and navigation close", async ({
    page,
  }) => {
    await page.setViewportSize({ width: 390, height: 844 });
    const shell = new Shell(page);
    await page.goto("/zones");
    const menu = page.getByRole("button", { name: "Open menu" });
    await expect(menu).toHaveAttribute("aria-expanded", "false");
    await expect(shell.nav).toBeHidden();

    await menu.click();
    const close = page.getByRole("button", { name: "Close menu" });
    await expect(close).toHaveAttribute("aria-expanded", "true");
    await expect(shell.nav).toBeVisible();
    await expect(shell.link("Zones")).toBeFocused();
    await screenshot(page, "screens/menu-open-phone");
    await page.keyboard.press("Escape");
    await expect(shell.nav).toBeHidden();
    await expect(menu).toBeFocused();

    await menu.click();
    await shell.link("Tenants").click();
    await expect(page).toHaveURL(/\/tenants$/);
    await expect(page.getByRole("heading", { level: 1, name: "Tenants" })).toBeVisible();
    await expect(shell.nav).toBeHidden();
    await expect(page.getByRole("button", { name: "Open menu" })).toHaveAttribute("aria-expanded", "false");
  });

  test("from 900 px the navigation is a column and there is no menu button", async ({ page }) => {
    await page.setViewportSize({ width: 900, height: 800 });
    await page.goto("/zones");
    await expect(new Shell(page).nav).toBeVisible();
    await expect(page.getByRole("button", { name: "Open menu" })).toBeHidden();
  });

  test("a missing entity gets the styled 404 inside the shell, with nothing to delete", async ({ page }) => {
    const res = await page.goto("/zones/no-such-zone-e2e");
    expect(res?.status()).toBe(404);
    await expect(page.getByRole("heading", { level: 1, name: "Nothing here" })).toBeVisible();
    await expect(new Shell(page).nav).toBeVisible();
    await expect(page.getByRole("button", { name: "Delete" })).toHaveCount(0);
    expect((await page.goto("/rovers/not-a-uuid"))?.status()).toBe(404);
    expect((await page.goto("/tenants/no_such_tenant_e2e"))?.status()).toBe(404);
  });

  test("leaving a form with unsaved changes asks first, and stays when told to", async ({ page }) => {
    const shell = new Shell(page);
    await page.goto("/tenants/diku");
    const description = page.getByRole("textbox", { name: "Description" });
    await expect(description).toBeEditable();
    // Untouched: leaving asks nothing.
    await shell.link("Zones").click();
    await expect(page).toHaveURL(/\/zones$/);

    await page.goto("/tenants/diku");
    await description.fill("An edit nobody saved");
    const asked: string[] = [];
    page.once("dialog", (dialog) => {
      asked.push(dialog.message());
      void dialog.dismiss();
    });
    await shell.link("Zones").click();
    await expect.poll(() => asked).toEqual(["This page has unsaved changes. Leave it and lose them?"]);
    await expect(page).toHaveURL(/\/tenants\/diku$/);
    await expect(description).toHaveValue("An edit nobody saved");

    page.once("dialog", (dialog) => void dialog.accept());
    await shell.link("Zones").click();
    await expect(page).toHaveURL(/\/zones$/);
    await expect(page.getByRole("heading", { level: 1, name: "Zones" })).toBeVisible();
  });
});
