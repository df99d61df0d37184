import {
  expect as baseExpect,
  test,
  type APIRequestContext,
  type Locator,
  type Page,
} from "@playwright/test";

// A publish page plans against live Kong and checks drift on load: give it time on a busy machine.
const expect = baseExpect.configure({ timeout: 30_000 });

/**
 * Issue #5's end-to-end proof, through the browser: `university` is granted mod-capabilities
 * 2.0.0 on the entitlements page, eu-central's publish page previews the change and publishes it,
 * and a request through the Kong stand-in's proxy with `x-okapi-tenant: university` reaches 2.0.0's
 * upstream — where before the publish Kong answered its 404. Then the grant is revoked again, the
 * preview shows the expression diff, a hand edit in Kong shows up as drift, and the publish repairs it.
 *
 * The stand-in runs beside the server under test (`--e2e`: proxy 8100); E2E_KONG_PROXY_URL points
 * elsewhere for a developer's own stand-in. The zone's Admin API comes from the zone itself.
 */
const PROXY = process.env.E2E_KONG_PROXY_URL ?? "http://127.0.0.1:8100";
const ZONE = "eu-central";
const HOST = "eu-central.gw.example.com";
const GRANT = { tenant: "university", application: "mod-capabilities", version: "2.0.0" };
const DEMO_ADMIN = { email: "admin@switchyard.local", password: "switchyard-demo" };

async function signIn(page: Page, baseURL: string): Promise<void> {
  const probe = await page.request.get("/api/v1/zones?limit=1");
  if (probe.ok()) return;
  const res = await page.request.post("/api/auth/sign-in/email", {
    data: DEMO_ADMIN,
    headers: { origin: baseURL },
  });
  expect(res.ok(), await res.text()).toBeTruthy();
}

async function revokeGrant(request: APIRequestContext, baseURL: string): Promise<void> {
  const res = await request.post("/api/v1/entitlements/batch", {
    data: { revoke: [GRANT] },
    headers: { origin: baseURL },
  });
  expect(res.ok(), await res.text()).toBeTruthy();
}

/** A request through Kong's proxy port, as a client of eu-central's gateway would send it. */
async function throughKong(request: APIRequestContext, tenant: string) {
  const res = await request.get(`${PROXY}/capabilities/42`, {
    headers: { host: HOST, "x-okapi-tenant": tenant },
  });
  const text = await res.text();
  return {
    status: res.status(),
    route: res.headers()["x-switchyard-route"] ?? null,
    body: text ? (JSON.parse(text) as Record<string, unknown>) : {},
  };
}

async function screenshot(page: Page, name: string, fullPage = true): Promise<void> {
  await page.waitForTimeout(300);
  await page.screenshot({ path: `e2e/screenshots/${name}.png`, fullPage });
}

class ZonePublishPage {
  readonly publishButton: Locator;
  readonly routes: Locator;
  readonly kongEntities: Locator;
  readonly drift: Locator;
  readonly progress: Locator;
  constructor(
    readonly page: Page,
    readonly zone = ZONE,
  ) {
    this.publishButton = page.getByRole("button", { name: `Publish ${zone}`, exact: true });
    this.routes = page.getByRole("region", { name: "Routes" });
    this.kongEntities = page.getByRole("region", { name: "Kong entities" });
    this.drift = page.getByRole("region", { name: "Drift" });
    this.progress = page.getByRole("progressbar", { name: `Publish of ${zone}` });
  }
  async goto(): Promise<void> {
    await this.page.goto(`/publish/zones/${this.zone}`);
    await expect(this.page.getByRole("heading", { name: `Publish ${this.zone}`, level: 1 })).toBeVisible();
    await expect(this.publishButton).toBeEnabled();
  }
  async publish(): Promise<void> {
    await this.publishButton.click();
    const dialog = this.page.getByRole("dialog", { name: `Publish ${this.zone}?` });
    await expect(dialog).toBeVisible();
    await dialog.getByRole("button", { name: "Publish", exact: true }).click();
    // Generous waits: a shared 2-core machine can take a while to answer.
    await expect(this.progress).toBeVisible({ timeout: 30_000 });
    await expect(
      this.page.getByRole("region", { name: "Publish progress" }).getByText("Succeeded"),
    ).toBeVisible({ timeout: 30_000 });
    const total = await this.progress.getAttribute("aria-valuemax");
    await expect(this.progress).toHaveAttribute("aria-valuenow", total!);
  }
}

