import { expect as baseExpect, test } from "@playwright/test";
import { screenshot } from "./support/pages";
import { createRover, deleteRover } from "./support/api";
import { RoutesPage, SimulatorPage } from "./support/routes";

/**
 * The routes page (filters in the URL, virtualized table, inactive routes with their reason), a
 * route's detail (expression, priority parts, downstreams, upstream, reasons) and the request
 * simulator (Kong's order, the winner, Kong's 404) on the demo estate. The one rover this spec
 * adds has a unique name and is deleted afterwards. Every spec starts signed in as the demo admin
 * (e2e/global-setup.ts).
 */
// The shared machine can be slow to answer a first request; the journeys wait a little longer than the default.
const expect = baseExpect.configure({ timeout: 20_000 });

const V2_ROOT = "mod-capabilities-2.0.0-capabilities-get-root";
const V1_ROOT = "mod-capabilities-1.0.0-capabilities-get-root";
const HOST = "eu-central.gw.example.com";

test("routes: filters live in the URL, survive a reload, and inactive routes say why", async ({
  page,
  request,
}) => {
  const app = `ledger-${Date.now().toString(36)}`;
  // ENTITLED with nobody entitled: the rules call for the route, Switchyard does not emit it.
  const { id: roverId } = await createRover(request, {
    name: app,
    version: "1.0.0",
    zone: "eu-west",
    exposures: [
      { basePath: `/${app}`, upstreams: [{ url: `http://${app}.svc:8080` }], tenantAccess: "ENTITLED" },
    ],
  });
  try {
    const routes = new RoutesPage(page);
    await routes.goto();
    await expect(routes.row(V2_ROOT)).toBeVisible();
    await expect(routes.row(V2_ROOT)).toContainText("college, diku, test");
    await screenshot(page, "routes-list");

    await routes.filter("Zone").selectOption("eu-central");
    await expect(page).toHaveURL(/[?&]zone=eu-central/);
    await expect(routes.rows.first()).toContainText("eu-central");
    expect(await routes.rows.filter({ hasNotText: "eu-central" }).count()).toBe(0);

    await routes.search.fill("capabilities-get-root");
    await expect(page).toHaveURL(/[?&]q=capabilities-get-root/);
    await expect(routes.rows).toHaveCount(2);
    await expect(routes.rows.nth(0)).toContainText(V2_ROOT);
    await expect(routes.rows.nth(1)).toContainText(V1_ROOT);

    await page.reload();
    await expect(routes.search).toHaveValue("capabilities-get-root");
    await expect(routes.filter("Zone")).toHaveValue("eu-central");
    await expect(routes.rows).toHaveCount(2);

    // The tenant filter: only the routes that name the tenant.
    await routes.page.goto("/routes?tenant=diku");
    await expect(routes.rows).toHaveCount(2);
    await expect(routes.rows.filter({ hasText: "1.0.0" })).toHaveCount(0);

    await routes.goto(`?status=inactive&application=${app}`);
    await expect(routes.filter("Status")).toHaveValue("inactive");
    const inactive = routes.rows.filter({ hasText: app });
    await expect(inactive).toHaveCount(1);
    await expect(inactive).toContainText("inactive");
    await expect(inactive).toContainText(/tenant/i);
    await screenshot(page, "routes-inactive");

    await inactive.getByRole("link").click();
    await expect(page.getByRole("alert").filter({ hasText: "Inactive: not emitted to Kong" })).toBeVisible();

    await routes.goto(`?q=no-such-route-${Date.now()}`);
    await expect(page.getByText("No route matches these filters")).toBeVisible();
    await page.getByRole("button", { name: "Clear filters" }).click();
    await expect(page).toHaveURL(/\/routes$/);
    await expect(routes.row(V2_ROOT)).toBeVisible();
  } finally {
    await deleteRover(request, roverId);
  }
});

test("route detail: pretty expression, priority parts that add up, downstreams with issuers, upstream and reasons", async ({
  page,
}) => {
  const routes = new RoutesPage(page);
  await routes.goto("?zone=eu-central");
  await routes.row(V2_ROOT).getByRole("link", { name: V2_ROOT }).click();
  await expect(page.getByRole("heading", { name: V2_ROOT, level: 1 })).toBeVisible();

  const expression = page.getByLabel(`Expression of route ${V2_ROOT}`);
  await expect(expression).toContainText('http.headers.x_okapi_tenant == "diku"');
  // Pretty-printed: one predicate per line.
  expect(((await expression.textContent()) ?? "").split("\n").length).toBeGreaterThan(3);

  const parts = page.getByRole("table", { name: "Priority parts" });
  for (const field of ["tenant", "exactPath", "literalLength", "pattern", "methods", "tieBreak"]) {
    await expect(parts.getByRole("rowheader", { name: field })).toBeVisible();
  }
  await expect(parts.getByRole("row", { name: /tenant/ }).first()).toContainText("ENTITLED");
  await expect(parts).toContainText("Kong tries higher priorities first");

  const downstreams = page.getByRole("table", { name: "Downstreams" });
  await expect(downstreams).toContainText(HOST);
  await expect(downstreams).toContainText("/auth/realms/");
  await expect(page.getByRole("table", { name: "Upstream targets" }).getByRole("row")).toHaveCount(3);
  const reasons = page.getByRole("list", { name: "Reasons" });
  await expect(reasons).toContainText("exposure");
  await expect(reasons).toContainText("entitlement");
  await expect(page.getByRole("list", { name: "Entitled tenants" }).getByRole("link")).toHaveText([
    "college",
    "diku",
    "test",
  ]);
  await screenshot(page, "route-detail");
});

