import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as entitlements from "@/app/api/v1/entitlements/route";
import * as rovers from "@/app/api/v1/rovers/route";
import * as tenants from "@/app/api/v1/tenants/route";
import * as zone from "@/app/api/v1/zones/[name]/route";
import * as publish from "@/app/api/v1/zones/[name]/publish/route";
import * as routesOfZone from "@/app/api/v1/zones/[name]/routes/route";
import * as zones from "@/app/api/v1/zones/route";
import { prisma } from "@/lib/db/prisma";
import { startKongStandin, type KongStandin } from "@/scripts/kong-standin/server";
import { apiRoutes, fill, paramsOf } from "./api-routes";
import { get, patch, post } from "./http";

/**
 * A Kong admin token goes in and never comes out: every GET endpoint under /api/v1 (found by
 * walking app/api/v1) is read after a zone with a token was created, published and rotated, and
 * neither the token nor its ciphertext appears in any answer.
 */
let kong: KongStandin;
const ZONE = "vault";
const TOKEN = `kong-admin-${randomUUID()}`;
const ROTATED = `kong-admin-rotated-${randomUUID()}`;

beforeAll(async () => {
  kong = await startKongStandin({ adminPort: 0, proxyPort: 0, host: "127.0.0.1" });
  kong.configureZone(ZONE, { adminToken: TOKEN });
});
afterAll(async () => {
  await kong.close();
});

describe("Kong admin tokens", () => {
  it("appear in no answer of any GET endpoint", async () => {
    const created = await post(zones.POST, "/api/v1/zones", {
      body: {
        name: ZONE,
        visibility: "ENTERPRISE",
        gatewayUrl: `https://${ZONE}.gw.example.com`,
        identityProviderUrl: `https://idp.${ZONE}.example.com`,
        dtcUrl: `https://${ZONE}.dtc.example.com`,
        enforceIssuers: false,
        kongAdminUrl: kong.zoneAdminUrl(ZONE),
        kongAdminToken: TOKEN,
      },
    });
    expect(created.status, created.text).toBe(201);
    const rover = await post(rovers.POST, "/api/v1/rovers", {
      body: {
        name: "ledger",
        version: "1.0.0",
        zone: ZONE,
        exposures: [
          {
            basePath: "/ledger",
            upstreams: [{ url: "http://ledger.svc.cluster.local:8080" }],
            tenantAccess: "ENTITLED",
          },
        ],
      },
    });
    expect(rover.status, rover.text).toBe(201);
    expect((await post(tenants.POST, "/api/v1/tenants", { body: { name: "bank" } })).status).toBe(201);
    expect(
      (
        await post(entitlements.POST, "/api/v1/entitlements", {
          body: { tenant: "bank", application: "ledger", version: "1.0.0" },
        })
      ).status,
    ).toBe(201);
    // The publish reaches Kong only with the token: proof it was stored and used.
    const published = await post(publish.POST, `/api/v1/zones/${ZONE}/publish?wait=true`, {
      params: { name: ZONE },
    });
    expect(published.status, published.text).toBe(200);
    expect(published.json.status).toBe("SUCCEEDED");
    const rotated = await patch(zone.PATCH, `/api/v1/zones/${ZONE}`, {
      params: { name: ZONE },
      body: { kongAdminToken: ROTATED },
    });
    expect(rotated.status).toBe(200);
    kong.configureZone(ZONE, { adminToken: ROTATED });

    const [row] = await prisma.zone.findMany({ where: { name: ZONE }, select: { kongAdminTokenEnc: true } });
    const ciphertext = row.kongAdminTokenEnc!;
    expect(ciphertext).toBeTruthy();
    const routeName = (
      await get(routesOfZone.GET, `/api/v1/zones/${ZONE}/routes`, { params: { name: ZONE } })
    ).json[0].name as string;

    const values: Record<string, string> = {
      zones: ZONE,
      rovers: rover.json.id,
      tenants: "bank",
      publishes: published.json.id,
      routes: routeName,
    };
    const forbidden = [TOKEN, ROTATED, ciphertext, ciphertext.split(":")[3]];
    const fetched: string[] = [];
    for (const route of await apiRoutes()) {
      const handler = route.handlers.GET;
      if (!handler) continue;
      const params = Object.fromEntries(
        paramsOf(route).map(({ name, parent }) => [name, values[parent] ?? randomUUID()]),
      );
      const base = fill(route, params);
      for (const url of [base, `${base}?format=json&limit=1000`]) {
        const res = await get(handler, url, { params });
        fetched.push(`${res.status} ${url}`);
        expect(res.status, `${url}: ${res.text.slice(0, 200)}`).toBeLessThan(500);
        for (const secret of forbidden) expect(res.text, url).not.toContain(secret);
      }
    }
    // Not vacuous: the zone, its derived views, the audit trail and the publish were all read.
    const ok = fetched.filter((f) => f.startsWith("200 "));
    for (const must of [
      `/api/v1/zones/${ZONE}`,
      `/api/v1/zones/${ZONE}/kong-config`,
      `/api/v1/zones/${ZONE}/drift`,
      `/api/v1/audit`,
      `/api/v1/publishes/${published.json.id}`,
    ]) {
      expect(ok.some((f) => f === `200 ${must}`) || !fetched.some((f) => f.endsWith(` ${must}`)), must).toBe(
        true,
      );
    }
    expect(ok.length).toBeGreaterThanOrEqual(20);
  });
});
