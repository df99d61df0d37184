import { expect, test } from "@playwright/test";
import { createTenant, entitlementsOf, uniqueName, uniqueTenant } from "./support/api";
import { FormPage, Shell, TenantListPage, deleteDialog, screenshot } from "./support/pages";

test.describe("tenants", () => {
  test.describe.configure({ timeout: 240_000 });

  test("creates a tenant (bad and duplicate names refused inline), edits and deletes it", async ({
    page,
    request,
  }) => {
    const name = uniqueTenant("e2e_ten");
    const shell = new Shell(page);
    const list = new TenantListPage(page);
    try {
      await list.goto();
      await expect(list.row("diku")).toBeVisible();
      await screenshot(page, "tenants-list");
      await page.getByRole("link", { name: "New tenant" }).click();
      const form = new FormPage(page, "New tenant");
      await expect(form.form).toBeVisible();
      await form.field("Name").fill("Not-A-Tenant");
      await form.submit("Create tenant");
      await expect(await form.errorOf(form.field("Name"))).toHaveText(
        "Tenant name must start with a lower-case letter and hold only a-z, 0-9 and _",
      );
      await form.field("Name").fill("diku");
      await form.submit("Create tenant");
      await expect(await form.errorOf(form.field("Name"))).toHaveText("Tenant diku already exists");
      await screenshot(page, "tenant-new-errors");

      await form.field("Name").fill(name);
      await form.field("Description").fill("A library consortium made up by a test");
      await form.submit("Create tenant");
      await expect(shell.toast(`Tenant ${name} created`)).toBeVisible();
      const row = await list.find(name);
      await expect(row).toContainText("A library consortium made up by a test");

      await row.getByRole("link", { name, exact: true }).click();
      const edit = new FormPage(page, `Edit tenant ${name}`);
      await expect(edit.field("Name")).toHaveAttribute("readonly", "");
      await screenshot(page, "tenant-edit");
      await edit.field("Description").fill("Renamed consortium");
      await edit.submit("Save tenant");
      await expect(shell.toast(`Tenant ${name} saved`)).toBeVisible();
      const stored = (await (await request.get(`/api/v1/tenants/${name}`)).json()) as { description: string };
      expect(stored.description).toBe("Renamed consortium");

      await list.goto();
      await (await list.find(name)).getByRole("button", { name: `Delete tenant ${name}` }).click();
      const dialog = deleteDialog(page);
      await expect(dialog.getByRole("heading", { name: `Delete tenant ${name}?` })).toBeVisible();
      await dialog.getByRole("button", { name: "Delete tenant" }).click();
      await expect(shell.toast(`Tenant ${name} deleted`)).toBeVisible();
      await expect(list.row(name)).toHaveCount(0);
      expect((await request.get(`/api/v1/tenants/${name}`)).status()).toBe(404);
    } finally {
      await request.delete(`/api/v1/tenants/${name}?cascade=true`);
    }
  });

  test("deleting a tenant with entitlements names them (409), and revokes them only when asked", async ({
    page,
    request,
  }) => {
    const name = uniqueTenant("e2e_tref");
    const app = uniqueName("e2e-tapp");
    await createTenant(request, name);
    for (const version of ["1.0.0", "2.0.0"]) {
      const res = await request.post("/api/v1/entitlements", {
        data: { tenant: name, application: app, version },
      });
      expect(res.status()).toBe(201);
    }
    const shell = new Shell(page);
    const list = new TenantListPage(page);
    try {
      await list.goto();
      const row = await list.find(name);
      await expect(row.getByRole("link", { name: `2 entitlements of ${name}` })).toBeVisible();
      await row.getByRole("button", { name: `Delete tenant ${name}` }).click();
      const dialog = deleteDialog(page);
      await dialog.getByRole("button", { name: "Delete tenant" }).click();
      await expect(dialog.getByRole("heading", { name: `Tenant ${name} is still in use` })).toBeVisible();
      const refs = dialog.getByRole("list", { name: "Referencing entitlements" });
      await expect(refs.getByRole("listitem")).toHaveText([`${app} 1.0.0`, `${app} 2.0.0`]);
      await screenshot(page, "tenant-delete-references");
      expect(await entitlementsOf(request, app)).toEqual([`${name}@1.0.0`, `${name}@2.0.0`]);

      await dialog.getByRole("button", { name: "Delete tenant and revoke 2 entitlements" }).click();
      await expect(shell.toast(`Tenant ${name} deleted`)).toBeVisible();
      await expect(shell.toast("2 entitlements revoked with it.")).toBeVisible();
      expect(await entitlementsOf(request, app)).toEqual([]);
    } finally {
      await request.delete(`/api/v1/tenants/${name}?cascade=true`);
    }
  });

  test("the tenant form works with the keyboard alone, from the navigation to the saved tenant", async ({
    page,
    request,
  }) => {
    const name = uniqueTenant("e2e_tkbd");
    const key = (k: string) => page.keyboard.press(k);
    try {
      await page.goto("/tenants");
      const newTenant = page.getByRole("link", { name: "New tenant" });
      await expect(newTenant).toBeVisible();
      // Tab from the top of the page until the "New tenant" link has focus, then follow it.
      for (let i = 0; i < 40 && !(await newTenant.evaluate((el) => el === document.activeElement)); i++)
        await key("Tab");
      await expect(newTenant).toBeFocused();
      await key("Enter");
      const form = new FormPage(page, "New tenant");
      await expect(form.form).toBeVisible();
      const nameField = form.field("Name");
      for (let i = 0; i < 40 && !(await nameField.evaluate((el) => el === document.activeElement)); i++)
        await key("Tab");
      await expect(nameField).toBeFocused();
      await page.keyboard.type("Bad Name");
      await key("Enter");
      // The error is announced against the field and focus stays there to fix it.
      await expect(await form.errorOf(nameField)).toBeVisible();
      await expect(nameField).toBeFocused();
      await key("ControlOrMeta+a");
      await page.keyboard.type(name);
      await key("Tab");
      await expect(form.field("Description")).toBeFocused();
      await page.keyboard.type("typed without a mouse");
      await key("Tab"); // cancel
      await key("Tab");
      await expect(form.form.getByRole("button", { name: "Create tenant" })).toBeFocused();
      await key("Enter");
      await expect(new Shell(page).toast(`Tenant ${name} created`)).toBeVisible();
      const stored = (await (await request.get(`/api/v1/tenants/${name}`)).json()) as { description: string };
      expect(stored.description).toBe("typed without a mouse");
    } finally {
      await request.delete(`/api/v1/tenants/${name}?cascade=true`);
    }
  });
});
