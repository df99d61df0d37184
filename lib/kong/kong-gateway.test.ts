import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { expandPluginList } from "../../scripts/kong-standin/plugins";
import { startKongStandin, type KongStandin } from "../../scripts/kong-standin/server";
import { compile } from "../compiler/compiler";
import { demoSnapshot } from "../compiler/fixtures/demo";
import type { ZoneGateway } from "../publish/gateway";
import { planPublish } from "../publish/plan";
import { applyPlan } from "../publish/apply";
import { kongZoneGateway } from "./kong-gateway";
import { AllowlistRefusal } from "./transport";

let standin: KongStandin;

beforeAll(async () => {
  // Nodes with the issuer plugin the compiler emits (a stock node has Kong's bundled ones only).
  standin = await startKongStandin({ adminPort: 0, proxyPort: 0, host: "127.0.0.1", zoneDefaults: { plugins: expandPluginList(["bundled", "jwt-keycloak"]) } });
});
afterAll(async () => {
  await standin.close();
});

// Real HTTP against the stand-in: on a busy shared machine these take seconds, not milliseconds.
describe("kongZoneGateway", { timeout: 30_000 }, () => {
  it("is the publish workflow's ZoneGateway: a plan applied through it converges, and a re-plan is empty", async () => {
    const zone = compile(demoSnapshot()).zones.find((z) => z.kong.routes.length > 0)!;
    // Compile-time check that the adapter fits lib/publish's interface.
    const gateway: ZoneGateway = kongZoneGateway({ name: zone.zone, kongAdminUrl: standin.zoneAdminUrl(`gw-${zone.zone}`) });
    expect((await gateway.info()).routerFlavor).toBe("expressions");
    const plan = planPublish(zone.kong, await gateway.listManaged());
    const result = await applyPlan(plan, gateway.write);
    expect(result.status).toBe("succeeded");
    expect(result.applied).toBe(plan.summary.create);
    const again = planPublish(zone.kong, await gateway.listManaged());
    expect(again.summary).toMatchObject({ create: 0, update: 0, delete: 0 });
  });

  it("survives injected 500s and dropped connections with the workflow's retries", async () => {
    // Deterministic faults: a request draws once for "drop?" and, if kept, once for "500?"; this
    // cycle drops the 1st request, fails the 3rd with a 500, passes the 2nd and 4th, and repeats.
    const cycle = [0.01, 0.99, 0.99, 0.99, 0.01, 0.99, 0.99];
    let draw = 0;
    const flaky = await startKongStandin({
      adminPort: 0,
      proxyPort: 0,
      random: () => cycle[draw++ % cycle.length],
      zoneDefaults: { plugins: expandPluginList(["bundled", "jwt-keycloak"]) },
    });
    try {
      const zone = compile(demoSnapshot()).zones.find((z) => z.kong.routes.length > 0)!;
      const gateway = kongZoneGateway({ name: zone.zone, kongAdminUrl: flaky.zoneAdminUrl("flaky") }, { timeoutMs: 2000 });
      flaky.setFaults("flaky", { errorRate: 0.5, dropRate: 0.5, scope: "admin" });
      let retries = 0;
      const plan = planPublish(zone.kong, { services: [], upstreams: [], routes: [], targets: [], plugins: [] });
      const result = await applyPlan(plan, gateway.write, { maxAttempts: 10, sleep: async () => void retries++ });
      flaky.setFaults("flaky", {});
      expect(result.status).toBe("succeeded");
      const faults = flaky.state.get("flaky")!.stats.faults;
      expect(faults.errors).toBeGreaterThan(0);
      expect(faults.drops).toBeGreaterThan(0);
      expect(retries).toBe(faults.errors + faults.drops);
      const again = planPublish(zone.kong, await gateway.listManaged());
      expect(again.summary).toMatchObject({ create: 0, update: 0, delete: 0 });
    } finally {
      await flaky.close();
    }
  });
});

describe("kongZoneGateway reads", () => {
  it("retries a dropped read but not the allowlist's refusal, which made no connection", async () => {
    let calls = 0;
    const refusing: typeof fetch = async () => {
      calls += 1;
      throw new AllowlistRefusal("169.254.169.254 is not in SWITCHYARD_KONG_ADMIN_ALLOW");
    };
    const refused = kongZoneGateway({ name: "z", kongAdminUrl: "http://169.254.169.254:8001" }, { fetch: refusing, readBackoffMs: 1 });
    await expect(refused.info()).rejects.toThrow(/SWITCHYARD_KONG_ADMIN_ALLOW/);
    expect(calls).toBe(1);

    calls = 0;
    const dropping: typeof fetch = async () => {
      calls += 1;
      throw new TypeError("fetch failed");
    };
    const dropped = kongZoneGateway({ name: "z", kongAdminUrl: "http://127.0.0.1:1" }, { fetch: dropping, readAttempts: 3, readBackoffMs: 1 });
    await expect(dropped.info()).rejects.toThrow();
    expect(calls).toBe(3);
  });
});
