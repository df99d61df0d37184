import { beforeAll, describe, expect, it } from "vitest";
import * as zones from "@/app/api/v1/zones/route";
import * as rovers from "@/app/api/v1/rovers/route";
import * as rover from "@/app/api/v1/rovers/[id]/route";
import { del, get, patch, post } from "./http";

const ordersExposure = {
  basePath: "/orders",
  upstreams: [{ url: "http://orders.svc:8080/api", weight: 80 }, { url: "http://orders-b.svc:8080/api" }],
  visibility: "ENTERPRISE",
  tenantAccess: "NONE",
  endpoints: [{ methods: ["GET", "POST"], path: "/{id}/items/*" }],
};

beforeAll(async () => {
  for (const name of ["eu-central", "eu-west"]) {
    const res = await post(zones.POST, "/api/v1/zones", {
      body: {
        name,
        visibility: "ENTERPRISE",
        gatewayUrl: `https://${name}.gw.example.com`,
        identityProviderUrl: `https://idp.${name}.example.com`,
        kongAdminUrl: `http://127.0.0.1:8001/${name}`,
      },
    });
    expect(res.status).toBe(201);
  }
});

describe("rovers API", () => {
  it("creates a rover with exposures and subscriptions and returns them in order, with defaults", async () => {
    const res = await post(rovers.POST, "/api/v1/rovers", {
      body: {
        name: "orders",
        version: "1.0.0",
        zone: "eu-central",
        exposures: [ordersExposure],
        subscriptions: [{ basePath: "/billing", approved: true }, { basePath: "/stock" }],
      },
    });
    expect(res.status).toBe(201);
    expect(res.headers.get("location")).toBe(`/api/v1/rovers/${res.json.id}`);
    expect(res.json).toMatchObject({
      name: "orders",
      version: "1.0.0",
      zone: "eu-central",
      failoverEnabled: false,
      revision: 1,
      exposures: [
        {
          basePath: "/orders",
          upstreams: [
            { url: "http://orders.svc:8080/api", weight: 80 },
            { url: "http://orders-b.svc:8080/api", weight: 100 },
          ],
          endpoints: [{ methods: ["GET", "POST"], path: "/{id}/items/*" }],
        },
      ],
      subscriptions: [
        { basePath: "/billing", approved: true },
        { basePath: "/stock", approved: false },
      ],
    });
    const read = await get(rover.GET, `/api/v1/rovers/${res.json.id}`, { params: { id: res.json.id } });
    expect(read.json).toEqual(res.json);
    expect(read.headers.get("etag")).toBe('"1"');
  });

  it("answers 422 with one message per bad field, paths into nested lists", async () => {
    const res = await post(rovers.POST, "/api/v1/rovers", {
      body: {
        name: "bad",
        version: "one",
        zone: "eu-central",
        exposures: [
          {
            basePath: "/ok",
            upstreams: [{ url: "http://fine.svc" }, { url: 'http://x".svc', weight: 500 }],
            endpoints: [{ methods: ["GET"], path: "/a/*/b" }],
          },
          { basePath: "/Bad Path", upstreams: [] },
        ],
      },
    });
    expect(res.status).toBe(422);
    const byPath = Object.fromEntries(
      res.json.error.details.map((d: { path: string; message: string }) => [d.path, d.message]),
    );
    expect(Object.keys(byPath).sort()).toEqual(
      [
        "version",
        "exposures.0.upstreams.1.url",
        "exposures.0.upstreams.1.weight",
        "exposures.0.endpoints.0.path",
        "exposures.1.basePath",
        "exposures.1.upstreams",
      ].sort(),
    );
    expect(byPath["exposures.0.upstreams.1.weight"]).toBe("Weight must be at most 100");
    expect(byPath["exposures.1.upstreams"]).toBe("Add at least one upstream");
  });

  it("answers 422 on zone when the zone does not exist (create and update)", async () => {
    const res = await post(rovers.POST, "/api/v1/rovers", {
      body: { name: "ghost", version: "1.0.0", zone: "nowhere" },
    });
    expect(res.status).toBe(422);
    expect(res.json.error.details).toEqual([{ path: "zone", message: "Zone nowhere does not exist" }]);

    const created = await post(rovers.POST, "/api/v1/rovers", {
      body: { name: "mover", version: "1.0.0", zone: "eu-central" },
    });
    const moved = await patch(rover.PATCH, "/x", {
      params: { id: created.json.id },
      body: { zone: "nowhere" },
    });
    expect(moved.status).toBe(422);
    expect(moved.json.error.details).toEqual([{ path: "zone", message: "Zone nowhere does not exist" }]);
    const ok = await patch(rover.PATCH, "/x", { params: { id: created.json.id }, body: { zone: "eu-west" } });
    expect(ok.status).toBe(200);
    expect(ok.json.zone).toBe("eu-west");
  });

  it("answers 409 for the same name and version in the same zone, but allows another zone", async () => {
    const body = { name: "billing", version: "2.1.0", zone: "eu-west" };
    expect((await post(rovers.POST, "/api/v1/rovers", { body })).status).toBe(201);
    const dup = await post(rovers.POST, "/api/v1/rovers", { body });
    expect(dup.status).toBe(409);
    expect(dup.json.error.message).toBe("Rover billing 2.1.0 already exists in zone eu-west");
    expect(
      (await post(rovers.POST, "/api/v1/rovers", { body: { ...body, zone: "eu-central" } })).status,
    ).toBe(201);
  });

  it("PATCH replaces exposures and subscriptions wholesale and leaves omitted lists alone", async () => {
    const created = await post(rovers.POST, "/api/v1/rovers", {
      body: {
        name: "shipping",
        version: "1.4.0",
        zone: "eu-west",
        exposures: [ordersExposure],
        subscriptions: [{ basePath: "/orders", approved: true }],
      },
    });
    const id = created.json.id;
    const replaced = await patch(rover.PATCH, "/x", {
      params: { id },
      headers: { "if-match": '"1"' },
      body: {
        exposures: [
          { basePath: "/shipments", upstreams: [{ url: "http://shipments.svc" }], tenantAccess: "ANY" },
        ],
      },
    });
    expect(replaced.status).toBe(200);
    expect(replaced.json.revision).toBe(2);
    expect(replaced.json.exposures).toEqual([
      {
        basePath: "/shipments",
        upstreams: [{ url: "http://shipments.svc", weight: 100 }],
        visibility: "ENTERPRISE",
        tenantAccess: "ANY",
        endpoints: [],
        stripBasePath: false,
      },
    ]);
    expect(replaced.json.subscriptions).toEqual([{ basePath: "/orders", approved: true }]);

    const emptied = await patch(rover.PATCH, "/x", {
      params: { id },
      body: { subscriptions: [], failoverEnabled: true, revision: 2 },
    });
    expect(emptied.json).toMatchObject({ subscriptions: [], failoverEnabled: true, revision: 3 });
    expect(emptied.json.exposures).toHaveLength(1);
  });

  it("answers 412 to a stale save and keeps the winner's exposures intact", async () => {
    const created = await post(rovers.POST, "/api/v1/rovers", {
      body: { name: "stock", version: "1.0.0", zone: "eu-central", exposures: [ordersExposure] },
    });
    const id = created.json.id;
    const [a, b] = await Promise.all([
      patch(rover.PATCH, "/x", {
        params: { id },
        body: { revision: 1, exposures: [{ ...ordersExposure, basePath: "/stock-a" }] },
      }),
      patch(rover.PATCH, "/x", {
        params: { id },
        body: { revision: 1, exposures: [{ ...ordersExposure, basePath: "/stock-b" }] },
      }),
    ]);
    expect([a.status, b.status].sort()).toEqual([200, 412]);
    const winner = a.status === 200 ? a : b;
    const read = await get(rover.GET, "/x", { params: { id } });
    expect(read.json.exposures.map((e: { basePath: string }) => e.basePath)).toEqual(
      winner.json.exposures.map((e: { basePath: string }) => e.basePath),
    );
    expect(read.json.revision).toBe(2);
  });

  it("rejects a duplicate base path within one rover, naming the second one", async () => {
    const res = await post(rovers.POST, "/api/v1/rovers", {
      body: {
        name: "twice",
        version: "1.0.0",
        zone: "eu-central",
        exposures: [ordersExposure, ordersExposure],
      },
    });
    expect(res.status).toBe(422);
    expect(res.json.error.details).toEqual([
      { path: "exposures.1.basePath", message: "Exposure /orders is listed twice" },
    ]);
  });

  it("filters by zone, name, version and q, and pages", async () => {
    const all = await get(rovers.GET, "/api/v1/rovers?limit=500");
    expect(all.headers.get("x-total-count")).toBe(String(all.json.length));
    const inWest = await get(rovers.GET, "/api/v1/rovers?zone=eu-west");
    expect(inWest.json.length).toBeGreaterThan(0);
    expect(inWest.json.every((r: { zone: string }) => r.zone === "eu-west")).toBe(true);
    const billing = await get(rovers.GET, "/api/v1/rovers?name=billing&version=2.1.0");
    expect(billing.json.map((r: { zone: string }) => r.zone)).toEqual(["eu-central", "eu-west"]);
    const q = await get(rovers.GET, "/api/v1/rovers?q=BILL&limit=1");
    expect(q.json).toHaveLength(1);
    expect(q.headers.get("x-total-count")).toBe("2");
    expect(q.headers.get("link")).toContain('rel="next"');
    const badVersion = await get(rovers.GET, "/api/v1/rovers?version=latest");
    expect(badVersion.status).toBe(422);
  });

  it("deletes a rover (204) and then answers 404", async () => {
    const created = await post(rovers.POST, "/api/v1/rovers", {
      body: { name: "doomed", version: "0.1.0", zone: "eu-central" },
    });
    const params = { id: created.json.id };
    expect((await del(rover.DELETE, "/x", { params })).status).toBe(204);
    expect((await get(rover.GET, "/x", { params })).status).toBe(404);
    expect((await del(rover.DELETE, "/x", { params })).status).toBe(404);
    expect((await get(rover.GET, "/x", { params: { id: "not-a-uuid" } })).status).toBe(404);
  });
});
