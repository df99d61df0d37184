import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { expandPluginList } from "../../scripts/kong-standin/plugins";
import { startKongStandin, type KongStandin } from "../../scripts/kong-standin/server";
import { compile } from "../compiler/compiler";
import { demoSnapshot } from "../compiler/fixtures/demo";
import type { KongState, Snapshot } from "../compiler/types";
import type { KongEntity } from "../kong/client";
import { kongZoneGateway, type KongZoneGateway } from "../kong/kong-gateway";
import { applyPlan } from "./apply";
import { planPublish, type PlanOp, type PublishPlan } from "./plan";

/**
 * No route is reachable without its issuer plugin at any moment of a publish. Every publish here
 * is the compiler's real output for a zone, applied one write at a time to the Kong stand-in; after
 * each write Kong's own lists are read back and every live route is checked. Writes within a step
 * run concurrently in a real publish, so each publish is replayed twice: in plan order and with
 * every step's writes reversed.
 */
let standin: KongStandin;
let zoneCounter = 0;

beforeAll(async () => {
  // Nodes with both issuer plugins the compiler can emit (the test switches between them).
  standin = await startKongStandin({
    adminPort: 0,
    proxyPort: 0,
    host: "127.0.0.1",
    zoneDefaults: { plugins: expandPluginList(["bundled", "jwt-keycloak", "openid-connect"]) },
  });
});
afterAll(async () => {
  await standin.close();
});

const ZONE = "zone-a";

function zoneState(snapshot: Snapshot): KongState {
  return compile(snapshot).zones.find((z) => z.zone === ZONE)!.kong;
}

const refId = (value: unknown) =>
  value && typeof value === "object" && "id" in value ? String((value as { id: unknown }).id) : undefined;

/** Route id → the plugin names that guard it in a desired state (a plugin on its service or on it). */
function guards(state: KongState | null): Map<string, Set<string>> {
  const out = new Map<string, Set<string>>();
  for (const route of state?.routes ?? []) {
    const names = new Set(
      state!.plugins
        .filter((p) => {
          const scope = p as unknown as { route?: unknown; service?: unknown };
          return refId(scope.route) === route.id || refId(scope.service) === route.service.id;
        })
        .map((p) => p.name),
    );
    if (names.size > 0) out.set(route.id, names);
  }
  return out;
}

interface Replay {
  writes: number;
  moments: number;
}

/**
 * Applies `desired` over whatever Kong holds, one write at a time, checking after every write that
 * each live route which must be guarded is, by either state's plugin: a route guarded before this
 * publish that stays guarded (or goes), and a route this publish has written that it guards.
 */
async function replay(
  gateway: KongZoneGateway,
  before: KongState | null,
  desired: KongState,
  order: "plan" | "reversed",
): Promise<Replay> {
  const plan = planPublish(desired, await gateway.listManaged());
  const ordered: PublishPlan =
    order === "plan" ? plan : { ...plan, steps: plan.steps.map((s) => ({ ...s, ops: [...s.ops].reverse() })) };
  const wasGuarded = guards(before);
  const willBeGuarded = guards(desired);
  const staying = new Set(desired.routes.map((r) => r.id));
  const written = new Set<string>();
  let moments = 0;
  const check = async (after: PlanOp | null) => {
    const [routes, plugins] = await Promise.all([
      gateway.client.list("routes", { tags: gateway.tags }),
      gateway.client.list("plugins", { tags: gateway.tags }),
    ]);
    moments += 1;
    for (const route of routes) {
      const was = wasGuarded.get(route.id);
      const will = willBeGuarded.get(route.id);
      const mustBe = (was && (will || !staying.has(route.id))) || (written.has(route.id) && will);
      if (!mustBe) continue;
      const names = new Set([...(was ?? []), ...(will ?? [])]);
      const present = plugins.filter(
        (p: KongEntity) =>
          p.enabled !== false &&
          names.has(String(p.name)) &&
          (refId(p.route) === route.id || refId(p.service) === refId(route.service)),
      );
      expect(
        present,
        `${route.name} is live without its issuer plugin ${after ? `after ${after.action} ${after.kind} ${after.name}` : "before the publish"}`,
      ).not.toHaveLength(0);
    }
  };
  await check(null);
  const result = await applyPlan(
    ordered,
    async (op, signal) => {
      await gateway.write(op, signal);
      if (op.kind === "route" && op.action !== "delete") written.add(op.id);
      await check(op);
    },
    { concurrency: 1 },
  );
  expect(result.status, result.error?.message).toBe("succeeded");
  expect(planPublish(desired, await gateway.listManaged()).steps).toEqual([]);
  return { writes: result.applied, moments };
}

