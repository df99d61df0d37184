import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as estatePublish from "@/app/api/v1/publish/route";
import * as rovers from "@/app/api/v1/rovers/route";
import * as zonePublish from "@/app/api/v1/zones/[name]/publish/route";
import { createApiToken } from "@/lib/auth/tokens";
import { prisma } from "@/lib/db/prisma";
import { startKongStandin, type KongStandin } from "@/scripts/kong-standin/server";
import { post } from "./http";
import { createKongZone } from "./zones";

/**
 * "Publish all": one plan across every zone, in an order where no proxy forwards to a provider
 * that lacks the route yet, and a failing zone stops the zones that depend on it. Real PostgreSQL,
 * the real handler, the Kong stand-in.
 */
let kong: KongStandin;
beforeAll(async () => {
  kong = await startKongStandin({ adminPort: 0, proxyPort: 0, host: "127.0.0.1" });
});
afterAll(async () => {
  await kong.close();
});

const createZone = (name: string) => createKongZone(name, kong.zoneAdminUrl(name));

async function createRover(body: Record<string, unknown>) {
  const res = await post(rovers.POST, "/api/v1/rovers", { body: { version: "1.0.0", ...body } });
  expect(res.status, res.text).toBe(201);
}

const kongRoutes = async (zone: string) =>
  ((await (await fetch(`${kong.zoneAdminUrl(zone)}/routes?size=1000`)).json()) as { data: { name: string }[] }).data;

type ZoneResult = { zone: string; outcome: string; position: number; applied: number; skipped: number; reason: string | null; publishId: string | null; writes: number };