async function setEntitlement(page: Page, checked: boolean): Promise<void> {
  await page.goto("/entitlements");
  await expect(page.getByRole("heading", { name: "Entitlements", level: 1 })).toBeVisible();
  await page.getByRole("searchbox", { name: "Filter tenants" }).fill("university");
  await page.getByRole("searchbox", { name: "Filter applications" }).fill("mod-capabilities");
  const cell = page
    .getByRole("table", { name: "Entitlements by tenant and application version" })
    .getByRole("checkbox", { name: "university entitled to mod-capabilities 2.0.0" });
  await expect(cell).toBeChecked({ checked: !checked });
  await cell.click();
  await page
    .getByRole("region", { name: "Pending entitlement changes" })
    .getByRole("button", { name: /^Apply/ })
    .click();
  await expect(page.locator("[data-sonner-toast]").filter({ hasText: "Entitlements updated" })).toBeVisible();
}

test.describe("publish to Kong", () => {
  test("grant university 2.0.0, preview, publish eu-central: the stand-in's proxy routes university to 2.0.0; revoke, hand edit, drift repaired", async ({
    page,
    baseURL,
  }) => {
    test.setTimeout(300_000);
    await signIn(page, baseURL!);
    const request = page.request;
    const zone = (await (await request.get(`/api/v1/zones/${ZONE}`)).json()) as { kongAdminUrl: string };
    const admin = zone.kongAdminUrl.replace(/\/+$/, "");
    let handMade: string | null = null;
    // Start from a Kong node with nothing on it (another journey may have published eu-central) and no grant.
    await request.delete(`${admin}/_zone`);
    await revokeGrant(request, baseURL!);
    try {
      const before = await throughKong(request, "university");
      expect(before.status).toBe(404);
      expect(before.body).toEqual({ message: "no Route matched with those values" });

      await setEntitlement(page, true);

      await page.goto("/publish");
      await expect(page.getByRole("heading", { name: "Publish", level: 1 })).toBeVisible();
      const row = page
        .getByRole("table", { name: "Zones to publish" })
        .getByRole("row")
        .filter({ hasText: ZONE })
        .first();
      await expect(row).toBeVisible();
      await row.getByRole("link", { name: `Review and publish ${ZONE}` }).click();

      await page.waitForURL(`**/publish/zones/${ZONE}`, { timeout: 30_000 });
      const publishPage = new ZonePublishPage(page);
      await expect(page.getByRole("heading", { name: `Publish ${ZONE}`, level: 1 })).toBeVisible();
      await expect(publishPage.publishButton).toBeEnabled();
      // Kong was emptied, so the plan creates every entity, the 2.0.0 routes (now with university) among them.
      // (The route diff is against the last publish in the database; on a fresh demo database that is none.)
      await expect(publishPage.routes).toContainText(/routes? differ|No route changed/);
      await expect(publishPage.kongEntities).toContainText("mod-capabilities-2.0.0-capabilities-get-id");
      await expect(publishPage.kongEntities.getByLabel(/^Step \d+: routes$/)).toBeVisible();
      await screenshot(page, "publish-zone-preview");

      await publishPage.publish();
      await screenshot(page, "publish-zone-done");

      const after = await throughKong(request, "university");
      expect(after.status).toBe(200);
      expect(after.route).toContain("mod-capabilities-2.0.0");
      expect(String(after.body.upstream)).toMatch(/mod-capabilities-v2-(blue|green)/);
      // Tenants not entitled to 2.0.0 still reach 1.0.0 (its ANY route): the stricter route wins only for entitled ones.
      expect((await throughKong(request, "someone_else")).route).toContain("mod-capabilities-1.0.0");

      // Revoke again: the preview shows the tenant clause leaving each 2.0.0 expression.
      await setEntitlement(page, false);
      await publishPage.goto();
      const changed = publishPage.routes.getByRole("group", { name: "Changed routes" });
      await expect(changed).toBeVisible();
      await expect(
        changed.getByLabel(/^Expression diff of route mod-capabilities-2\.0\.0/).first(),
      ).toContainText('"university"');

      // A hand edit in Kong (priority of a managed route) and an unmanaged route someone added.
      const routes = (await (await request.get(`${admin}/routes?tags=zone:${ZONE}&size=1000`)).json()) as {
        data: { id: string; name: string }[];
      };
      const target = routes.data.find((r) => r.name.startsWith("mod-capabilities-1.0.0"))!;
      expect(
        (await request.patch(`${admin}/routes/${target.id}`, { data: { priority: 1 } })).ok(),
      ).toBeTruthy();
      const created = await request.post(`${admin}/routes`, {
        data: { name: "ops-healthz", expression: 'http.path == "/healthz-ops"', tags: ["ops"] },
      });
      expect(created.status()).toBe(201);
      handMade = ((await created.json()) as { id: string }).id;
      await page.reload();
      await expect(publishPage.drift.getByRole("list", { name: "Hand-made changes" })).toContainText(
        target.name,
      );
      // Counted, not named: the node's answer is not passed on field by field.
      await expect(publishPage.drift.getByText(/\b\d+ routes?(, |; |\.)/)).toBeVisible();
      await screenshot(page, "publish-zone-diff-and-drift");

      await publishPage.publish();
      await expect(publishPage.drift.getByText("in sync")).toBeVisible();
      await expect(publishPage.drift.getByText(/\b\d+ routes?(, |; |\.)/)).toBeVisible();
      const back = await throughKong(request, "university");
      expect(back.route).toContain("mod-capabilities-1.0.0");
    } finally {
      if (handMade) await request.delete(`${admin}/routes/${handMade}`);
      await revokeGrant(request, baseURL!);
    }
  });

  test("a permanent error stops the publish with what was and wasn't applied, the next one finishes; history, and one-click re-publish of an earlier snapshot after its preview", async ({
    page,
    baseURL,
  }) => {
    test.setTimeout(300_000);
    await signIn(page, baseURL!);
    const request = page.request;
    const headers = { origin: baseURL! };
    const name = `pub-stop-${Date.now().toString(36)}`;
    const central = (await (await request.get(`/api/v1/zones/${ZONE}`)).json()) as { kongAdminUrl: string };
    const admin = `${central.kongAdminUrl.replace(/\/[^/]+\/?$/, "")}/${name}`;
    const zone = await request.post("/api/v1/zones", {
      headers,
      data: {
        name,
        visibility: "ENTERPRISE",
        gatewayUrl: `https://${name}.gw.e2e.example.com`,
        identityProviderUrl: `https://iam.${name}.e2e.example.com`,
        enforceIssuers: false,
        kongAdminUrl: admin,
      },
    });
    expect(zone.status(), await zone.text()).toBe(201);
    try {
      const rover = await request.post("/api/v1/rovers", {
        headers,
        data: {
          name: "stock",
          version: "1.0.0",
          zone: name,
          exposures: [
            {
              basePath: "/stock",
              upstreams: [{ url: `http://stock.${name}.svc.cluster.local:8080` }],
              visibility: "WORLD",
              tenantAccess: "NONE",
              endpoints: [
                { methods: ["GET"], path: "/" },
                { methods: ["GET"], path: "/{sku}" },
              ],
            },
          ],
        },
      });
      expect(rover.status(), await rover.text()).toBe(201);
      // A route made by hand in Kong, without Switchyard's tags, holding the name of one of ours.
      const blocker = await request.post(`${admin}/routes`, {
        data: { name: "stock-1.0.0-stock-get-sku", expression: 'http.path == "/mine"', tags: ["team-c"] },
      });
      expect(blocker.status()).toBe(201);
      const blockerId = ((await blocker.json()) as { id: string }).id;

      const publishPage = new ZonePublishPage(page, name);
      await publishPage.goto();
      await publishPage.publishButton.click();
      await page
        .getByRole("dialog", { name: `Publish ${name}?` })
        .getByRole("button", { name: "Publish", exact: true })
        .click();
      const stop = page.getByRole("region", { name: "Publish progress" }).getByRole("alert");
      await expect(stop).toContainText("The publish stopped at a permanent error");
      await expect(stop).toContainText("Stopped at create route stock-1.0.0-stock-get-sku");
      await expect(stop).toContainText(/\d+ applied, 1 failed, \d+ not applied/);
      await page.getByText("Each write's outcome").click();
      await expect(
        page.getByRole("region", { name: "Publish progress" }).getByText("failed", { exact: true }),
      ).toBeVisible();
      await screenshot(page, "publish-zone-stopped");

      // The operator removes the blocker; publishing again plans against what Kong holds and finishes.
      expect((await request.delete(`${admin}/routes/${blockerId}`)).status()).toBe(204);
      await publishPage.goto();
      await publishPage.publish();
      const routes = (await (await request.get(`${admin}/routes?size=1000`)).json()) as {
        data: { name: string }[];
      };
      expect(routes.data.map((r) => r.name).sort()).toEqual([
        "stock-1.0.0-stock-get-root",
        "stock-1.0.0-stock-get-sku",
      ]);

      // A second application goes live (published through the API); then the history shows all three
      // publishes, and re-publishing the earlier snapshot is previewed first (its routes leave) and done in one click.
      const second = await request.post("/api/v1/rovers", {
        headers,
        data: {
          name: "pricing",
          version: "2.1.0",
          zone: name,
          exposures: [
            {
              basePath: "/pricing",
              upstreams: [{ url: `http://pricing.${name}.svc.cluster.local:8080` }],
              visibility: "WORLD",
              tenantAccess: "ANY",
            },
          ],
        },
      });
      expect(second.status(), await second.text()).toBe(201);
      const third = await request.post(`/api/v1/zones/${name}/publish?wait=true`, { headers });
      expect(((await third.json()) as { status: string }).status).toBe("SUCCEEDED");

      await page.goto(`/publish/history?zone=${name}`);
      const history = page.getByRole("table", { name: "Publishes" });
      await expect(history.getByRole("row")).toHaveCount(4);
      await expect(history.getByRole("row").nth(3)).toContainText("Stopped");
      await screenshot(page, "publish-history");
      await history.getByRole("row").nth(2).getByRole("link").first().click();
      await page.waitForURL(/\/publish\/history\/[0-9a-f-]{36}$/, { timeout: 30_000 });
      const writes = page.getByRole("region", { name: "Kong writes" });
      await expect(writes.getByText("applied", { exact: true }).first()).toBeVisible();
      await screenshot(page, "publish-detail");

      await page.getByRole("button", { name: "Re-publish this snapshot" }).click();
      const rollback = page.getByRole("dialog", { name: `Re-publish this snapshot to ${name}?` });
      await expect(rollback.getByRole("group", { name: "Removed routes" })).toContainText(
        "pricing-2.1.0-pricing",
      );
      const confirm = rollback.getByRole("button", { name: /^Re-publish \(\d+ writes\)$/ });
      await expect(confirm).toBeEnabled();
      // The dialog is fixed to the viewport: a full-page picture would cut its backdrop off.
      await screenshot(page, "publish-rollback-preview", false);
      await confirm.click();
      await page.waitForURL(new RegExp(`/publish/zones/${name}\\?watch=`), { timeout: 30_000 });
      await expect(
        page.getByRole("region", { name: "Publish progress" }).getByText("Succeeded"),
      ).toBeVisible();
      const after = (await (await request.get(`${admin}/routes?size=1000`)).json()) as {
        data: { name: string }[];
      };
      expect(after.data.map((r) => r.name).sort()).toEqual([
        "stock-1.0.0-stock-get-root",
        "stock-1.0.0-stock-get-sku",
      ]);

      // The overview: every zone's last publish and whether its Kong still matches it.
      await page.goto("/publish");
      const overview = page.getByRole("table", { name: "Zones to publish" });
      await expect(overview.getByRole("row").filter({ hasText: name })).toContainText("Succeeded", {
        timeout: 60_000,
      });
      await expect(overview.locator(".animate-pulse")).toHaveCount(0, { timeout: 60_000 });
      await screenshot(page, "publish-overview");
    } finally {
      await request.delete(`/api/v1/zones/${name}?cascade=true`, { headers });
      await request.delete(`${admin}/_zone`);
    }
  });
});