function withIssuerChange(snapshot: Snapshot): Snapshot {
  // A new identity provider for zone-a: every route's trusted issuers change.
  return {
    ...snapshot,
    zones: snapshot.zones.map((z) => (z.name === ZONE ? { ...z, identityProviderUrl: "https://idp2.zone-a.example.com" } : z)),
  };
}

function withoutCapabilities(snapshot: Snapshot): Snapshot {
  return { ...snapshot, rovers: snapshot.rovers.filter((r) => r.name !== "capabilities") };
}

describe("write order: a route is never live without its issuer plugin", { timeout: 60_000 }, () => {
  for (const order of ["plan", "reversed"] as const) {
    it(`across a first publish, an issuer change, route removals and a change of plugin (${order} order within steps)`, async () => {
      const gateway = kongZoneGateway({ name: ZONE, kongAdminUrl: standin.zoneAdminUrl(`order-${++zoneCounter}`) });
      const first = zoneState(demoSnapshot());
      // The scenario is only a test if the zone enforces issuers on several routes.
      expect(first.plugins.length).toBeGreaterThanOrEqual(3);
      expect(first.plugins.every((p) => refId((p as unknown as { service?: unknown }).service))).toBe(true);

      const fresh = await replay(gateway, null, first, order);
      expect(fresh.writes).toBe(first.services.length + first.upstreams.length + first.targets.length + first.routes.length + first.plugins.length);

      const changed = zoneState(withIssuerChange(demoSnapshot()));
      expect(changed.plugins.map((p) => p.config)).not.toEqual(first.plugins.map((p) => p.config));
      await replay(gateway, first, changed, order);

      const fewer = zoneState(withoutCapabilities(withIssuerChange(demoSnapshot())));
      expect(fewer.routes.length).toBeLessThan(changed.routes.length);
      const removal = await replay(gateway, changed, fewer, order);
      expect(removal.moments).toBeGreaterThan(3);

      // Another plugin: new plugin entities (a plugin's name is part of its identity), the old ones go after.
      const other = zoneState({ ...withoutCapabilities(withIssuerChange(demoSnapshot())), settings: { ...demoSnapshot().settings, issuerPlugin: "openid-connect" } });
      expect(new Set(other.plugins.map((p) => p.name))).toEqual(new Set(["openid-connect"]));
      await replay(gateway, fewer, other, order);

      // And everything removed: routes go before the plugins that guard them.
      await replay(gateway, other, { services: [], upstreams: [], targets: [], routes: [], plugins: [] }, order);
    });
  }

  it("moves plugins an earlier version scoped to routes onto the services, and replaces a same-named plugin without leaving its route open", async () => {
    const gateway = kongZoneGateway({ name: ZONE, kongAdminUrl: standin.zoneAdminUrl(`order-${++zoneCounter}`) });
    const state = zoneState(demoSnapshot());
    // What an earlier version published: the same plugins, each scoped to its route.
    const legacy = {
      ...state,
      plugins: state.plugins.map((p) => {
        const { service, ...rest } = p;
        return { ...rest, route: { id: state.routes.find((r) => r.service.id === service.id)!.id } };
      }),
    } as unknown as KongState;
    // (Set up as that version did: such a plugin can only follow its route, so this part isn't checked.)
    expect((await applyPlan(planPublish(legacy, await gateway.listManaged()), gateway.write)).status).toBe("succeeded");
    const moved = await replay(gateway, legacy, state, "plan");
    expect(moved.writes).toBe(state.plugins.length);

    // A hand-made managed plugin holding one of our names under another id must be replaced.
    const victim = state.plugins[0];
    await gateway.client.delete("plugins", victim.id);
    await gateway.client.put("plugins", { ...victim, id: "6a0d6e3b-4a6f-4c1e-9a55-000000000001" });
    const replaced = await replay(gateway, state, state, "plan");
    expect(replaced.writes).toBe(4);
  });
});