describe("estate publish", () => {
  it("plans every zone in dependency order; a failing provider stops the zone whose proxy forwards to it, the others publish", async () => {
    // est-sub subscribes to est-prov's orders API (a proxy route in est-sub forwards to est-prov);
    // est-solo has nothing to do with either.
    for (const z of ["est-sub", "est-prov", "est-solo"]) await createZone(z);
    await createRover({
      name: "orders",
      zone: "est-prov",
      exposures: [{ basePath: "/orders", upstreams: [{ url: "http://orders.svc:8080" }], visibility: "ENTERPRISE" }],
    });
    await createRover({ name: "billing", zone: "est-sub", subscriptions: [{ basePath: "/orders", approved: true }] });
    await createRover({
      name: "solo",
      zone: "est-solo",
      exposures: [{ basePath: "/solo", upstreams: [{ url: "http://solo.svc:8080" }] }],
    });

    const plan = await post(estatePublish.POST, "/api/v1/publish?dryRun=true");
    expect(plan.status, plan.text).toBe(200);
    expect(plan.json.zones.map((z: { zone: string }) => z.zone)).toEqual(["est-prov", "est-solo", "est-sub"]);
    expect(plan.json.dependencies).toEqual([{ before: "est-prov", after: "est-sub", why: "adds-proxy" }]);
    const sub = plan.json.zones.find((z: { zone: string }) => z.zone === "est-sub");
    expect(sub.after).toEqual([{ zone: "est-prov", why: "adds-proxy" }]);
    expect(plan.json.writes).toBe(plan.json.zones.reduce((n: number, z: { writes: number }) => n + z.writes, 0));
    expect(plan.json.zones.every((z: { writes: number }) => z.writes > 0)).toBe(true);
    // A plan writes nothing and records nothing.
    expect(await prisma.publish.count()).toBe(0);
    for (const z of ["est-prov", "est-sub", "est-solo"]) expect(await kongRoutes(z)).toHaveLength(0);

    // A route made by hand under the name of est-prov's route: Kong refuses ours (409), mid-apply.
    const provDry = await post(zonePublish.POST, "/x?dryRun=true", { params: { name: "est-prov" } });
    const provRoute = provDry.json.plan.steps
      .flatMap((step: { ops: { kind: string; name: string }[] }) => step.ops)
      .find((o: { kind: string }) => o.kind === "route").name;
    const blocker = await fetch(`${kong.zoneAdminUrl("est-prov")}/routes`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ name: provRoute, expression: 'http.path == "/mine"', tags: ["team-c"] }),
    });
    expect(blocker.status).toBe(201);

    const failed = await post(estatePublish.POST, "/api/v1/publish");
    expect(failed.status, failed.text).toBe(200);
    expect(failed.json.status).toBe("FAILED");
    const byZone = new Map<string, ZoneResult>(failed.json.zones.map((z: ZoneResult) => [z.zone, z]));
    expect(byZone.get("est-prov")).toMatchObject({ outcome: "FAILED", position: 1 });
    expect(byZone.get("est-prov")!.applied).toBeGreaterThan(0);
    expect(byZone.get("est-prov")!.reason).toMatch(/Stopped at create route .*publish again to finish/);
    expect(byZone.get("est-solo")).toMatchObject({ outcome: "SUCCEEDED", skipped: 0 });
    expect(byZone.get("est-solo")!.applied).toBe(byZone.get("est-solo")!.writes);
    expect(byZone.get("est-sub")).toMatchObject({ outcome: "NOT_STARTED", publishId: null, applied: 0 });
    expect(byZone.get("est-sub")!.skipped).toBe(byZone.get("est-sub")!.writes);
    expect(byZone.get("est-sub")!.reason).toMatch(/depends on zone est-prov/);
    // The proxy was never written: nothing in est-sub forwards to a provider without the route.
    expect(await kongRoutes("est-sub")).toHaveLength(0);
    expect(await prisma.publish.findMany({ where: { dryRun: false }, select: { zoneName: true, status: true }, orderBy: { zoneName: "asc" } })).toEqual([
      { zoneName: "est-prov", status: "FAILED" },
      { zoneName: "est-solo", status: "SUCCEEDED" },
    ]);

    // The blocker goes; two estate publishes at once take the locks in one order: no deadlock, the
    // first finishes the job, the second finds nothing left.
    const blockerId = ((await blocker.json()) as { id: string }).id;
    expect((await fetch(`${kong.zoneAdminUrl("est-prov")}/routes/${blockerId}`, { method: "DELETE" })).status).toBe(204);
    kong.setFaults("est-prov", { latencyMs: 30, scope: "admin" });
    const both = await Promise.all([post(estatePublish.POST, "/api/v1/publish"), post(estatePublish.POST, "/api/v1/publish")]);
    kong.setFaults("est-prov", {});
    for (const r of both) expect(r.json.status, r.text).toBe("SUCCEEDED");
    const outcomes = both.map((r) => r.json.zones.map((z: ZoneResult) => `${z.zone}:${z.outcome}`).sort());
    expect(outcomes).toContainEqual(["est-prov:SUCCEEDED", "est-solo:UNCHANGED", "est-sub:SUCCEEDED"]);
    expect(outcomes).toContainEqual(["est-prov:UNCHANGED", "est-solo:UNCHANGED", "est-sub:UNCHANGED"]);
    expect((await kongRoutes("est-sub")).length).toBeGreaterThan(0);
  }, 120_000);

  it("a viewer sees the estate plan; publishing it takes the publisher role", async () => {
    const by = { actor: "test", requestId: null };
    const viewer = (await createApiToken({ name: "estate-viewer", role: "viewer" }, by)).token;
    const editor = (await createApiToken({ name: "estate-editor", role: "editor" }, by)).token;
    const seen = await post(estatePublish.POST, "/api/v1/publish?dryRun=true", { token: viewer });
    expect(seen.status, seen.text).toBe(200);
    expect(Array.isArray(seen.json.zones)).toBe(true);
    const before = await prisma.publish.count();
    for (const token of [viewer, editor]) {
      const refused = await post(estatePublish.POST, "/api/v1/publish", { token });
      expect(refused.status).toBe(403);
      expect(refused.json.error.code).toBe("forbidden");
    }
    expect((await post(estatePublish.POST, "/api/v1/publish", { token: false })).status).toBe(401);
    const bad = await post(estatePublish.POST, "/api/v1/publish?dryRun=maybe");
    expect(bad.status).toBe(422);
    expect(bad.text).toMatch(/dryRun/);
    expect(await prisma.publish.count()).toBe(before);
  });
});
