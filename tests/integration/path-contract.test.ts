/**
 * The path contract through the real API and database: stripBasePath stored, returned, exported and
 * compiled; the issuer plugin setting; a ZONE exposure kept in its zone, with the reason on the
 * route and on the realms page's problems.
 */
import { beforeAll, describe, expect, it } from "vitest";
import * as zones from "@/app/api/v1/zones/route";
import * as zoneRoutes from "@/app/api/v1/zones/[name]/routes/route";
import * as kongConfig from "@/app/api/v1/zones/[name]/kong-config/route";
import * as rovers from "@/app/api/v1/rovers/route";
import * as rover from "@/app/api/v1/rovers/[id]/route";
import * as exporter from "@/app/api/v1/rovers/[id]/export/route";
import * as importer from "@/app/api/v1/rovers/import/route";
import * as settings from "@/app/api/v1/settings/route";
import * as topology from "@/app/api/v1/topology/route";
import { prisma } from "@/lib/db/prisma";
import { del, get, patch, post } from "./http";

const zone = (name: string, gatewayUrl: string) => ({
  name,
  visibility: "ENTERPRISE",
  gatewayUrl,
  identityProviderUrl: `https://idp.${name}.example.com`,
  dtcUrl: `https://dtc.${name}.example.com`,
  kongAdminUrl: `http://127.0.0.1:8001/${name}`,
});

const routesOf = async (name: string) => (await get(zoneRoutes.GET, `/api/v1/zones/${name}/routes`, { params: { name } })).json;
const deckOf = async (name: string) =>
  (await get(kongConfig.GET, `/api/v1/zones/${name}/kong-config?format=json`, { params: { name } })).json;

beforeAll(async () => {
  for (const body of [zone("eu-central", "https://gw.example.com/zone-01"), zone("eu-west", "https://eu-west.gw.example.com")]) {
    expect((await post(zones.POST, "/api/v1/zones", { body })).status).toBe(201);
  }
});

describe("stripBasePath", () => {
  it("defaults to false, is stored and returned, and is refused with its field named when not a boolean", async () => {
    const upstreams = [{ url: "http://orders.svc:8080/api" }];
    const created = await post(rovers.POST, "/api/v1/rovers", {
      body: { name: "orders", version: "1.0.0", zone: "eu-central", exposures: [{ basePath: "/orders", upstreams }] },
    });
    expect(created.status).toBe(201);
    expect(created.json.exposures[0].stripBasePath).toBe(false);

    const bad = await patch(rover.PATCH, `/api/v1/rovers/${created.json.id}`, {
      params: { id: created.json.id },
      body: { exposures: [{ basePath: "/orders", upstreams, stripBasePath: "yes" }] },
    });
    expect(bad.status).toBe(422);
    expect(bad.json.error.details).toEqual([{ path: "exposures.0.stripBasePath", message: "Strip base path must be true or false" }]);
    expect((await get(rover.GET, `/api/v1/rovers/${created.json.id}`, { params: { id: created.json.id } })).json.exposures[0].stripBasePath).toBe(false);

    const on = await patch(rover.PATCH, `/api/v1/rovers/${created.json.id}`, {
      params: { id: created.json.id },
      body: { exposures: [{ basePath: "/orders", upstreams, stripBasePath: true }] },
    });
    expect(on.status).toBe(200);
    expect(on.json.exposures[0].stripBasePath).toBe(true);

    // Compiled: the gateway's path and the base path are stripped, the upstream path stays.
    const [route] = (await routesOf("eu-central")).filter((r: { basePath: string }) => r.basePath === "/orders");
    expect(route.stripBasePath).toBe(true);
    expect(route.downstreams[0]).toMatchObject({ path: "/zone-01/orders", stripPrefix: "/zone-01/orders" });
    expect(route.expression).toContain('&& http.path ^= "/zone-01/orders")');
    const service = (await deckOf("eu-central")).services.find((s: { name: string }) => s.name === route.name);
    expect(service.path).toBe("/api");
    expect(service.routes[0].strip_path).toBe(true);

    // Round trip through the rover file keeps it.
    const exported = await get(exporter.GET, `/api/v1/rovers/${created.json.id}/export`, { params: { id: created.json.id } });
    expect(exported.text).toContain("stripBasePath: true");
    expect((await del(rover.DELETE, `/api/v1/rovers/${created.json.id}`, { params: { id: created.json.id } })).status).toBe(204);
    const imported = await post(importer.POST, "/api/v1/rovers/import", { rawBody: exported.text, headers: { "content-type": "application/yaml" } });
    expect(imported.status).toBe(201);
    expect(imported.json.exposures[0].stripBasePath).toBe(true);
    await del(rover.DELETE, `/api/v1/rovers/${imported.json.id}`, { params: { id: imported.json.id } });
  });
});