test("simulator: the entitled tenant reaches the stricter route; the URL shares and replays the simulation", async ({
  page,
}) => {
  const sim = new SimulatorPage(page);
  await sim.goto();
  await expect(sim.result).toContainText("Which route would Kong pick?");
  await sim.field("Zone").selectOption("eu-central");
  // Choosing the zone offers its gateway host.
  await expect(sim.field("Host")).toHaveValue(HOST);
  await sim.field("Path").fill("/capabilities");
  await sim.field("Tenant header").fill("diku");
  await page.getByRole("button", { name: "Simulate" }).click();

  await expect(page).toHaveURL(/tenant=diku/);
  await expect(sim.verdict).toHaveAttribute("data-matched", "true");
  await expect(sim.verdict).toContainText(V2_ROOT);
  await expect(sim.candidate(V2_ROOT)).toContainText("winner");
  await expect(sim.result.getByRole("region", { name: "Request as Kong sees it" })).toContainText('"diku"');

  // university is not entitled to 2.0.0: it fails the tenant predicate and falls through to 1.0.0 (ANY).
  await sim.field("Tenant header").fill("university");
  await page.getByRole("button", { name: "Simulate" }).click();
  await expect(sim.verdict).toContainText(V1_ROOT);
  const loser = sim.candidate(V2_ROOT);
  await expect(loser).toContainText("no match");
  await expect(loser).toContainText("http.headers.x_okapi_tenant");
  await loser.getByRole("button", { name: `Why ${V2_ROOT} did not match` }).click();
  await expect(page.getByRole("group", { name: `Why ${V2_ROOT} did not match` })).toContainText(
    '"university"',
  );
  await page.evaluate(() => window.scrollTo(0, 0));
  await screenshot(page, "simulator-match");

  const shared = page.url();
  await page.goto("about:blank");
  await page.goto(shared);
  await expect(sim.field("Tenant header")).toHaveValue("university");
  await expect(sim.verdict).toContainText(V1_ROOT);
});

test("simulator: no match reads like Kong's 404, with the first failed predicate of every route", async ({
  page,
}) => {
  const sim = new SimulatorPage(page);
  await sim.goto(`?zone=eu-central&method=GET&host=${HOST}:8443&path=/x/..//capabilities`);
  await expect(sim.verdict).toHaveAttribute("data-matched", "false");
  await expect(sim.verdict).toContainText("404");
  await expect(sim.verdict).toContainText("no Route matched with those values");
  // Kong's normalization: port removed, dot segments and double slashes resolved.
  const seen = sim.result.getByRole("region", { name: "Request as Kong sees it" });
  await expect(seen).toContainText(`"${HOST}"`);
  await expect(seen).toContainText('"/capabilities"');
  const rows = sim.candidates.locator("tbody tr");
  const count = await rows.count();
  expect(count).toBeGreaterThan(2);
  for (let i = 0; i < count; i++) await expect(rows.nth(i)).toContainText("no match");
  await screenshot(page, "simulator-no-match");
});

test("routes: the first rows arrive with the page's HTML, filtered as its URL says", async ({ page }) => {
  // The HTML the server sends, before any script runs: the rows are rendered in it (as links, not
  // only as data for the scripts), so the table needs no request after hydration to show them.
  const html = await (await page.request.get("/routes?zone=eu-central&q=capabilities")).text();
  const rowLink = (name: string) => new RegExp(`<a[^>]*href="/routes/eu-central/${name.replace(/\./g, "\\.")}"`);
  expect(html).toMatch(rowLink(V2_ROOT));
  expect(html).toMatch(rowLink(V1_ROOT));
  expect(html).not.toMatch(rowLink("orders-1.4.2-orders"));
  // Hydrated, the table keeps those rows and answers the filter bar as before.
  const routes = new RoutesPage(page);
  await page.goto("/routes?zone=eu-central&q=capabilities");
  await expect(page.locator('table[aria-label="Routes"][data-hydrated]')).toBeVisible();
  await expect(routes.row(V2_ROOT)).toBeVisible();
  await expect(routes.row("orders-1.4.2-orders")).toHaveCount(0);
});
