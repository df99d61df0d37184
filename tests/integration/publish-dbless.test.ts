import { parse as parseYaml } from "yaml";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as rovers from "@/app/api/v1/rovers/route";
import * as publish from "@/app/api/v1/zones/[name]/publish/route";
import * as zones from "@/app/api/v1/zones/route";
import { expandPluginList } from "@/scripts/kong-standin/plugins";
import { startKongStandin, type KongStandin } from "@/scripts/kong-standin/server";
import { post } from "./http";

/**
 * A DB-less node takes its whole configuration in one `POST /config`, and Kong drops whatever the
 * body leaves out. A publish must replace only the zone's own entities and hand everything else
 * back as the node had it. Real PostgreSQL, real handlers, the stand-in as a DB-less Kong.
 */
let kong: KongStandin;

beforeAll(async () => {
  kong = await startKongStandin({ adminPort: 0, proxyPort: 0, host: "127.0.0.1" });
});
afterAll(async () => {
  await kong.close();
});

type Entity = { id: string; name?: string; tags?: string[] | null } & Record<string, unknown>;

async function createZone(name: string) {
  kong.configureZone(name, { database: "off", plugins: expandPluginList(["bundled", "jwt-keycloak"]) });
  const res = await post(zones.POST, "/api/v1/zones", {
    body: {
      name,
      visibility: "ENTERPRISE",
      gatewayUrl: `https://${name}.gw.example.com`,
      identityProviderUrl: `https://iam.${name}.example.com`,
      enforceIssuers: true,
      kongAdminUrl: kong.zoneAdminUrl(name),
    },
  });
  expect(res.status, res.text).toBe(201);
}

async function createRover(zone: string, name: string) {
  const res = await post(rovers.POST, "/api/v1/rovers", {
    body: {
      name,
      version: "1.0.0",
      zone,
      exposures: [
        {
          basePath: `/${name}`,
          // Two weighted upstreams: a Kong upstream with targets as well.
          upstreams: [
            { url: `http://${name}-a.${zone}.svc:8080`, weight: 70 },
            { url: `http://${name}-b.${zone}.svc:8080`, weight: 30 },
          ],
          visibility: "WORLD",
          tenantAccess: "NONE",
        },
      ],
    },
  });
  expect(res.status, res.text).toBe(201);
}

/** What an operator loaded before Switchyard came: their own services, routes, consumers and a global plugin. */
function operatorConfig(zone: string) {
  const svc = "0b6f2b2e-1f6e-4d7a-9a3b-1a0000000001";
  return {
    _format_version: "3.0",
    services: [
      { id: svc, name: "team-b-health", protocol: "http", host: "health.internal", port: 8080, path: "/healthz", tags: ["team-b"] },
      // Switchyard's tag but another zone's: not this zone's to replace.
      { id: "0b6f2b2e-1f6e-4d7a-9a3b-1a0000000002", name: "other-zone-svc", protocol: "http", host: "o.internal", port: 80, tags: ["switchyard", "zone:elsewhere"] },
      // This zone's tags on something no compile produces: replaced away like any stale managed entity.
      { id: "0b6f2b2e-1f6e-4d7a-9a3b-1a0000000003", name: "stale-managed", protocol: "http", host: "s.internal", port: 80, tags: ["switchyard", `zone:${zone}`] },
    ],
    routes: [
      { id: "0b6f2b2e-1f6e-4d7a-9a3b-1a0000000011", name: "team-b-health", expression: 'http.path == "/healthz"', priority: 5, service: svc, tags: ["team-b"] },
    ],
    consumers: [
      { id: "0b6f2b2e-1f6e-4d7a-9a3b-1a0000000021", username: "monitoring", custom_id: "mon-1", tags: ["ops"] },
      { id: "0b6f2b2e-1f6e-4d7a-9a3b-1a0000000022", username: "partner-x" },
    ],
    plugins: [
      // Global: no route, service or consumer.
      { id: "0b6f2b2e-1f6e-4d7a-9a3b-1a0000000031", name: "correlation-id", config: { header_name: "X-Request-ID", echo_downstream: true } },
      { id: "0b6f2b2e-1f6e-4d7a-9a3b-1a0000000032", name: "key-auth", service: svc, config: { key_names: ["apikey"] }, tags: ["team-b"] },
    ],
  };
}

/** The node's configuration as it exports it (`GET /config`). */
async function exported(zone: string): Promise<Record<string, Entity[]>> {
  const body = (await (await fetch(`${kong.zoneAdminUrl(zone)}/config`)).json()) as { config: string };
  return parseYaml(body.config) as Record<string, Entity[]>;
}

