import { describe, expect, it } from "vitest";
import { compile } from "./compiler";
import { demoSnapshot } from "./fixtures/demo";
import { compareCompiles, routeCount } from "./impact";

describe("compareCompiles", () => {
  it("reports nothing when nothing changed", () => {
    expect(compareCompiles(compile(demoSnapshot()), compile(demoSnapshot()))).toEqual([]);
  });

  it("granting an entitlement changes the tenant clause of that version's routes, in the zones that serve it", () => {
    const before = demoSnapshot();
    const after = demoSnapshot();
    after.entitlements.push({ tenant: "university", application: "capabilities", version: "2.0.0" });
    const impact = compareCompiles(compile(before), compile(after));
    expect(impact.map((i) => i.zone)).toEqual(["zone-a"]);
    const [zoneA] = impact;
    expect(zoneA.changed.map((c) => c.name).every((n) => n.startsWith("capabilities-2.0.0"))).toBe(true);
    expect(zoneA.changed).toHaveLength(2);
    expect(zoneA.changed[0].fields).toContain("tenants");
    expect(zoneA.changed[0].after.tenants).toContain("university");
    expect(zoneA.changed[0].before.tenants).not.toContain("university");
    expect(routeCount(zoneA)).toBe(2);
  });

  it("revoking the last entitlement deactivates ENTITLED routes instead of dropping them silently", () => {
    const before = demoSnapshot();
    const after = demoSnapshot();
    after.entitlements = after.entitlements.filter((e) => e.version !== "2.0.0");
    const [zoneA] = compareCompiles(compile(before), compile(after));
    expect(zoneA.deactivated).toHaveLength(2);
    expect(zoneA.removed).toEqual([]);
    // ...and granting again re-activates them.
    const [back] = compareCompiles(compile(after), compile(before));
    expect(back.activated).toEqual(zoneA.deactivated);
  });

  it("turning failover off on the only failover subscriber drops failover routes and leaves the dtc realm", () => {
    const before = demoSnapshot();
    const after = demoSnapshot();
    const failover = after.rovers.filter((r) => r.failoverEnabled && r.subscriptions.length > 0);
    expect(failover).toHaveLength(1);
    failover[0].failoverEnabled = false;
    const impact = compareCompiles(compile(before), compile(after));
    const removedFailover = impact.flatMap((i) => i.removed);
    expect(removedFailover.length).toBeGreaterThan(0);
    const provider = impact.find((i) => i.changed.some((c) => c.fields.includes("realm")));
    expect(provider).toBeDefined();
  });
});
