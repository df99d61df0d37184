import { describe, expect, it } from "vitest";
import * as zones from "@/app/api/v1/zones/route";
import * as zone from "@/app/api/v1/zones/[name]/route";
import * as rovers from "@/app/api/v1/rovers/route";
import { prisma } from "@/lib/db/prisma";
import { getZoneConnection } from "@/lib/db/zones";
import { del, get, patch, post } from "./http";

const zoneBody = (name: string, extra: Record<string, unknown> = {}) => ({
  name,
  visibility: "ENTERPRISE",
  gatewayUrl: `https://${name}.gw.example.com`,
  identityProviderUrl: `https://idp.${name}.example.com`,
  kongAdminUrl: `http://127.0.0.1:8001/${name}`,
  ...extra,
});

describe("zones API", () => {
  it("creates a zone (201, ETag, derived fields) and reads it back", async () => {
    const created = await post(zones.POST, "/api/v1/zones", {
      body: zoneBody("eu-central", {
        dtcUrl: "https://dtc.eu-central.example.com",
        kongAdminToken: "s3cret",
      }),
    });
    expect(created.status).toBe(201);
    expect(created.headers.get("etag")).toBe('"1"');
    expect(created.json).toMatchObject({
      name: "eu-central",
      dtcEligible: true,
      hasKongAdminToken: true,
      roverCount: 0,
      revision: 1,
    });
    expect(created.json).not.toHaveProperty("kongAdminToken");
    expect(JSON.stringify(created.json)).not.toContain("s3cret");

    const read = await get(zone.GET, "/api/v1/zones/eu-central", { params: { name: "eu-central" } });
    expect(read.status).toBe(200);
    expect(read.json.createdAt).toMatch(/^\d{4}-\d\d-\d\dT/);
    expect(read.headers.get("etag")).toBe('"1"');
  });

  it("stores the Kong admin token encrypted and decrypts it for the Kong client", async () => {
    await post(zones.POST, "/api/v1/zones", {
      body: zoneBody("token-zone", { kongAdminToken: "kong-token-123" }),
    });
    const row = await prisma.zone.findUniqueOrThrow({ where: { name: "token-zone" } });
    expect(row.kongAdminTokenEnc).toBeTruthy();
    expect(row.kongAdminTokenEnc).not.toContain("kong-token-123");
    expect((await getZoneConnection("token-zone"))?.kongAdminToken).toBe("kong-token-123");
    // A ciphertext moved to another zone's row does not decrypt there (the zone name is authenticated).
    await post(zones.POST, "/api/v1/zones", { body: zoneBody("other-zone") });
    await prisma.zone.update({
      where: { name: "other-zone" },
      data: { kongAdminTokenEnc: row.kongAdminTokenEnc },
    });
    await expect(getZoneConnection("other-zone")).rejects.toThrow();
    const cleared = await patch(zone.PATCH, "/api/v1/zones/token-zone", {
      params: { name: "token-zone" },
      body: { kongAdminToken: null },
    });
    expect(cleared.json.hasKongAdminToken).toBe(false);
  });

  it("answers 422 with one message per bad field, with dotted paths", async () => {
    const res = await post(zones.POST, "/api/v1/zones", {
      body: {
        name: "Bad Name",
        visibility: "PUBLIC",
        gatewayUrl: "ftp://x",
        identityProviderUrl: "",
        extra: 1,
      },
    });
    expect(res.status).toBe(422);
    expect(res.json.error.code).toBe("validation_failed");
    const paths = res.json.error.details.map((d: { path: string }) => d.path);
    expect(paths).toEqual(
      expect.arrayContaining([
        "name",
        "visibility",
        "gatewayUrl",
        "identityProviderUrl",
        "kongAdminUrl",
        "extra",
      ]),
    );
    expect(new Set(paths).size).toBe(paths.length);
    expect(res.json.error.details.find((d: { path: string }) => d.path === "gatewayUrl").message).toMatch(
      /http/,
    );
  });

  it("answers 400 bad_request for malformed JSON", async () => {
    const res = await post(zones.POST, "/api/v1/zones", {
      rawBody: '{"name": ',
      headers: { "content-type": "application/json" },
    });
    expect(res.status).toBe(400);
    expect(res.json.error.code).toBe("bad_request");
  });

  it("answers 404 for a zone that does not exist (and for names that can't exist)", async () => {
    const res = await get(zone.GET, "/api/v1/zones/nowhere", { params: { name: "nowhere" } });
    expect(res.status).toBe(404);
    expect(res.json).toEqual({ error: { code: "not_found", message: "Zone nowhere does not exist" } });
    expect((await get(zone.GET, "/api/v1/zones/NO", { params: { name: "NO" } })).status).toBe(404);
    expect(
      (await patch(zone.PATCH, "/api/v1/zones/nowhere", { params: { name: "nowhere" }, body: {} })).status,
    ).toBe(404);
    expect((await del(zone.DELETE, "/api/v1/zones/nowhere", { params: { name: "nowhere" } })).status).toBe(
      404,
    );
  });

  it("answers 409 for a duplicate name and says which field", async () => {
    await post(zones.POST, "/api/v1/zones", { body: zoneBody("dup-zone") });
    const res = await post(zones.POST, "/api/v1/zones", {
      body: zoneBody("dup-zone", { gatewayUrl: "https://elsewhere.example.com" }),
    });
    expect(res.status).toBe(409);
    expect(res.json.error.code).toBe("conflict");
    expect(res.json.error.details).toEqual([{ path: "name", message: "Zone dup-zone already exists" }]);
  });

  it("refuses a DTC host that is another zone's gateway or DTC host, or its own gateway host", async () => {
    await post(zones.POST, "/api/v1/zones", {
      body: zoneBody("dtc-a", { dtcUrl: "https://dtc-a.example.com" }),
    });
    const onGateway = await post(zones.POST, "/api/v1/zones", {
      body: zoneBody("dtc-b", { dtcUrl: "https://dtc-a.gw.example.com/some/path" }),
    });
    expect(onGateway.status).toBe(409);
    expect(onGateway.json.error.message).toContain("zone dtc-a's gateway host");
    expect(onGateway.json.error.details[0].path).toBe("dtcUrl");

    const onDtc = await post(zones.POST, "/api/v1/zones", {
      body: zoneBody("dtc-b", { dtcUrl: "https://dtc-a.example.com" }),
    });
    expect(onDtc.status).toBe(409);
    expect(onDtc.json.error.message).toContain("zone dtc-a's DTC host");

    const own = await post(zones.POST, "/api/v1/zones", {
      body: zoneBody("dtc-b", { dtcUrl: "https://dtc-b.gw.example.com/dtc" }),
    });
    expect(own.status).toBe(409);
    expect(own.json.error.message).toContain("own gateway host");

    // The same rule on update.
    await post(zones.POST, "/api/v1/zones", {
      body: zoneBody("dtc-b", { dtcUrl: "https://dtc-b.example.com" }),
    });
    const updated = await patch(zone.PATCH, "/api/v1/zones/dtc-b", {
      params: { name: "dtc-b" },
      body: { dtcUrl: "https://dtc-a.example.com" },
    });
    expect(updated.status).toBe(409);
    const cleared = await patch(zone.PATCH, "/api/v1/zones/dtc-b", {
      params: { name: "dtc-b" },
      body: { dtcUrl: null },
    });
    expect(cleared.status).toBe(200);
    expect(cleared.json).toMatchObject({ dtcUrl: null, dtcEligible: false });
  });

  it("answers 412 to the second of two saves based on the same revision (If-Match or body revision)", async () => {
    await post(zones.POST, "/api/v1/zones", { body: zoneBody("occ-zone") });
    const read = await get(zone.GET, "/api/v1/zones/occ-zone", { params: { name: "occ-zone" } });
    const tag = read.headers.get("etag")!;
    const params = { name: "occ-zone" };
    const [a, b] = await Promise.all([
      patch(zone.PATCH, "/api/v1/zones/occ-zone", {
        params,
        headers: { "if-match": tag },
        body: { visibility: "WORLD" },
      }),
      patch(zone.PATCH, "/api/v1/zones/occ-zone", {
        params,
        headers: { "if-match": tag },
        body: { enforceIssuers: false },
      }),
    ]);
    expect([a.status, b.status].sort()).toEqual([200, 412]);
    const loser = a.status === 412 ? a : b;
    expect(loser.json.error.code).toBe("precondition_failed");
    expect(loser.json.error.details).toEqual({ currentRevision: 2 });

    const stale = await patch(zone.PATCH, "/api/v1/zones/occ-zone", {
      params,
      body: { revision: 1, visibility: "ENTERPRISE" },
    });
    expect(stale.status).toBe(412);
    const fresh = await patch(zone.PATCH, "/api/v1/zones/occ-zone", {
      params,
      body: { revision: 2, visibility: "ENTERPRISE" },
    });
    expect(fresh.status).toBe(200);
    expect(fresh.headers.get("etag")).toBe('"3"');
  });

  it("pages with limit/offset, X-Total-Count and Link, and filters by q, visibility and dtc", async () => {
    for (const n of ["page-a", "page-b", "page-c"]) {
      await post(zones.POST, "/api/v1/zones", {
        body: zoneBody(
          n,
          n === "page-b" ? { visibility: "WORLD", dtcUrl: `https://dtc.${n}.example.com` } : {},
        ),
      });
    }
    const first = await get(zones.GET, "/api/v1/zones?q=PAGE&limit=2");
    expect(first.status).toBe(200);
    expect(Array.isArray(first.json)).toBe(true);
    expect(first.json.map((z: { name: string }) => z.name)).toEqual(["page-a", "page-b"]);
    expect(first.headers.get("x-total-count")).toBe("3");
    expect(first.headers.get("link")).toBe('</api/v1/zones?q=PAGE&limit=2&offset=2>; rel="next"');
    const second = await get(zones.GET, "/api/v1/zones?q=page&limit=2&offset=2");
    expect(second.json.map((z: { name: string }) => z.name)).toEqual(["page-c"]);
    expect(second.headers.get("link")).toBe('</api/v1/zones?q=page&limit=2&offset=0>; rel="prev"');

    const world = await get(zones.GET, "/api/v1/zones?q=page&visibility=WORLD");
    expect(world.json.map((z: { name: string }) => z.name)).toEqual(["page-b"]);
    const dtc = await get(zones.GET, "/api/v1/zones?q=page&dtc=true");
    expect(dtc.json.map((z: { name: string }) => z.name)).toEqual(["page-b"]);
    const noDtc = await get(zones.GET, "/api/v1/zones?q=page&dtc=false");
    expect(noDtc.json.map((z: { name: string }) => z.name)).toEqual(["page-a", "page-c"]);

    const tooMany = await get(zones.GET, "/api/v1/zones?limit=501");
    expect(tooMany.status).toBe(422);
    expect(tooMany.json.error.details).toEqual([{ path: "limit", message: "limit must be at most 500" }]);
  });

  it("refuses to delete a zone that still holds rovers (listing them) unless cascade=true", async () => {
    await post(zones.POST, "/api/v1/zones", { body: zoneBody("busy-zone") });
    for (const version of ["1.0.0", "2.0.0"]) {
      const r = await post(rovers.POST, "/api/v1/rovers", {
        body: { name: "orders", version, zone: "busy-zone" },
      });
      expect(r.status).toBe(201);
    }
    const params = { name: "busy-zone" };
    const refused = await del(zone.DELETE, "/api/v1/zones/busy-zone", { params });
    expect(refused.status).toBe(409);
    expect(refused.json.error.message).toContain("orders 1.0.0, orders 2.0.0");
    expect(refused.json.error.details.references.rovers.count).toBe(2);

    const cascaded = await del(zone.DELETE, "/api/v1/zones/busy-zone?cascade=true", { params });
    expect(cascaded.status).toBe(200);
    expect(cascaded.json).toEqual({ deletedRovers: 2 });
    expect(await prisma.rover.count({ where: { name: "orders" } })).toBe(0);
    expect((await get(zone.GET, "/api/v1/zones/busy-zone", { params })).status).toBe(404);
  });
});
