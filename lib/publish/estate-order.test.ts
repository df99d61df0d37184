import { describe, expect, it } from "vitest";
import { compile } from "../compiler";
import { demoSnapshot } from "../compiler/fixtures/demo";
import type { KongState, ZoneOutput } from "../compiler/types";
import { dependentsOf, orderEstate, zonesByHost, zoneWrites } from "./estate-order";
import { planPublish, type LiveKongState } from "./plan";

const EMPTY: KongState = { services: [], upstreams: [], routes: [], targets: [], plugins: [] };

/** Kong holding exactly `state`, as the Admin API lists it. */
const liveOf = (state: KongState): LiveKongState => ({
  services: state.services.map((e) => ({ ...e })),
  upstreams: state.upstreams.map((e) => ({ ...e })),
  routes: state.routes.map((e) => ({ ...e })),
  targets: state.targets.map((e) => ({ ...e })),
  plugins: state.plugins.map((e) => ({ ...e })),
});

/** The estate order of publishing `compiled` over Kongs that hold `live(zone)`. */
function estateOrderOf(zones: ZoneOutput[], desired: (z: ZoneOutput) => KongState, live: (z: ZoneOutput) => KongState) {
  const hosts = zonesByHost(zones);
  return orderEstate(zones.map((z) => zoneWrites(z, planPublish(desired(z), liveOf(live(z))), hosts)));
}

const before = (order: string[], a: string, b: string) => order.indexOf(a) < order.indexOf(b);

describe("estate publish order", () => {
  const estate = compile(demoSnapshot());
  const proxyZones = estate.zones.filter((z) => z.routes.some((r) => r.upstream.viaZone === "zone-a")).map((z) => z.zone);

  it("the demo's proxies and failover routes forward to zone-a (what the order is built from)", () => {
    expect(proxyZones.length).toBeGreaterThanOrEqual(2);
    expect(proxyZones).not.toContain("zone-a");
  });

  it("adding routes: the provider zone is published before every zone whose proxy forwards to it", () => {
    const { order, dependencies, cycle } = estateOrderOf(estate.zones, (z) => z.kong, () => EMPTY);
    expect(cycle).toEqual([]);
    expect([...order].sort()).toEqual(estate.zones.map((z) => z.zone).sort());
    for (const zone of proxyZones) {
      expect(before(order, "zone-a", zone), `${order.join(",")}: zone-a before ${zone}`).toBe(true);
      expect(dependencies).toContainEqual({ before: "zone-a", after: zone, why: "adds-proxy" });
    }
  });

  it("removing routes: every zone holding a proxy drops it before the provider zone drops the real route", () => {
    const { order, dependencies } = estateOrderOf(estate.zones, () => EMPTY, (z) => z.kong);
    for (const zone of proxyZones) {
      expect(before(order, zone, "zone-a"), `${order.join(",")}: ${zone} before zone-a`).toBe(true);
      expect(dependencies).toContainEqual({ before: zone, after: "zone-a", why: "removes-proxy" });
    }
  });

  it("nothing changed: no dependencies, zones in name order", () => {
    const { order, dependencies } = estateOrderOf(estate.zones, (z) => z.kong, (z) => z.kong);
    expect(dependencies).toEqual([]);
    expect(order).toEqual(estate.zones.map((z) => z.zone).sort());
  });

  it("a cycle keeps every zone, the ones in it last and in name order", () => {
    const { order, cycle } = orderEstate([
      { zone: "c", addsVia: ["d"], removesVia: [] },
      { zone: "d", addsVia: ["c"], removesVia: [] },
      { zone: "a", addsVia: [], removesVia: [] },
      { zone: "b", addsVia: ["a"], removesVia: [] },
    ]);
    expect(cycle).toEqual(["c", "d"]);
    expect(order).toEqual(["a", "b", "c", "d"]);
  });

  it("a failed zone stops everything after it along the dependencies, transitively, and nothing else", () => {
    const { dependencies } = orderEstate([
      { zone: "p", addsVia: [], removesVia: [] },
      { zone: "q", addsVia: ["p"], removesVia: [] },
      { zone: "r", addsVia: ["q"], removesVia: [] },
      { zone: "s", addsVia: [], removesVia: [] },
    ]);
    expect([...dependentsOf("p", dependencies)].sort()).toEqual(["q", "r"]);
    expect([...dependentsOf("q", dependencies)]).toEqual(["r"]);
    expect(dependentsOf("s", dependencies).size).toBe(0);
  });
});
