import { readFile } from "node:fs/promises";
import { expect, test } from "@playwright/test";
import { createRover, uniqueName } from "./support/api";
import { RoverFormPage, RoverListPage, Shell, deleteDialog, screenshot } from "./support/pages";

interface RouteRow {
  name: string;
  kind: string;
  basePath: string;
}

test.describe("rovers", () => {
  test.describe.configure({ timeout: 240_000 });
  test("builds a rover with an exposure and a failover subscription, edits it and deletes it", async ({
    page,
    request,
  }) => {
    // A provider in eu-central whose API the new rover subscribes to with failover.
    const provider = uniqueName("e2e-prov");
    const providerPath = `/${provider}`;
    const { id: providerId } = await createRover(request, {
      name: provider,
      version: "1.0.0",
      zone: "eu-central",
      exposures: [{ basePath: providerPath, upstreams: [{ url: "http://provider.internal:8080" }] }],
    });
    const app = uniqueName("e2e-rov");
    const label = `${app} 1.2.0 in eu-west`;
    const shell = new Shell(page);
    const list = new RoverListPage(page);
    try {
      await list.goto();
      await expect(
        list.table.getByRole("link", { name: "orders 1.4.2 in eu-central", exact: true }),
      ).toBeVisible();
      await screenshot(page, "rovers-list");
      await page.getByRole("link", { name: "New rover" }).click();
      const form = new RoverFormPage(page, "New rover");
      await expect(form.form).toBeVisible();
      await screenshot(page, "rover-new-empty");

      // Inline validation before anything is sent.
      await form.field("Application").fill("Not A Name");
      await form.field("Version").fill("1.2");
      await form.form.getByRole("button", { name: "Add exposure" }).click();
      const exposure = form.exposure(1);
      await exposure.getByLabel("Base path", { exact: true }).fill("orders/");
      await exposure.getByLabel("Upstream 1 URL").fill("not a url");
      await form.submit("Create rover");
      await expect(await form.errorOf(form.field("Application"))).toContainText(
        "Application name must start with a lower-case letter",
      );
      await expect(await form.errorOf(form.field("Version"))).toContainText("Version must be semantic");
      await expect(await form.errorOf(form.field("Zone"))).toBeVisible();
      await expect(await form.errorOf(exposure.getByLabel("Base path", { exact: true }))).toContainText(
        "Base path must start with /",
      );
      await expect(await form.errorOf(exposure.getByLabel("Upstream 1 URL"))).toBeVisible();
      await screenshot(page, "rover-new-errors");

      await form.field("Application").fill(app);
      await form.field("Version").fill("1.2.0");
      await form.field("Zone").selectOption("eu-west");
      await exposure.getByLabel("Base path", { exact: true }).fill(`/${app}`);
      await exposure.getByLabel("Upstream 1 URL").fill("http://blue.internal:8080");
      await exposure.getByLabel("Upstream 1 weight").fill("80");
      await exposure.getByRole("button", { name: "Add upstream" }).click();
      await exposure.getByLabel("Upstream 2 URL").fill("http://green.internal:8080");
      await exposure.getByLabel("Upstream 2 weight").fill("20");
      await exposure.getByLabel("Visibility", { exact: true }).selectOption("WORLD");
      await exposure.getByLabel("Tenant access", { exact: true }).selectOption("ANY");
      await exposure.getByRole("button", { name: "Add endpoint" }).click();
      await exposure.getByLabel("Endpoint 1 path").fill("/items/{id}");
      await form.toggleMethod(1, 1, "POST");
      await expect(form.method(1, 1, "POST")).toBeChecked();
      await form.form.getByRole("button", { name: "Add subscription" }).click();
      await form.subscriptionPath(1).fill(providerPath);
      await expect(form.subscriptionApproved(1)).toHaveAttribute("aria-checked", "true");
      await expect(form.failover).toHaveAttribute("aria-checked", "false");
      await form.failover.click();
      await expect(form.failover).toHaveAttribute("aria-checked", "true");
      await screenshot(page, "rover-new-filled");
      await form.submit("Create rover");

      await expect(shell.toast(`Rover ${app} 1.2.0 created in eu-west`)).toBeVisible();
      await expect(page).toHaveURL(/\/rovers$/);
      const row = await list.find(app, label);
      await expect(row.getByText("Failover", { exact: true })).toBeVisible();
      await expect(row.getByText(providerPath)).toBeVisible();

      // What the API stored is what the form said.
      const stored = (await (await request.get(`/api/v1/rovers?name=${app}`)).json()) as Array<{
        id: string;
        failoverEnabled: boolean;
        exposures: unknown[];
        subscriptions: unknown[];
      }>;
      expect(stored).toHaveLength(1);
      expect(stored[0]).toMatchObject({
        failoverEnabled: true,
        exposures: [
          {
            basePath: `/${app}`,
            visibility: "WORLD",
            tenantAccess: "ANY",
            upstreams: [
              { url: "http://blue.internal:8080", weight: 80 },
              { url: "http://green.internal:8080", weight: 20 },
            ],
            endpoints: [{ methods: ["GET", "POST"], path: "/items/{id}" }],
          },
        ],
        subscriptions: [{ basePath: providerPath, approved: true }],
      });
      // The failover subscription puts the provider's API in eu-north (DTC-eligible, no subscriber).
      const northRoutes = (await (await request.get("/api/v1/zones/eu-north/routes")).json()) as RouteRow[];
      expect(northRoutes.filter((r) => r.basePath === providerPath).map((r) => r.kind)).toEqual(["failover"]);

      // Edit: open it from the list, switch failover off, drop the second upstream.
      await row.getByRole("link", { name: label, exact: true }).click();
      const edit = new RoverFormPage(page, `Edit rover ${app} 1.2.0`);
      await expect(edit.form).toBeVisible();
      await expect(edit.field("Application")).toHaveAttribute("readonly", "");
      // Opened fresh (no zone list cached yet), the select still shows the rover's own zone.
      await page.reload();
      await expect(edit.form).toBeVisible();
      await expect(edit.field("Zone")).toHaveValue("eu-west");
      await screenshot(page, "rover-edit");
      await edit.failover.click();
      await edit.exposure(1).getByRole("button", { name: "Remove upstream 2" }).click();
      await edit.exposure(1).getByLabel("Upstream 1 weight").fill("");
      await edit.submit("Save rover");
      await expect(await edit.errorOf(edit.exposure(1).getByLabel("Upstream 1 weight"))).toContainText(
        "Weight must be a number",
      );
      await edit.exposure(1).getByLabel("Upstream 1 weight").fill("100");
      await edit.submit("Save rover");
      await expect(shell.toast(`Rover ${app} 1.2.0 saved`)).toBeVisible();
      const saved = (await (await request.get(`/api/v1/rovers/${stored[0].id}`)).json()) as {
        failoverEnabled: boolean;
        exposures: Array<{ upstreams: unknown[] }>;
      };
      expect(saved.failoverEnabled).toBe(false);
      expect(saved.exposures[0].upstreams).toEqual([{ url: "http://blue.internal:8080", weight: 100 }]);
      const northAfter = (await (await request.get("/api/v1/zones/eu-north/routes")).json()) as RouteRow[];
      expect(northAfter.filter((r) => r.basePath === providerPath)).toEqual([]);

      // Delete from the list, after a confirmation.
      await list.goto();
      const again = await list.find(app, label);
      await again.getByRole("button", { name: `Delete rover ${label}` }).click();
      const dialog = deleteDialog(page);
      await expect(dialog.getByRole("heading", { name: `Delete rover ${label}?` })).toBeVisible();
      await screenshot(page, "rover-delete-dialog");
      await dialog.getByRole("button", { name: "Delete rover" }).click();
      await expect(shell.toast(`Rover ${label} deleted`)).toBeVisible();
      await expect(list.row(label)).toHaveCount(0);
      expect((await request.get(`/api/v1/rovers/${stored[0].id}`)).status()).toBe(404);
    } finally {
      const left = (await (await request.get(`/api/v1/rovers?name=${app}`)).json()) as Array<{ id: string }>;
      for (const r of left) await request.delete(`/api/v1/rovers/${r.id}`);
      await request.delete(`/api/v1/rovers/${providerId}`);
    }
  });

  test("imports a rover file (a bad one names line and field), exports it and re-imports it", async ({
    page,
    request,
  }) => {
    const app = uniqueName("e2e-imp");
    const shell = new Shell(page);
    const list = new RoverListPage(page);
    const file = (basePath: string, weight: number) => `apiVersion: switchyard/v1
kind: Rover
metadata:
  name: ${app}
  version: 3.1.0
spec:
  zone: eu-central
  failoverEnabled: false
  exposures:
    - basePath: ${basePath}
      upstreams:
        - url: http://${app}.internal:8080
          weight: ${weight}
  subscriptions:
    - basePath: /orders
      approved: true
`;
    let id = "";
    try {
      await list.goto();
      await page.getByRole("button", { name: "Import" }).click();
      const dialog = page.getByRole("dialog", { name: "Import a rover file" });
      await expect(dialog).toBeVisible();
      const yaml = dialog.getByLabel("Rover file (YAML)");

      // A file with two bad fields: both named, each with its line.
      await yaml.fill(file("orders/v1", 500));
      await dialog.getByRole("button", { name: "Import rover" }).click();
      const problems = dialog.getByRole("list", { name: "Problems in the rover file" });
      await expect(problems.getByRole("listitem")).toHaveCount(2);
      await expect(
        problems.getByRole("listitem").filter({ hasText: "spec.exposures.0.basePath" }),
      ).toContainText("line 10");
      await expect(
        problems.getByRole("listitem").filter({ hasText: "spec.exposures.0.upstreams.0.weight" }),
      ).toContainText("line 13");
      await expect(yaml).toHaveAttribute("aria-invalid", "true");
      await screenshot(page, "rover-import-problems");

      // A YAML syntax error names its line too.
      await yaml.fill("kind: Rover\nmetadata:\n  name: [unclosed\n");
      await dialog.getByRole("button", { name: "Import rover" }).click();
      await expect(problems.getByRole("listitem").first()).toContainText(/line \d/);

      await yaml.fill(file("/" + app, 100));
      await expect(problems).toHaveCount(0);
      await dialog.getByRole("button", { name: "Import rover" }).click();
      await expect(shell.toast(`Rover ${app} 3.1.0 imported into eu-central`)).toBeVisible();
      await expect(page).toHaveURL(/\/rovers\/[0-9a-f-]{36}$/);
      id = page.url().split("/").pop()!;
      await expect(page.getByRole("form", { name: `Edit rover ${app} 3.1.0` })).toBeVisible();
      await expect(page.getByLabel("Subscription 1 base path")).toHaveValue("/orders");

      // Export from the rover's page: the file reads back as the same rover.
      const download = page.waitForEvent("download");
      await page.getByRole("link", { name: "Export YAML" }).click();
      const exported = await download;
      expect(exported.suggestedFilename()).toBe(`${app}-3.1.0-eu-central.rover.yaml`);
      const text = await readFile(await exported.path(), "utf8");
      expect(text).toContain("kind: Rover");
      expect(text).toContain(`name: ${app}`);
      expect(text).toContain(`basePath: /${app}`);

      // Importing the export again: the rover exists; the dialog offers to replace it.
      await list.goto();
      await page.getByRole("button", { name: "Import" }).click();
      await yaml.fill(text.replace("failoverEnabled: false", "failoverEnabled: true"));
      await dialog.getByRole("button", { name: "Import rover" }).click();
      const exists = dialog.getByRole("alert").filter({ hasText: "This rover already exists" });
      await expect(exists).toBeVisible();
      await exists.getByRole("button", { name: "Replace it" }).click();
      await expect(shell.toast(`Rover ${app} 3.1.0 imported into eu-central`)).toBeVisible();
      const replaced = (await (await request.get(`/api/v1/rovers/${id}`)).json()) as {
        failoverEnabled: boolean;
      };
      expect(replaced.failoverEnabled).toBe(true);

      // Export from the list as well.
      await list.goto();
      const row = await list.find(app, `${app} 3.1.0 in eu-central`);
      const listDownload = page.waitForEvent("download");
      await row.getByRole("link", { name: `Export rover ${app} 3.1.0 in eu-central` }).click();
      expect((await listDownload).suggestedFilename()).toBe(`${app}-3.1.0-eu-central.rover.yaml`);
    } finally {
      if (id) await request.delete(`/api/v1/rovers/${id}`);
    }
  });

  test("the rover form works with the keyboard alone", async ({ page, request }) => {
    const app = uniqueName("e2e-kbd");
    const key = (k: string) => page.keyboard.press(k);
    try {
      await page.goto("/rovers/new");
      const form = new RoverFormPage(page, "New rover");
      await expect(
        form.field("Zone").getByRole("option", { name: "eu-central · DTC-eligible" }),
      ).toBeAttached();
      await form.field("Application").focus();
      await page.keyboard.type(app);
      await key("Tab");
      await page.keyboard.type("0.1.0");
      await key("Tab");
      await expect(form.field("Zone")).toBeFocused();
      await key("ArrowDown");
      await key("ArrowDown");
      await expect(form.field("Zone")).toHaveValue("eu-central");
      await key("Tab");
      await expect(form.failover).toBeFocused();
      await key("Space");
      await expect(form.failover).toHaveAttribute("aria-checked", "true");
      await key("Tab");
      await expect(form.form.getByRole("button", { name: "Add exposure" })).toBeFocused();
      // Adding an exposure puts the cursor in its first field.
      await key("Enter");
      const exposure = form.exposure(1);
      await expect(exposure.getByLabel("Base path", { exact: true })).toBeFocused();
      await page.keyboard.type(`/${app}`);
      await key("Tab");
      await expect(exposure.getByLabel("Visibility")).toBeFocused();
      await key("Tab");
      await expect(exposure.getByLabel("Tenant access")).toBeFocused();
      await key("Tab");
      await expect(exposure.getByRole("switch", { name: /strip/i })).toBeFocused();
      await key("Tab"); // add upstream
      await key("Tab");
      await expect(exposure.getByLabel("Upstream 1 URL")).toBeFocused();
      await page.keyboard.type("http://kbd.internal");
      await key("Tab"); // weight; "remove upstream" is disabled while there is only one
      await key("Tab");
      await expect(exposure.getByRole("button", { name: /Import endpoints/ })).toBeFocused();
      await key("Tab");
      await expect(exposure.getByRole("button", { name: "Add endpoint" })).toBeFocused();
      await key("Enter");
      await expect(exposure.getByLabel("Endpoint 1 path")).toBeFocused();
      await page.keyboard.type("/ping");
      await key("Tab"); // remove endpoint
      await key("Tab");
      // The method chips are checkboxes: GET is on, Space toggles POST.
      await expect(form.method(1, 1, "GET")).toBeFocused();
      await key("Tab");
      await key("Space");
      await expect(form.method(1, 1, "POST")).toBeChecked();
      const create = form.form.getByRole("button", { name: "Create rover" });
      for (let i = 0; i < 12 && !(await create.evaluate((el) => el === document.activeElement)); i++)
        await key("Tab");
      await expect(create).toBeFocused();
      await key("Enter");
      await expect(new Shell(page).toast(`Rover ${app} 0.1.0 created`)).toBeVisible();
      const stored = (await (await request.get(`/api/v1/rovers?name=${app}`)).json()) as Array<{
        failoverEnabled: boolean;
        zone: string;
        exposures: Array<{ endpoints: unknown[] }>;
      }>;
      expect(stored).toHaveLength(1);
      expect(stored[0]).toMatchObject({ zone: "eu-central", failoverEnabled: true });
      expect(stored[0].exposures[0].endpoints).toEqual([{ methods: ["GET", "POST"], path: "/ping" }]);
    } finally {
      const left = (await (await request.get(`/api/v1/rovers?name=${app}`)).json()) as Array<{ id: string }>;
      for (const r of left) await request.delete(`/api/v1/rovers/${r.id}`);
    }
  });
});
