import { expect, test } from "@playwright/test";
import { createRover, createZone, uniqueName } from "./support/api";
import { FormPage, Shell, ZoneListPage, deleteDialog, screenshot } from "./support/pages";

test.describe("zones", () => {
  test.describe.configure({ timeout: 240_000 });

  test("creates a zone with a DTC URL (invalid URL and duplicate name refused inline), edits and deletes it", async ({
    page,
    request,
  }) => {
    const name = uniqueName("e2e-zone");
    const shell = new Shell(page);
    const list = new ZoneListPage(page);
    try {
      await list.goto();
      await expect(list.row("eu-central")).toBeVisible();
      await screenshot(page, "zones-list");
      await page.getByRole("link", { name: "New zone" }).click();
      const form = new FormPage(page, "New zone");
      await expect(form.form).toBeVisible();
      const eligibility = page.getByRole("status", { name: "DTC eligibility" });
      await expect(eligibility).toContainText("Not DTC-eligible");
      await expect(eligibility).toContainText("Needs a DTC URL.");

      // A name that exists already, and a DTC URL that is not one.
      await form.field("Name").fill("eu-central");
      await form.field("Gateway URL").fill(`https://${name}.gw.e2e.example.com`);
      await form.field("Identity provider URL").fill(`https://iam.${name}.e2e.example.com`);
      await form.field("Kong admin URL").fill(`http://127.0.0.1:8001/${name}`);
      await form.field("DTC URL").fill("ftp://dtc.example.com");
      await expect(eligibility).toContainText("Needs a valid DTC URL.");
      await form.submit("Create zone");
      await expect(await form.errorOf(form.field("DTC URL"))).toHaveText("DTC URL must use http or https");
      await form.field("DTC URL").fill(`https://${name}.dtc.e2e.example.com`);
      await expect(eligibility).toContainText("DTC-eligible");
      await expect(eligibility).not.toContainText("Not DTC-eligible");
      // Eligibility needs ENTERPRISE visibility as well as the URL.
      await form.field("Visibility").selectOption("WORLD");
      await expect(eligibility).toContainText("Needs ENTERPRISE visibility.");
      await form.field("Visibility").selectOption("ENTERPRISE");
      await expect(eligibility).toContainText("This zone can serve failover traffic");
      await form.submit("Create zone");
      // The duplicate is only known to the server: its 409 lands under the name.
      await expect(await form.errorOf(form.field("Name"))).toHaveText("Zone eu-central already exists");
      await screenshot(page, "zone-new-errors");

      await form.field("Name").fill(name);
      await screenshot(page, "zone-new");
      await form.submit("Create zone");
      await expect(shell.toast(`Zone ${name} created`)).toBeVisible();
      await expect(page).toHaveURL(/\/zones$/);
      const row = await list.find(name);
      await expect(row.getByText("DTC-eligible")).toBeVisible();

      // Edit: the name is fixed; the gateway URL changes.
      await row.getByRole("link", { name, exact: true }).click();
      const edit = new FormPage(page, `Edit zone ${name}`);
      await expect(edit.form).toBeVisible();
      await expect(edit.field("Name")).toHaveAttribute("readonly", "");
      await expect(page.getByRole("status", { name: "DTC eligibility" })).toContainText("DTC-eligible");
      await screenshot(page, "zone-edit");
      await edit.field("Gateway URL").fill("not a url");
      await edit.submit("Save zone");
      await expect(await edit.errorOf(edit.field("Gateway URL"))).toContainText("Gateway URL must");
      await edit.field("Gateway URL").fill(`https://${name}.gw2.e2e.example.com`);
      await edit.submit("Save zone");
      await expect(shell.toast(`Zone ${name} saved`)).toBeVisible();
      const saved = (await (await request.get(`/api/v1/zones/${name}`)).json()) as {
        gatewayUrl: string;
        dtcEligible: boolean;
      };
      expect(saved).toMatchObject({ gatewayUrl: `https://${name}.gw2.e2e.example.com`, dtcEligible: true });

      // Delete, after the confirmation.
      await list.goto();
      await (await list.find(name)).getByRole("button", { name: `Delete zone ${name}` }).click();
      const dialog = deleteDialog(page);
      await expect(dialog.getByRole("heading", { name: `Delete zone ${name}?` })).toBeVisible();
      await dialog.getByRole("button", { name: "Delete zone" }).click();
      await expect(shell.toast(`Zone ${name} deleted`)).toBeVisible();
      await expect(list.row(name)).toHaveCount(0);
      expect((await request.get(`/api/v1/zones/${name}`)).status()).toBe(404);
    } finally {
      await request.delete(`/api/v1/zones/${name}?cascade=true`);
    }
  });

  test("deleting a zone that holds rovers answers what holds it, and cascades only when asked", async ({
    page,
    request,
  }) => {
    const name = uniqueName("e2e-zref");
    const app = uniqueName("e2e-zapp");
    await createZone(request, name);
    const { id } = await createRover(request, { name: app, version: "1.0.0", zone: name });
    const shell = new Shell(page);
    const list = new ZoneListPage(page);
    try {
      await list.goto();
      await (await list.find(name)).getByRole("button", { name: `Delete zone ${name}` }).click();
      const dialog = deleteDialog(page);
      await dialog.getByRole("button", { name: "Delete zone" }).click();
      // 409: the zone stays, the dialog names its rover and offers the cascade explicitly.
      await expect(dialog.getByRole("heading", { name: `Zone ${name} is still in use` })).toBeVisible();
      await expect(dialog.getByRole("list", { name: "Referencing rovers" })).toContainText(`${app} 1.0.0`);
      await screenshot(page, "zone-delete-references");
      expect((await request.get(`/api/v1/zones/${name}`)).status()).toBe(200);
      expect((await request.get(`/api/v1/rovers/${id}`)).status()).toBe(200);

      await dialog.getByRole("button", { name: "Delete zone and 1 rover" }).click();
      await expect(shell.toast(`Zone ${name} deleted`)).toBeVisible();
      await expect(shell.toast("1 rover deleted with it.")).toBeVisible();
      expect((await request.get(`/api/v1/zones/${name}`)).status()).toBe(404);
      expect((await request.get(`/api/v1/rovers/${id}`)).status()).toBe(404);
    } finally {
      await request.delete(`/api/v1/zones/${name}?cascade=true`);
    }
  });

  test("two operators saving the same zone: the second, stale save gets a 412, not an overwrite", async ({
    page,
    context,
    request,
  }) => {
    const name = uniqueName("e2e-zstale");
    await createZone(request, name);
    const shell = new Shell(page);
    try {
      const other = await context.newPage();
      await page.goto(`/zones/${name}`);
      await other.goto(`/zones/${name}`);
      const mine = new FormPage(page, `Edit zone ${name}`);
      const theirs = new FormPage(other, `Edit zone ${name}`);
      await expect(mine.field("Gateway URL")).toHaveValue(`https://${name}.gw.e2e.example.com`);
      await expect(theirs.field("Gateway URL")).toHaveValue(`https://${name}.gw.e2e.example.com`);

      await theirs.field("DTC URL").fill(`https://${name}.dtc.e2e.example.com`);
      await theirs.submit("Save zone");
      await expect(new Shell(other).toast(`Zone ${name} saved`)).toBeVisible();

      await mine.field("Gateway URL").fill(`https://${name}.mine.e2e.example.com`);
      await mine.submit("Save zone");
      const stale = page
        .getByRole("alert")
        .filter({ hasText: "Someone else changed this zone while you were editing" });
      await expect(stale).toBeVisible();
      await screenshot(page, "zone-stale-save");
      // Nothing of the stale save landed.
      const stored = (await (await request.get(`/api/v1/zones/${name}`)).json()) as {
        gatewayUrl: string;
        dtcUrl: string | null;
      };
      expect(stored).toEqual(
        expect.objectContaining({
          gatewayUrl: `https://${name}.gw.e2e.example.com`,
          dtcUrl: `https://${name}.dtc.e2e.example.com`,
        }),
      );

      // Reload shows the other operator's change; saving again then works.
      await stale.getByRole("button", { name: "Reload latest" }).click();
      await expect(stale).toHaveCount(0);
      await expect(mine.field("DTC URL")).toHaveValue(`https://${name}.dtc.e2e.example.com`);
      await expect(mine.field("Gateway URL")).toHaveValue(`https://${name}.gw.e2e.example.com`);
      await mine.field("Gateway URL").fill(`https://${name}.mine.e2e.example.com`);
      await mine.submit("Save zone");
      await expect(shell.toast(`Zone ${name} saved`)).toBeVisible();
      const after = (await (await request.get(`/api/v1/zones/${name}`)).json()) as {
        gatewayUrl: string;
        dtcUrl: string;
      };
      expect(after.gatewayUrl).toBe(`https://${name}.mine.e2e.example.com`);
      expect(after.dtcUrl).toBe(`https://${name}.dtc.e2e.example.com`);
      await other.close();
    } finally {
      await request.delete(`/api/v1/zones/${name}?cascade=true`);
    }
  });
});
