import { expect as baseExpect, test, type APIRequestContext } from "@playwright/test";

// The estate plan reads every zone's Kong: give it time on a busy machine.
const expect = baseExpect.configure({ timeout: 60_000 });

/**
 * "Publish all" on the Publish page: the estate plan comes first (per zone its writes, its place in
 * the order and the zones it waits for), then one click publishes every zone in that order and the
 * dialog says per zone what was applied. The change is made here: an API exposed in eu-central and
 * subscribed from eu-west, so eu-west's new proxy route must wait for eu-central's real route.
 */
const suffix = Date.now().toString(36);
const created: string[] = [];

async function createRover(request: APIRequestContext, baseURL: string, data: Record<string, unknown>) {
  const res = await request.post("/api/v1/rovers", { data: { version: "1.0.0", ...data }, headers: { origin: baseURL } });
  expect(res.status(), await res.text()).toBe(201);
  created.push(((await res.json()) as { id: string }).id);
}

test.afterAll(async ({ request, baseURL }) => {
  // Leave the estate as it was: the rovers go, and their routes with the next estate publish.
  for (const id of created) await request.delete(`/api/v1/rovers/${id}`, { headers: { origin: baseURL! } });
  if (created.length) await request.post("/api/v1/publish", { headers: { origin: baseURL! }, timeout: 120_000 });
});

test("Publish all shows the estate plan in dependency order, publishes it and reports per zone", async ({ page, baseURL }) => {
  // A cold dev server compiles the page and the estate route on first use.
  test.setTimeout(240_000);
  const basePath = `/e2e-all-${suffix}`;
  await createRover(page.request, baseURL!, {
    name: `e2e-all-${suffix}`,
    zone: "eu-central",
    exposures: [{ basePath, upstreams: [{ url: "http://e2e-all.svc:8080" }], visibility: "ENTERPRISE" }],
  });
  await createRover(page.request, baseURL!, {
    name: `e2e-all-client-${suffix}`,
    zone: "eu-west",
    subscriptions: [{ basePath, approved: true }],
  });

  await page.goto("/publish", { timeout: 180_000 });
  // The zones table comes from the client: once it is there, the page is hydrated and the button acts.
  await expect(page.getByRole("table", { name: "Zones to publish" })).toBeVisible({ timeout: 180_000 });
  await page.getByRole("button", { name: "Publish all" }).click();
  const dialog = page.getByRole("dialog", { name: /Publish every zone|Estate published/ });
  const plan = dialog.getByRole("table", { name: "Estate plan" });
  const row = (zone: string) => plan.getByRole("row").filter({ has: page.getByText(zone, { exact: true }) });
  await expect(row("eu-west")).toContainText("eu-central (its proxies forward there)");
  const position = async (zone: string) => Number((await row(zone).getByRole("cell").first().textContent())?.trim());
  expect(await position("eu-central")).toBeLessThan(await position("eu-west"));

  await dialog.getByRole("button", { name: /^Publish \d+ writes$/ }).click();
  await expect(dialog.getByRole("heading", { name: "Estate published" })).toBeVisible({ timeout: 120_000 });
  for (const zone of ["eu-central", "eu-west"]) await expect(row(zone)).toContainText("Published");
  await expect(plan).not.toContainText("Stopped");
  await dialog.getByRole("button", { name: "Done" }).click();

  // Published again right away: nothing left to write.
  await page.getByRole("button", { name: "Publish all" }).click();
  await expect(page.getByRole("dialog").getByRole("button", { name: "Nothing to publish" })).toBeDisabled();
});
