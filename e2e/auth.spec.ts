import { expect, test, type APIRequestContext, type Browser } from "@playwright/test";
import { uniqueName } from "./support/api";
import { createUser, deleteUser, E2E_ADMIN, SIGNED_OUT, SignInPage, type Role } from "./support/auth";

/**
 * Sign-in and roles in a real browser: who is let in, and what each role is shown. The API
 * refuses regardless (tests/integration/auth.test.ts); here the point is what the operator sees.
 */

// Sign-in hashes a password (scrypt) and pages render per request: generous waits for a busy machine.
test.describe.configure({ timeout: 180_000 });
const SLOW = { timeout: 30_000 };

/** A fresh browser context signed in through the sign-in page as a new user of `role`. */
async function signedInAs(browser: Browser, request: APIRequestContext, role: Role) {
  const user = await createUser(request, role, uniqueName("u").slice(2));
  const context = await browser.newContext({ storageState: SIGNED_OUT });
  const page = await context.newPage();
  await page.goto("/zones");
  await expect(page).toHaveURL(/\/sign-in\?next=%2Fzones$/, SLOW);
  await new SignInPage(page).signIn(user.email, user.password);
  await expect(page).toHaveURL(/\/zones$/, SLOW);
  await expect(page.getByRole("region", { name: "Signed in user" })).toContainText(role, SLOW);
  return { user, context, page };
}

async function firstZone(request: APIRequestContext): Promise<string> {
  const res = await request.get("/api/v1/zones?limit=1");
  expect(res.status()).toBe(200);
  const zones = (await res.json()) as Array<{ name: string }>;
  expect(zones.length, "the demo data has zones").toBeGreaterThan(0);
  return zones[0].name;
}

test.describe("signed out", () => {
  test.use({ storageState: SIGNED_OUT });

  test("a signed-out visitor is sent to sign-in, and comes back to the page they asked for", async ({
    page,
    request,
  }) => {
    await page.goto("/tenants");
    await expect(page).toHaveURL(/\/sign-in\?next=%2Ftenants$/, SLOW);
    await expect(page.getByRole("heading", { name: "Sign in to Switchyard" })).toBeVisible();
    // No shell for strangers: the navigation is not rendered at all.
    await expect(page.getByRole("navigation", { name: "Main" })).toHaveCount(0);
    await page.screenshot({ path: "e2e/screenshots/sign-in.png", fullPage: true });

    const signIn = new SignInPage(page);
    await signIn.signIn(E2E_ADMIN.email, "certainly-not-the-password");
    await expect(page.getByRole("form", { name: "Sign in" }).getByRole("alert")).toContainText(
      "The email or password is wrong.",
      SLOW,
    );
    await page.screenshot({ path: "e2e/screenshots/sign-in-error.png", fullPage: true });

    await signIn.signIn(E2E_ADMIN.email, E2E_ADMIN.password);
    await expect(page).toHaveURL(/\/tenants$/, SLOW);
    await expect(page.getByRole("navigation", { name: "Main" })).toBeVisible(SLOW);

    // The API answers 401 (not a redirect) to a caller without credentials.
    const api = await request.get("/api/v1/zones");
    expect(api.status()).toBe(401);
  });

  test("signing out ends the session", async ({ page }) => {
    await page.goto("/sign-in");
    await new SignInPage(page).signIn(E2E_ADMIN.email, E2E_ADMIN.password);
    await expect(page).toHaveURL(/\/overview$/, SLOW);
    await page
      .getByRole("region", { name: "Signed in user" })
      .getByRole("button", { name: "Sign out" })
      .click();
    await expect(page).toHaveURL(/\/sign-in$/, SLOW);
    await page.goto("/zones");
    await expect(page).toHaveURL(/\/sign-in\?next=%2Fzones$/, SLOW);
  });
});

