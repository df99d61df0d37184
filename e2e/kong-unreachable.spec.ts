import { createServer, type AddressInfo, type Server, type Socket } from "node:net";
import { expect, test } from "@playwright/test";
import { createZone, uniqueName } from "./support/api";

/**
 * A dead Kong can't hang the UI (issue 13): a zone whose admin port is closed and one whose Kong
 * accepts connections and never answers each turn their drift cell into a failure with Retry within
 * the call timeout (5 s), while the other zones' cells answer on their own.
 */
let silent: Server;
const sockets = new Set<Socket>();
let silentPort = 0;
let closedPort = 0;

test.beforeAll(async () => {
  silent = createServer((socket) => {
    sockets.add(socket);
    socket.on("close", () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => silent.listen(0, "127.0.0.1", resolve));
  silentPort = (silent.address() as AddressInfo).port;
  const closed = createServer();
  await new Promise<void>((resolve) => closed.listen(0, "127.0.0.1", resolve));
  closedPort = (closed.address() as AddressInfo).port;
  await new Promise((resolve) => closed.close(resolve));
});

test.afterAll(async () => {
  for (const socket of sockets) socket.destroy();
  await new Promise((resolve) => silent.close(resolve));
});

test("the publish overview shows 'Kong unreachable · Retry' and 'Kong timed out · Retry' instead of spinning", async ({
  page,
  request,
}) => {
  // A dev server compiles the zone page on first visit; a production build answers at once.
  test.setTimeout(120_000);
  const dead = uniqueName("dead");
  const mute = uniqueName("mute");
  const live = uniqueName("live");
  await createZone(request, dead, { kongAdminUrl: `http://127.0.0.1:${closedPort}/${dead}` });
  await createZone(request, mute, { kongAdminUrl: `http://127.0.0.1:${silentPort}/${mute}` });
  await createZone(request, live);
  try {
    await page.goto("/publish");
    const table = page.getByRole("table", { name: "Zones to publish" });
    const row = (zone: string) =>
      table.getByRole("row").filter({ has: page.getByRole("link", { name: zone, exact: true }) });
    await expect(row(dead)).toBeVisible({ timeout: 30_000 });
    // From the moment the rows are there: every cell settles within the call timeout plus retries.
    const started = Date.now();
    await expect(row(live).getByText("—", { exact: true })).toBeVisible({ timeout: 15_000 });
    await expect(row(dead).getByText("Kong unreachable")).toBeVisible({ timeout: 15_000 });
    await expect(row(dead).getByRole("button", { name: `Retry the drift check of ${dead}` })).toBeVisible();
    await expect(row(mute).getByText("Kong timed out")).toBeVisible({ timeout: 15_000 });
    // Minutes of spinner were the bug; seconds (5 s timeout, a few quick retries, a busy machine) are fine.
    expect(Date.now() - started).toBeLessThan(30_000);
    await page.screenshot({ path: ".data/test/screens/publish-overview-dead-zone.png", fullPage: true });

    // The zone's own page says the same, with the check's age and a way to ask again.
    await page.goto(`/publish/zones/${dead}`);
    await expect(page.getByText(`Zone ${dead}: Kong unreachable`)).toBeVisible({ timeout: 30_000 });
    await expect(page.getByText(/checked \d+ s ago/).first()).toBeVisible();
    await page.screenshot({ path: ".data/test/screens/publish-zone-dead.png", fullPage: true });
  } finally {
    for (const zone of [dead, mute, live]) await request.delete(`/api/v1/zones/${zone}`);
  }
});
