import { describe, expect, it } from "vitest";
import * as topology from "@/app/api/v1/topology/route";
import * as rover from "@/app/api/v1/rovers/[id]/route";
import { seedDemoData } from "@/lib/db/demo-seed";
import { prisma } from "@/lib/db/prisma";
import { get, patch } from "./http";

interface Serving {
  zone: string;
  kind: string;
  realm: string;
  via: string | null;
}

async function ordersServing() {
  const res = await get(topology.GET, "/api/v1/topology");
  expect(res.status).toBe(200);
  const orders = res.json.apis.find((a: { basePath: string }) => a.basePath === "/orders");
  return {
    realm: orders.realm as string,
    serving: (orders.serving as Serving[]).map((s) => `${s.zone}:${s.kind}:${s.realm}`),
    body: res.json,
  };
}

// One database for this file, seeded with the demo estate; the tests run in order.
describe("GET /api/v1/topology", () => {
  it("shows the demo's DTC story: /orders on dtc, proxies in subscriber zones, eu-north as failover zone", async () => {
    await seedDemoData();
    const { realm, serving, body } = await ordersServing();
    expect(realm).toBe("dtc");
    expect(serving).toEqual([
      "ap-south:proxy:default",
      "eu-central:real:dtc",
      "eu-north:failover:dtc",
      "eu-west:proxy:dtc",
    ]);
    const zones = body.zones as Array<{
      name: string;
      dtcEligible: boolean;
      dtcUrl: string | null;
      problems: Array<{ code: string }>;
    }>;
    expect(zones.map((z) => [z.name, z.dtcEligible, z.dtcUrl !== null])).toEqual([
      ["ap-south", false, false],
      ["eu-central", true, true],
      ["eu-north", true, true],
      ["eu-west", true, true],
      ["us-east", false, true],
    ]);
    // ap-south must serve /orders on dtc but has no DTC URL; us-east's subscription is refused.
    expect(zones.find((z) => z.name === "ap-south")!.problems.map((p) => p.code)).toContain(
      "dtc-realm-missing",
    );
    expect(zones.find((z) => z.name === "us-east")!.problems.map((p) => p.code)).toContain(
      "subscription-refused",
    );
  });

  it("answers 401 without a credential", async () => {
    const res = await get(topology.GET, "/api/v1/topology", { token: false });
    expect(res.status).toBe(401);
    expect(res.json.error.code).toBe("unauthorized");
  });

  it("follows the database: failover off on billing moves /orders back to the default realm", async () => {
    const billing = await prisma.rover.findFirstOrThrow({ where: { name: "billing" } });
    const res = await patch(rover.PATCH, "/x", {
      params: { id: billing.id },
      body: { failoverEnabled: false, revision: billing.revision },
    });
    expect(res.status).toBe(200);
    const { realm, serving, body } = await ordersServing();
    expect(realm).toBe("default");
    expect(serving).toEqual(["ap-south:proxy:default", "eu-central:real:default", "eu-west:proxy:default"]);
    const apSouth = body.zones.find((z: { name: string }) => z.name === "ap-south");
    expect(apSouth.problems.map((p: { code: string }) => p.code)).not.toContain("dtc-realm-missing");
  });
});