describe("proxy routes forward what the provider's real route expects", () => {
  it("the proxy's service is the provider's default gateway URL with its path, and the subscriber gateway's path is not forwarded", async () => {
    const provider = await post(rovers.POST, "/api/v1/rovers", {
      body: { name: "billing", version: "1.0.0", zone: "eu-central", exposures: [{ basePath: "/billing", upstreams: [{ url: "http://billing.svc/api" }] }] },
    });
    const subscriber = await post(rovers.POST, "/api/v1/rovers", {
      body: { name: "shop", version: "1.0.0", zone: "eu-west", subscriptions: [{ basePath: "/billing", approved: true }] },
    });
    try {
      const [proxy] = (await routesOf("eu-west")).filter((r: { basePath: string }) => r.basePath === "/billing");
      expect(proxy.kind).toBe("proxy");
      expect(proxy.upstream).toEqual({ targets: [{ url: "https://gw.example.com/zone-01", weight: 100 }], viaZone: "eu-central" });
      const service = (await deckOf("eu-west")).services.find((s: { name: string }) => s.name === proxy.name);
      expect(service).toMatchObject({ host: "gw.example.com", path: "/zone-01" });
      expect(service.routes[0].strip_path).toBe(false);
    } finally {
      for (const r of [provider, subscriber]) await del(rover.DELETE, `/api/v1/rovers/${r.json.id}`, { params: { id: r.json.id } });
    }
  });
});

describe("ZONE stays in its zone", () => {
  it("a failover subscriber in the provider zone gets no failover routes elsewhere, and the preview says why", async () => {
    const provider = await post(rovers.POST, "/api/v1/rovers", {
      body: {
        name: "ledger",
        version: "1.0.0",
        zone: "eu-central",
        exposures: [{ basePath: "/ledger", upstreams: [{ url: "http://ledger.svc" }], visibility: "ZONE" }],
      },
    });
    const subscriber = await post(rovers.POST, "/api/v1/rovers", {
      body: { name: "audit", version: "1.0.0", zone: "eu-central", failoverEnabled: true, subscriptions: [{ basePath: "/ledger", approved: true }] },
    });
    try {
      expect((await routesOf("eu-west")).filter((r: { basePath: string }) => r.basePath === "/ledger")).toEqual([]);
      const [real] = (await routesOf("eu-central")).filter((r: { basePath: string }) => r.basePath === "/ledger");
      expect(real.realm).toBe("default");
      expect(real.reasons).toContainEqual(
        expect.objectContaining({ type: "failover", message: "Failover subscription by audit@1.0.0 (zone eu-central): exposure is ZONE: no failover routes outside eu-central" }),
      );
      const central = (await get(topology.GET, "/api/v1/topology")).json.zones.find((z: { name: string }) => z.name === "eu-central");
      expect(central.problems).toContainEqual(expect.objectContaining({ code: "failover-refused" }));
    } finally {
      for (const r of [provider, subscriber]) await del(rover.DELETE, `/api/v1/rovers/${r.json.id}`, { params: { id: r.json.id } });
    }
  });
});

describe("issuer plugin setting", () => {
  it("defaults to jwt-keycloak, takes a supported plugin, and refuses an unknown one with 422 naming the field", async () => {
    const current = (await get(settings.GET, "/api/v1/settings")).json;
    expect(current.issuerPlugin).toBe("jwt-keycloak");
    const bad = await patch(settings.PATCH, "/api/v1/settings", { body: { issuerPlugin: "kong-oidc" } });
    expect(bad.status).toBe(422);
    expect(bad.json.error.details).toEqual([{ path: "issuerPlugin", message: "Issuer plugin must be one of jwt-keycloak, openid-connect" }]);
    expect((await get(settings.GET, "/api/v1/settings")).json.revision).toBe(current.revision);
    // Written around the API, an unknown plugin is refused by the database itself.
    await expect(prisma.$executeRaw`update "Settings" set "issuerPlugin" = 'kong-oidc' where id = 1`).rejects.toThrow();

    const created = await post(rovers.POST, "/api/v1/rovers", {
      body: { name: "vault", version: "1.0.0", zone: "eu-west", exposures: [{ basePath: "/vault", upstreams: [{ url: "http://vault.svc" }] }] },
    });
    try {
      const ok = await patch(settings.PATCH, "/api/v1/settings", { body: { issuerPlugin: "openid-connect" } });
      expect(ok.status).toBe(200);
      expect(ok.json.issuerPlugin).toBe("openid-connect");
      const service = (await deckOf("eu-west")).services.find((s: { name: string }) => s.name.startsWith("vault-"));
      expect(service.plugins).toEqual([
        expect.objectContaining({
          name: "openid-connect",
          config: expect.objectContaining({ issuers_allowed: ["https://idp.eu-west.example.com/auth/realms/default"] }),
        }),
      ]);
    } finally {
      await patch(settings.PATCH, "/api/v1/settings", { body: { issuerPlugin: "jwt-keycloak" } });
      await del(rover.DELETE, `/api/v1/rovers/${created.json.id}`, { params: { id: created.json.id } });
    }
  });
});
