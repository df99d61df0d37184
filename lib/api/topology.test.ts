import { describe, expect, it } from "vitest";
import { compile } from "../compiler";
import { demoSnapshot } from "../compiler/fixtures/demo";
import type { Snapshot } from "../compiler/types";
import { buildTopology } from "./topology";

const topologyOf = (snapshot: Snapshot) =>
  buildTopology(compile(snapshot), snapshot.zones, snapshot.settings.environment);

function withoutFailover(snapshot: Snapshot): Snapshot {
  return { ...snapshot, rovers: snapshot.rovers.map((r) => ({ ...r, failoverEnabled: false })) };
}

describe("buildTopology", () => {
  it("serves /orders really in the provider, by proxy in subscriber zones and as failover in DTC-eligible zones, all on dtc", () => {
    const orders = topologyOf(demoSnapshot()).apis.find((a) => a.basePath === "/orders")!;
    expect(orders.realm).toBe("dtc");
    expect(orders.providers).toEqual(["zone-a"]);
    expect(orders.failoverSubscribers).toEqual(["billing@2.1.0 (zone-b)"]);
    expect(orders.serving.map((s) => [s.zone, s.kind, s.realm, s.via])).toEqual([
      ["zone-a", "real", "dtc", null],
      ["zone-b", "proxy", "dtc", "zone-a"],
      // zone-d has no DTC URL: it falls back to the default realm.
      ["zone-d", "proxy", "default", "zone-a"],
      ["zone-e", "failover", "dtc", "zone-a"],
    ]);
  });

  it("without a failover subscription the API stays on the default realm and no failover zone serves it", () => {
    const orders = topologyOf(withoutFailover(demoSnapshot())).apis.find((a) => a.basePath === "/orders")!;
    expect(orders.realm).toBe("default");
    expect(orders.failoverSubscribers).toEqual([]);
    expect(orders.serving.map((s) => [s.zone, s.kind, s.realm])).toEqual([
      ["zone-a", "real", "default"],
      ["zone-b", "proxy", "default"],
      ["zone-d", "proxy", "default"],
    ]);
  });

  it("names the owner of every realm URL and marks DTC eligibility and membership", () => {
    const topology = topologyOf(demoSnapshot());
    const zoneA = topology.zones.find((z) => z.name === "zone-a")!;
    const dtc = zoneA.realms.find((r) => r.name === "dtc")!;
    expect(dtc.entries.map((e) => [e.owner, e.source])).toEqual([
      ["zone-a", "gateway"],
      ["zone-a", "dtc"],
      ["zone-b", "dtc"],
      ["zone-c", "dtc"],
      ["zone-e", "dtc"],
    ]);
    expect(dtc.entries.every((e) => e.issuer.endsWith("/auth/realms/default"))).toBe(true);
    expect(dtc.apis).toContain("/orders");
    const flags = topology.zones.map((z) => [z.name, z.dtcEligible, z.dtcMember]);
    expect(flags).toEqual([
      ["zone-a", true, true],
      ["zone-b", true, true],
      ["zone-c", false, true],
      ["zone-d", false, false],
      ["zone-e", true, true],
    ]);
  });

  it("flags a zone that must serve dtc without a DTC URL, once per message", () => {
    const zoneD = topologyOf(demoSnapshot()).zones.find((z) => z.name === "zone-d")!;
    const missing = zoneD.problems.filter((p) => p.code === "dtc-realm-missing");
    expect(missing).toHaveLength(1);
    expect(missing[0].message).toContain("/orders");
    expect(new Set(zoneD.problems.map((p) => p.message)).size).toBe(zoneD.problems.length);
    const healthy = topologyOf(withoutFailover(demoSnapshot())).zones.find((z) => z.name === "zone-d")!;
    expect(healthy.problems.some((p) => p.code === "dtc-realm-missing")).toBe(false);
  });

  it("lists both capabilities versions and counts routes per kind", () => {
    const topology = topologyOf(demoSnapshot());
    const capabilities = topology.apis.find((a) => a.basePath === "/capabilities")!;
    expect(capabilities.applications).toEqual(["capabilities@1.0.0", "capabilities@2.0.0"]);
    const zoneA = topology.zones.find((z) => z.name === "zone-a")!;
    const compiled = compile(demoSnapshot()).zones.find((z) => z.zone === "zone-a")!;
    expect(zoneA.routes.real).toBe(compiled.routes.filter((r) => r.kind === "real").length);
    expect(zoneA.routes.inactive).toBe(compiled.inactiveRoutes.length);
  });
});
