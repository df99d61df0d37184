import { test, type Page } from "@playwright/test";
import { createRover, deleteRover, uniqueName } from "./support/api";
import { screenshot, Shell } from "./support/pages";
import { RoutesPage, SimulatorPage } from "./support/routes";
import {
  expect,
  findRover,
  patchRover,
  RealmsPage,
  routeRowIn,
  routeRows,
  TopologyPage,
} from "./support/stories";

/**
 * The two source documents, replayed through the browser.
 *
 * - The DTC pull request: a subscriber turns failover on, so the API it uses moves to the `dtc`
 *   realm and gains failover routes in the DTC-eligible zones; realms, routes and topology all show it.
 *   The spec brings its own provider and subscriber (unique names) and deletes them at the end.
 * - The tenant-routing spike: GET /capabilities for the tenants entitled to mod-capabilities 2.0.0
 *   (test, college, diku). With 1.0.0 for entitled tenants only (nobody), `university` gets Kong's
 *   404; switching 1.0.0 to ANY (the spike's feature flag) lets it through, while entitled tenants
 *   keep reaching the stricter 2.0.0 route. It edits the demo's mod-capabilities 1.0.0 and puts
 *   the demo data back in `finally`.
 */

const CAPABILITIES = "/capabilities";
const V1_ROOT = "mod-capabilities-1.0.0-capabilities-get-root";
const V2_ROOT = "mod-capabilities-2.0.0-capabilities-get-root";
const EU_CENTRAL_HOST = "eu-central.gw.example.com";

// Every spec starts signed in as the demo admin (e2e/global-setup.ts). Each journey crosses many pages and waits for a
// compile after every change; a dev server on a busy machine is slow.
test.beforeEach(() => {
  test.setTimeout(360_000);
});

async function saveRover(page: Page, label: RegExp): Promise<void> {
  await page.getByRole("button", { name: "Save rover" }).click();
  await expect(new Shell(page).toast(label)).toBeVisible();
}

test("DTC story: failover on a subscriber moves the API to realm dtc and adds failover routes in DTC-eligible zones", async ({
  page,
}) => {
  const app = uniqueName("ledger");
  const basePath = `/${app}`;
  const subscriberName = uniqueName("payroll");
  const { id: providerId } = await createRover(page.request, {
    name: app,
    version: "1.0.0",
    zone: "eu-central",
    exposures: [
      { basePath, upstreams: [{ url: `http://${app}.eu-central.svc:8080` }], visibility: "ENTERPRISE" },
    ],
  });
  const { id: subscriberId } = await createRover(page.request, {
    name: subscriberName,
    version: "2.0.0",
    zone: "eu-west",
    subscriptions: [{ basePath, approved: true }],
  });
  try {
    // Before: a plain subscription. The real route in eu-central and the proxy in eu-west are on the default realm.
    const routes = new RoutesPage(page);
    const rows = routeRows(page);
    await routes.goto(`?application=${app}`);
    await expect(rows).toHaveCount(2);
    await expect(routeRowIn(page, "eu-central")).toContainText("real");
    await expect(routeRowIn(page, "eu-west")).toContainText("proxy");
    await expect(rows.filter({ hasText: "realm dtc" })).toHaveCount(0);

    const topology = new TopologyPage(page);
    await topology.goto(basePath);
    await expect(topology.panel(basePath).getByRole("status", { name: "Realm of the API" })).toContainText(
      "default",
    );
    await expect(topology.zone("eu-central")).toHaveAccessibleName(/serves: real on default/);
    await expect(topology.zone("eu-west")).toHaveAccessibleName(/serves: proxy on default/);
    await expect(topology.zone("eu-north")).toHaveAccessibleName(/serves nothing here/);
    await screenshot(page, "story-dtc-topology-before");

    // The operator turns failover on in the subscriber's rover form.
    await page.goto(`/rovers/${subscriberId}`);
    const failover = page.getByRole("switch", { name: "Failover enabled" });
    await expect(failover).toHaveAttribute("aria-checked", "false");
    await failover.click();
    await expect(failover).toHaveAttribute("aria-checked", "true");
    await screenshot(page, "story-dtc-rover-failover");
    await saveRover(page, new RegExp(`${subscriberName} 2.0.0 saved`));

    // Routes: every route of the API is on dtc, and eu-north (DTC-eligible, no subscriber) serves it as failover.
    await routes.goto(`?application=${app}`);
    await expect(rows).toHaveCount(3);
    await expect(routeRowIn(page, "eu-north")).toContainText("failover");
    for (const zone of ["eu-central", "eu-west", "eu-north"]) {
      await expect(routeRowIn(page, zone)).toContainText("realm dtc");
    }
    // us-east has a DTC URL but WORLD visibility: not DTC-eligible, so no failover route there.
    await expect(routeRowIn(page, "us-east")).toHaveCount(0);
    await screenshot(page, "story-dtc-routes");

    // Realms: eu-north's dtc realm now carries the API, with every URL beside its owner's issuer.
    const realms = new RealmsPage(page);
    await realms.goto("eu-north");
    await expect(realms.dtcStatus).toContainText("DTC-eligible");
    const dtc = realms.realm("dtc");
    await expect(dtc).toContainText(basePath);
    const entries = dtc.getByRole("row").filter({ hasText: "dtc.example.com" });
    await expect(entries.filter({ hasText: "https://eu-west.dtc.example.com" })).toContainText(
      "https://iam.eu-west.example.com/auth/realms/default",
    );
    await expect(realms.served(basePath)).toContainText("failover");
    await expect(realms.served(basePath)).toContainText("on dtc");
    await screenshot(page, "story-dtc-realms-eu-north");

    // Topology: the picture and the matrix agree.
    await topology.goto(basePath);
    await expect(topology.panel(basePath).getByRole("status", { name: "Realm of the API" })).toContainText(
      `On dtc because ${subscriberName}@2.0.0 (eu-west)`,
    );
    await expect(topology.zone("eu-central")).toHaveAccessibleName(/serves: real on dtc/);
    await expect(topology.zone("eu-west")).toHaveAccessibleName(/serves: proxy on dtc/);
    await expect(topology.zone("eu-north")).toHaveAccessibleName(/serves: failover on dtc/);
    await expect(topology.zone("us-east")).toHaveAccessibleName(/not DTC-eligible, serves nothing here/);
    await topology.readColumns();
    await expect(topology.cell(basePath, "eu-north")).toContainText("failover");
    await expect(topology.cell(basePath, "ap-south")).not.toContainText(/real|proxy|failover/);
    await screenshot(page, "story-dtc-topology-after");
  } finally {
    await deleteRover(page.request, subscriberId);
    await deleteRover(page.request, providerId);
  }
});

