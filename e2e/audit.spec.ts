import { expect, test } from "@playwright/test";
import { createZone, uniqueName } from "./support/api";

/**
 * The audit page lists a change with who and what, and shows its before/after; no page shows a
 * zone's Kong admin token (the API side is tests/integration/secrets.test.ts).
 */
test("a zone's changes appear in the audit trail with their before/after, and no page shows its Kong admin token", async ({
  page,
  request,
}) => {
  const name = uniqueName("audit");
  const token = `kong-admin-secret-${Date.now()}`;
  await createZone(request, name, { kongAdminToken: token });
  const patched = await request.patch(`/api/v1/zones/${name}`, { data: { visibility: "WORLD" } });
  expect(patched.status()).toBe(200);
  try {
    for (const path of [
      "/zones",
      `/zones/${name}`,
      `/audit?entity=${name}`,
      "/publish",
      "/routes",
      "/topology",
    ]) {
      await page.goto(path);
      await expect(page.locator("main")).toBeVisible();
      expect(await page.content(), path).not.toContain(token);
    }

    await page.goto(`/audit?entity=${name}`);
    const table = page.getByRole("table", { name: "Audit events" });
    const rows = table.getByRole("row").filter({ hasText: name });
    await expect(rows).toHaveCount(2);
    const update = rows.filter({ has: page.getByText("update", { exact: true }) });
    await update.getByRole("button", { name: "Changes" }).click();
    const changes = page.getByRole("table", { name: `Changes to ${name}` });
    await expect(changes.getByRole("row", { name: /visibility/ })).toContainText("ENTERPRISE");
    await expect(changes.getByRole("row", { name: /visibility/ })).toContainText("WORLD");

    await page.getByLabel("Action").selectOption("create");
    await expect(rows).toHaveCount(1);
    await page.getByLabel("Action").selectOption("");
    await page.screenshot({ path: "e2e/screenshots/audit.png", fullPage: true });
    expect(await page.content()).not.toContain(token);
  } finally {
    await request.delete(`/api/v1/zones/${name}`);
  }
});