const ours = (zone: string) => (e: Entity) => Boolean(e.tags?.includes("switchyard") && e.tags.includes(`zone:${zone}`));

/**
 * Every entity of the export that isn't the zone's own, per type. Without `updated_at`: the node
 * stamps every entity of a configuration it loads (the stand-in as Kong's declarative import), so
 * that field tells when the node last loaded, not whether the entity was kept.
 */
async function notOurs(zone: string): Promise<Record<string, Entity[]>> {
  const config = await exported(zone);
  return Object.fromEntries(
    Object.entries(config)
      .filter(([key, value]) => !key.startsWith("_") && Array.isArray(value))
      .map(([key, value]) => [key, value.filter((e) => !ours(zone)(e)).map(({ updated_at: _stamp, ...rest }) => rest as Entity)])
      .filter(([, value]) => value.length > 0),
  );
}

const publishNow = (zone: string) =>
  post(publish.POST, `/api/v1/zones/${zone}/publish?wait=true`, { params: { name: zone } });

async function loadOperatorConfig(zone: string) {
  const res = await fetch(`${kong.zoneAdminUrl(zone)}/config`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(operatorConfig(zone)),
  });
  expect(res.status, await res.text()).toBe(201);
}

describe("DB-less publish", () => {
  it("keeps every entity that isn't the zone's unchanged across two publishes, while the zone's own are replaced", async () => {
    const zone = "dbless-keep";
    await createZone(zone);
    await createRover(zone, "orders");
    await loadOperatorConfig(zone);
    const before = await notOurs(zone);
    expect(before.services.map((s) => s.name).sort()).toEqual(["other-zone-svc", "team-b-health"]);
    expect(before.consumers).toHaveLength(2);
    expect(before.plugins).toHaveLength(2);

    const first = await publishNow(zone);
    expect(first.status, first.text).toBe(200);
    expect(first.json).toMatchObject({ status: "SUCCEEDED", summary: { mode: "config" } });
    expect(await notOurs(zone)).toEqual(before);
    const managed = await exported(zone);
    const names = (kind: string) => managed[kind].filter(ours(zone)).map((e) => String(e.name ?? e.target)).sort();
    expect(names("services")).toEqual(["orders-1.0.0-orders"]);
    expect(names("routes")).toEqual(["orders-1.0.0-orders"]);
    expect(names("upstreams")).toHaveLength(1);
    expect(names("targets")).toHaveLength(2);
    expect(names("plugins")).toEqual(["jwt-keycloak"]);

    // A second publish that changes something (a new application): still only the zone's own move.
    await createRover(zone, "billing");
    const second = await publishNow(zone);
    expect(second.json).toMatchObject({ status: "SUCCEEDED", summary: { mode: "config", create: 6 } });
    expect(await notOurs(zone)).toEqual(before);
    expect((await exported(zone)).routes.filter(ours(zone))).toHaveLength(2);

    // Nothing changed: nothing is sent.
    const third = await publishNow(zone);
    expect(third.json).toMatchObject({ status: "SUCCEEDED", summary: { create: 0, update: 0, delete: 0 } });
  });

  it("a node answering 429 twice (a previous configuration still loading) is retried with backoff and the publish succeeds", async () => {
    const zone = "dbless-busy";
    await createZone(zone);
    await createRover(zone, "orders");
    await loadOperatorConfig(zone);
    const before = await notOurs(zone);
    kong.setFaults(zone, { configBusy: 2 });
    const res = await publishNow(zone);
    expect(res.json).toMatchObject({ status: "SUCCEEDED", summary: { mode: "config" } });
    expect(kong.state.get(zone)!.faults.configBusy).toBe(0);
    expect(await notOurs(zone)).toEqual(before);
    expect((await exported(zone)).routes.filter(ours(zone))).toHaveLength(1);
  });

  it("a node that keeps answering 429: the publish ends FAILED saying it gave up, and nothing changed", async () => {
    const zone = "dbless-stuck";
    await createZone(zone);
    await createRover(zone, "orders");
    await loadOperatorConfig(zone);
    const before = await exported(zone);
    kong.setFaults(zone, { configBusy: 1_000 });
    const res = await publishNow(zone);
    kong.setFaults(zone, {});
    expect(res.json.status).toBe("FAILED");
    expect(res.json.error).toMatch(/429.*still after \d+ attempts/);
    expect(res.json.summary).toMatchObject({ applied: 0 });
    expect(await exported(zone)).toEqual(before);
  }, 30_000);
});