test("tenant story: the spike's GET /capabilities for test, college and diku; ANY lets university through, the stricter route still wins", async ({
  page,
}) => {
  const v1 = await findRover(page.request, "mod-capabilities", "1.0.0");
  const original = v1.exposures;
  const sim = new SimulatorPage(page);

  async function simulate(tenant: string): Promise<void> {
    await sim.goto(
      `?zone=eu-central&method=GET&scheme=https&host=${EU_CENTRAL_HOST}&path=${CAPABILITIES}&tenant=${tenant}`,
    );
    await expect(sim.field("Tenant header")).toHaveValue(tenant);
    await expect(sim.verdict).toBeVisible();
  }

  async function setTenantAccess(access: "ANY" | "ENTITLED"): Promise<void> {
    await page.goto(`/rovers/${v1.id}`);
    const select = page
      .getByRole("form", { name: "Edit rover mod-capabilities 1.0.0" })
      .getByLabel("Tenant access");
    await select.selectOption(access);
    await saveRover(page, /mod-capabilities 1.0.0 saved/);
  }

  try {
    // The spike's starting point: routes for entitled tenants only; nobody is entitled to 1.0.0.
    await setTenantAccess("ENTITLED");
    await screenshot(page, "story-tenant-rover-entitled");

    // 2.0.0's route is the spike's expression: GET /capabilities for test, college and diku.
    await page.goto(`/routes/eu-central/${V2_ROOT}`);
    const expression = page.getByLabel(`Expression of route ${V2_ROOT}`);
    await expect(expression).toContainText('http.path == "/capabilities"');
    await expect(expression).toContainText('http.method == "GET"');
    for (const tenant of ["test", "college", "diku"]) {
      await expect(expression).toContainText(`http.headers.x_okapi_tenant == "${tenant}"`);
    }
    await expect(expression).not.toContainText("university");
    await screenshot(page, "story-tenant-route-detail");

    // 1.0.0 is listed as inactive, with why — never emitted as a wildcard.
    const routes = new RoutesPage(page);
    await routes.goto(`?zone=eu-central&q=${V1_ROOT}`);
    await expect(
      routeRows(page).filter({ has: page.getByRole("link", { name: V1_ROOT, exact: true }) }),
    ).toContainText("inactive");

    await simulate("university");
    await expect(sim.verdict).toHaveAttribute("data-matched", "false");
    await expect(sim.verdict).toContainText("no Route matched with those values");
    await screenshot(page, "story-tenant-university-404");

    await simulate("diku");
    await expect(sim.verdict).toHaveAttribute("data-matched", "true");
    await expect(sim.verdict).toContainText(V2_ROOT);

    // The spike's feature flag: 1.0.0 takes any tenant.
    await setTenantAccess("ANY");

    await simulate("university");
    await expect(sim.verdict).toHaveAttribute("data-matched", "true");
    await expect(sim.verdict).toContainText(V1_ROOT);
    // 2.0.0 was tried first and lost on its tenant clause.
    await expect(sim.candidate(V2_ROOT)).toContainText("http.headers.x_okapi_tenant");
    await screenshot(page, "story-tenant-university-any");

    // The stricter (ENTITLED) route still wins for an entitled tenant: 1.0.0's ANY route does not shadow it.
    await simulate("diku");
    await expect(sim.verdict).toContainText(V2_ROOT);
    for (const tenant of ["college", "test"]) {
      await sim.field("Tenant header").fill(tenant);
      await page.getByRole("button", { name: "Simulate" }).click();
      await expect(page).toHaveURL(new RegExp(`tenant=${tenant}`));
      await expect(sim.verdict).toContainText(V2_ROOT);
    }
    await screenshot(page, "story-tenant-diku-stricter-wins");
  } finally {
    await patchRover(page.request, v1.id, { exposures: original });
  }
});

