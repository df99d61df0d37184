/**
 * Viewers' dry runs (the Publish page opens one per zone for everyone who looks) send a zone's Kong
 * one read per interval, however many ask — a dead Kong included — and a change to what the plan
 * depends on is seen at once. Publishers plan against Kong every time.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as publish from "@/app/api/v1/zones/[name]/publish/route";
import * as tenants from "@/app/api/v1/tenants/route";
import * as zones from "@/app/api/v1/zones/route";
import { createApiToken } from "@/lib/auth/tokens";
import { currentGeneration, startListening } from "@/lib/db/changes";
import { startKongStandin, type KongStandin } from "@/scripts/kong-standin/server";
import { post, unique } from "./http";

let kong: KongStandin;
let viewer: string;
let publisher: string;

beforeAll(async () => {
  kong = await startKongStandin({ adminPort: 0, proxyPort: 0, host: "127.0.0.1" });
  expect(await startListening()).toBe(true);
  const by = { actor: "test", requestId: null };
  viewer = (await createApiToken({ name: unique("viewer"), role: "viewer" }, by)).token;
  publisher = (await createApiToken({ name: unique("publisher"), role: "publisher" }, by)).token;
});
afterAll(async () => {
  await kong.close();
});

async function createZone(name: string, kongAdminUrl: string) {
  const res = await post(zones.POST, "/api/v1/zones", {
    body: {
      name,
      visibility: "ENTERPRISE",
      gatewayUrl: `https://${name}.gw.example.com`,
      identityProviderUrl: `https://idp.${name}.example.com`,
      enforceIssuers: false,
      kongAdminUrl,
    },
  });
  expect(res.status, res.text).toBe(201);
}

const dryRun = (zone: string, token: string) => post(publish.POST, "/x?dryRun=true", { params: { name: zone }, token });
const reads = (zone: string) => kong.state.get(zone)?.stats.adminReads ?? 0;

/** Until this process has heard its own write's notification (the cache key moves with it). */
async function settled(): Promise<void> {
  const before = currentGeneration("domain");
  for (let i = 0; i < 50 && currentGeneration("domain") === before; i++) await new Promise((r) => setTimeout(r, 100));
}

describe("viewers' dry runs", () => {
  it("share one read of Kong per zone and interval, see a data change at once, and never hold back a publisher", async () => {
    const zone = unique("preview-cache");
    await createZone(zone, kong.zoneAdminUrl(zone));
    await settled();

    const first = await dryRun(zone, viewer);
    expect(first.status, first.text).toBe(200);
    const afterFirst = reads(zone);
    expect(afterFirst).toBeGreaterThan(0);
    const second = await dryRun(zone, viewer);
    expect(second.status).toBe(200);
    expect(reads(zone)).toBe(afterFirst);
    expect(second.json.plan).toEqual(first.json.plan);
    expect(second.json.ageSeconds).toBeGreaterThanOrEqual(0);

    // A publisher acts on what Kong holds now.
    expect((await dryRun(zone, publisher)).status).toBe(200);
    const afterPublisher = reads(zone);
    expect(afterPublisher).toBeGreaterThan(afterFirst);

    // Any change to the estate's data makes the next viewer's plan a new one.
    const tenant = await post(tenants.POST, "/api/v1/tenants", { body: { name: unique("t").replace(/-/g, "_"), description: "" } });
    expect(tenant.status, tenant.text).toBe(201);
    await settled();
    expect((await dryRun(zone, viewer)).status).toBe(200);
    expect(reads(zone)).toBeGreaterThan(afterPublisher);
  });

  it("keep a dead Kong's refusal for the interval instead of asking it again for every viewer", async () => {
    const silent = await import("node:net").then(
      ({ createServer }) =>
        new Promise<{ port: number; connections: () => number; close: () => void }>((resolve) => {
          let connections = 0;
          const server = createServer((socket) => {
            connections++;
            socket.destroy();
          });
          server.listen(0, "127.0.0.1", () =>
            resolve({
              port: (server.address() as { port: number }).port,
              connections: () => connections,
              close: () => server.close(),
            }),
          );
        }),
    );
    try {
      const zone = unique("preview-dead");
      await createZone(zone, `http://127.0.0.1:${silent.port}/kong`);
      await settled();
      const first = await dryRun(zone, viewer);
      expect(first.status).toBe(412);
      const connections = silent.connections();
      expect(connections).toBeGreaterThan(0);
      const again = await dryRun(zone, viewer);
      expect(again.status).toBe(412);
      expect(again.json.error.message).toBe(first.json.error.message);
      expect(silent.connections()).toBe(connections);
    } finally {
      silent.close();
    }
  });
});
