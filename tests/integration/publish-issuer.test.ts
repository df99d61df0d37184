import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as publishOne from "@/app/api/v1/publishes/[id]/route";
import * as publishes from "@/app/api/v1/publishes/route";
import * as rovers from "@/app/api/v1/rovers/route";
import * as publish from "@/app/api/v1/zones/[name]/publish/route";
import * as zones from "@/app/api/v1/zones/route";
import { expandPluginList } from "@/scripts/kong-standin/plugins";
import { startKongStandin, type KongStandin } from "@/scripts/kong-standin/server";
import { get, post } from "./http";

/**
 * Issuer enforcement against a node that may not have the plugin: the publish reads the node's
 * plugins first and refuses before any write, and where the node has it, every route reaches Kong
 * with its issuer plugin on its own service. Real PostgreSQL, real handlers, the stand-in's Admin API.
 */
let kong: KongStandin;

beforeAll(async () => {
  kong = await startKongStandin({ adminPort: 0, proxyPort: 0, host: "127.0.0.1" });
});
afterAll(async () => {
  await kong.close();
});

async function createZone(name: string, enforceIssuers: boolean) {
  const res = await post(zones.POST, "/api/v1/zones", {
    body: {
      name,
      visibility: "ENTERPRISE",
      gatewayUrl: `https://${name}.gw.example.com`,
      identityProviderUrl: `https://iam.${name}.example.com`,
      enforceIssuers,
      kongAdminUrl: kong.zoneAdminUrl(name),
    },
  });
  expect(res.status, res.text).toBe(201);
  const rover = await post(rovers.POST, "/api/v1/rovers", {
    body: {
      name: "orders",
      version: "1.0.0",
      zone: name,
      exposures: [
        {
          basePath: "/orders",
          upstreams: [{ url: `http://orders.${name}.svc:8080/api` }],
          visibility: "WORLD",
          tenantAccess: "NONE",
          endpoints: [
            { methods: ["GET"], path: "/" },
            { methods: ["GET", "PUT"], path: "/{id}" },
          ],
        },
      ],
    },
  });
  expect(rover.status, rover.text).toBe(201);
}

type Entity = { id: string; name?: string; service?: { id: string } | null; route?: { id: string } | null };

async function kongList(zone: string, kind: string): Promise<Entity[]> {
  const page = (await (await fetch(`${kong.zoneAdminUrl(zone)}/${kind}?size=1000`)).json()) as { data: Entity[] };
  return page.data;
}

const writes = async (zone: string) =>
  ((await (await fetch(`${kong.zoneAdminUrl(zone)}/_stats`)).json()) as { adminWrites: number }).adminWrites;

const publishNow = (zone: string) =>
  post(publish.POST, `/api/v1/zones/${zone}/publish?wait=true`, { params: { name: zone } });

describe("issuer plugin the node must have", () => {
  it("a node without jwt-keycloak: the publish and its dry run are refused before any write, naming the zone, the plugin and the fix", async () => {
    const zone = "iss-missing";
    await createZone(zone, true);
    // The node runs Kong's bundled plugins only (the stand-in's default, as a stock Kong OSS).
    const info = (await (await fetch(kong.zoneAdminUrl(zone))).json()) as { plugins: { available_on_server: Record<string, unknown> } };
    expect(Object.keys(info.plugins.available_on_server)).toContain("jwt");
    expect(Object.keys(info.plugins.available_on_server)).not.toContain("jwt-keycloak");

    const refused = await publishNow(zone);
    expect(refused.status, refused.text).toBe(412);
    expect(refused.json.error.code).toBe("precondition_failed");
    const message = refused.json.error.message as string;
    expect(message).toContain(`zone ${zone}`);
    expect(message).toContain("jwt-keycloak");
    expect(message).toContain("plugins = bundled,jwt-keycloak");
    expect(message).toContain(`turn issuer enforcement off for zone ${zone}`);

    // Nothing reached Kong, nothing is half-written, and no publish is left behind as if it ran.
    expect(await writes(zone)).toBe(0);
    for (const kind of ["services", "routes", "plugins"]) expect(await kongList(zone, kind)).toEqual([]);
    expect((await get(publishes.GET, `/api/v1/publishes?zone=${zone}`)).json).toEqual([]);

    const dry = await post(publish.POST, `/api/v1/zones/${zone}/publish?dryRun=true`, { params: { name: zone } });
    expect(dry.status).toBe(412);
    expect(dry.json.error.message).toBe(message);
  });

  it("the same zone once the node has the plugin: every route goes live with its issuer plugin on its own service", async () => {
    const zone = "iss-present";
    await createZone(zone, true);
    expect((await publishNow(zone)).status).toBe(412);
    kong.configureZone(zone, { plugins: expandPluginList(["bundled", "jwt-keycloak"]) });

    const done = await publishNow(zone);
    expect(done.status, done.text).toBe(200);
    expect(done.json.status).toBe("SUCCEEDED");
    const [services, routes, plugins] = await Promise.all([
      kongList(zone, "services"),
      kongList(zone, "routes"),
      kongList(zone, "plugins"),
    ]);
    expect(routes).toHaveLength(2);
    expect(services).toHaveLength(2);
    expect(plugins).toHaveLength(2);
    for (const route of routes) {
      const guard = plugins.filter((p) => p.service?.id === route.service?.id);
      expect(guard.map((p) => p.name), route.name).toEqual(["jwt-keycloak"]);
      expect(guard[0].route ?? null).toBeNull();
    }
    // Each plugin was written in a step before its route's (steps are barriers).
    const detail = (await get(publishOne.GET, "/x", { params: { id: done.json.id } })).json as {
      operations: { step: number; kind: string; status: string }[];
    };
    const steps = (kind: string) => detail.operations.filter((o) => o.kind === kind).map((o) => o.step);
    expect(Math.max(...steps("plugin"))).toBeLessThan(Math.min(...steps("route")));
    expect(detail.operations.every((o) => o.status === "APPLIED")).toBe(true);
    const again = await publishNow(zone);
    expect(again.json.summary).toMatchObject({ create: 0, update: 0, delete: 0 });
  });

  it("a zone that doesn't enforce issuers publishes to a node without the plugin", async () => {
    const zone = "iss-off";
    await createZone(zone, false);
    const done = await publishNow(zone);
    expect(done.json.status).toBe("SUCCEEDED");
    expect(await kongList(zone, "plugins")).toEqual([]);
    expect(await kongList(zone, "routes")).toHaveLength(2);
  });
});