test("realms and topology of the demo estate", async ({ page }) => {
  const realms = new RealmsPage(page);
  // ap-south must serve /orders on dtc (billing fails over) but has no DTC URL: flagged.
  await realms.goto("ap-south");
  await expect(realms.problems).toContainText("Must serve dtc without a DTC URL");
  await expect(realms.problems).toContainText("/orders");
  await expect(realms.realm("dtc")).toHaveCount(0);
  await expect(realms.dtcStatus).toContainText("Not DTC-eligible");
  await screenshot(page, "realms-ap-south");

  // us-east: a DTC URL (member of dtc) but WORLD, so not eligible.
  await realms.goto("us-east");
  await expect(realms.dtcStatus).toContainText("Not DTC-eligible");
  await expect(realms.dtcStatus).toContainText("dtc member");

  await realms.goto("eu-central");
  await expect(realms.dtcStatus).toContainText("DTC-eligible");
  const dtc = realms.realm("dtc");
  // The zone's own gateway URL first, then every zone's DTC URL, each with its owner's issuer (never empty).
  const rows = dtc.getByRole("row");
  await expect(rows).toHaveCount(1 + 5);
  await expect(rows.nth(1)).toContainText("https://eu-central.gw.example.com");
  await expect(rows.filter({ hasText: "https://us-east.dtc.example.com" })).toContainText(
    "https://iam.us-east.example.com/auth/realms/default",
  );
  await screenshot(page, "realms-eu-central");

  // From the zone page to its realms.
  await page.goto("/zones/eu-central");
  await page.getByRole("link", { name: "Realms & topology" }).click();
  await expect(page.getByRole("heading", { name: "Realms of eu-central", level: 1 })).toBeVisible();

  const topology = new TopologyPage(page);
  await new Shell(page).link("Topology").click();
  await expect(topology.map).toBeVisible();
  await expect(topology.map).toHaveAccessibleName("Topology of all APIs");
  await screenshot(page, "topology-all");
  await page.getByRole("searchbox", { name: "Filter APIs" }).fill("orders");
  await expect(topology.matrix.getByRole("row")).toHaveCount(1 + 1);
  await expect(topology.matrix).toContainText("/orders");

  await topology.api.selectOption("/orders");
  await expect(page).toHaveURL(/api=%2Forders/);
  await expect(topology.zone("eu-north")).toHaveAccessibleName(/serves: failover on dtc/);
  // ap-south must serve /orders on dtc but has no DTC URL: the picture flags it.
  await expect(topology.zone("ap-south")).toHaveAccessibleName(
    /serves: proxy on default, problem: must serve dtc without a DTC URL/,
  );
  await expect(topology.zone("eu-central")).toHaveAccessibleName(/DTC-eligible, serves: real on dtc/);
  await screenshot(page, "topology-orders");
});