test("a viewer cannot reach edit or publish actions", async ({ browser, request }) => {
  const zone = await firstZone(request);
  const { user, context, page } = await signedInAs(browser, request, "viewer");
  try {
    await expect(page.getByRole("table", { name: "Zones" })).toBeVisible(SLOW);
    await expect(page.getByRole("link", { name: "New zone" })).toHaveCount(0);
    await expect(page.getByRole("button", { name: /^Delete zone/ })).toHaveCount(0);

    await page.goto(`/zones/${zone}`);
    await expect(page.getByRole("heading", { name: zone })).toBeVisible(SLOW);
    // The form has loaded (its fields are there) before we look for what it must not offer.
    await expect(page.getByLabel("Gateway URL")).toBeVisible(SLOW);
    await expect(page.getByRole("button", { name: "Save zone" })).toHaveCount(0);
    await expect(page.getByRole("button", { name: /Delete/ })).toHaveCount(0);

    await page.goto("/tenants");
    await expect(page.getByRole("table", { name: "Tenants" })).toBeVisible(SLOW);
    await expect(page.getByRole("link", { name: "New tenant" })).toHaveCount(0);
    await page.goto("/rovers");
    await expect(page.getByRole("table", { name: "Rovers" })).toBeVisible(SLOW);
    await expect(page.getByRole("link", { name: "New rover" })).toHaveCount(0);
    await expect(page.getByRole("button", { name: "Import" })).toHaveCount(0);

    // Typing the URL of an editor's page shows what is missing instead of a form.
    await page.goto("/zones/new");
    await expect(page.getByRole("heading", { name: "This page needs the editor role" })).toBeVisible(SLOW);
    await expect(page.getByRole("button", { name: "Create zone" })).toHaveCount(0);

    await page.goto(`/publish/zones/${zone}`);
    await expect(page.getByRole("button", { name: "Refresh preview" })).toBeVisible(SLOW);
    await expect(page.getByRole("button", { name: `Publish ${zone}` })).toHaveCount(0);

    // No admin screens in the navigation, and not by URL either.
    await expect(page.getByRole("link", { name: "Users" })).toHaveCount(0);
    await page.goto("/admin/users");
    await expect(page.getByRole("heading", { name: "This page needs the admin role" })).toBeVisible(SLOW);

    // And the API refuses the viewer's session the same (same-origin, so only the role stops it).
    const write = await page.request.post("/api/v1/tenants", {
      data: { name: uniqueName("v").replace(/-/g, "_") },
    });
    expect(write.status()).toBe(403);
  } finally {
    await context.close();
    await deleteUser(request, user.id);
  }
});

test("an editor can edit but cannot publish", async ({ browser, request }) => {
  const zone = await firstZone(request);
  const { user, context, page } = await signedInAs(browser, request, "editor");
  try {
    await expect(page.getByRole("link", { name: "New zone" })).toBeVisible();
    await page.goto(`/zones/${zone}`);
    await expect(page.getByRole("button", { name: "Save zone" })).toBeVisible(SLOW);

    await page.goto(`/publish/zones/${zone}`);
    await expect(page.getByRole("button", { name: "Refresh preview" })).toBeVisible(SLOW);
    await expect(page.getByRole("button", { name: `Publish ${zone}` })).toHaveCount(0);

    // A dry run is anyone's (it writes nothing); the real publish is refused before it starts.
    const publish = await page.request.post(`/api/v1/zones/${zone}/publish`);
    expect(publish.status()).toBe(403);
  } finally {
    await context.close();
    await deleteUser(request, user.id);
  }
});

test("an admin manages users and API tokens; a new token is shown once", async ({ page, request }) => {
  // What viewers and editors don't get, an admin (above publisher) does.
  const zone = await firstZone(request);
  await page.goto(`/publish/zones/${zone}`);
  await expect(page.getByRole("button", { name: `Publish ${zone}` })).toBeVisible(SLOW);

  await page.goto("/admin/users");
  await expect(page.getByRole("table", { name: "Users" })).toContainText(E2E_ADMIN.email, SLOW);
  await page.screenshot({ path: "e2e/screenshots/admin-users.png", fullPage: true });

  await page.goto("/admin/tokens");
  const name = uniqueName("ci");
  await page.getByRole("button", { name: "New token" }).first().click();
  const dialog = page.getByRole("dialog", { name: "New API token" });
  await dialog.getByLabel("Name").fill(name);
  await dialog.getByLabel("Role").selectOption("editor");
  await dialog.getByRole("button", { name: "Create token" }).click();
  const created = page.getByRole("dialog", { name: `Token ${name} created` });
  const token = (await created.getByLabel("New API token").textContent())?.trim() ?? "";
  expect(token).toMatch(/^sy_/);
  await page.screenshot({ path: "e2e/screenshots/admin-token-created.png", fullPage: true });
  await created.getByRole("button", { name: "Done" }).click();

  // The token works with its role, and the list never shows it again.
  const ctx = page.context().request;
  const asToken = await ctx.get("/api/v1/me", { headers: { authorization: `Bearer ${token}` } });
  expect(await asToken.json()).toMatchObject({ name, role: "editor", kind: "token" });
  const row = page.getByRole("row", { name: new RegExp(name) });
  await expect(row).toContainText("active");
  await expect(page.getByRole("table", { name: "API tokens" })).not.toContainText(token);
  await page.screenshot({ path: "e2e/screenshots/admin-tokens.png", fullPage: true });

  await row.getByRole("button", { name: `Revoke ${name}` }).click();
  await page
    .getByRole("dialog", { name: `Revoke ${name}?` })
    .getByRole("button", { name: "Revoke token" })
    .click();
  await expect(row).toContainText("revoked");
  const afterRevoke = await ctx.get("/api/v1/me", { headers: { authorization: `Bearer ${token}` } });
  expect(afterRevoke.status()).toBe(401);
});
