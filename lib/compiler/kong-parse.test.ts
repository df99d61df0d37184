import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { toKongTree } from "../atc/kong-tree";
import { print } from "../atc/print";
import { tenantHeaderField } from "./expression";
import { compile } from "./index";
import { demoSnapshot } from "./fixtures/demo";
import { snapshotArb } from "./test-support/arbitraries";
import { kongTreeOf } from "./test-support/kong-routing";
import type { Snapshot } from "./types";

function expectKongParsesToIntendedTree(snapshot: Snapshot): number {
  const field = tenantHeaderField(snapshot.settings.tenantHeader);
  let checked = 0;
  for (const zone of compile(snapshot).zones) {
    for (const route of zone.routes) {
      expect(kongTreeOf(route.expression, field), route.expression).toEqual(toKongTree(route.expressionTree));
      // The compiler prints shared subtrees once (printShared); it must equal the canonical printer.
      expect(route.expression).toBe(print(route.expressionTree));
      const kongRoute = zone.kong.routes.find((r) => r.name === route.name)!;
      expect(kongRoute.expression).toBe(route.expression);
      checked++;
    }
  }
  return checked;
}

describe("Kong's engine parses every expression the compiler emits to the intended tree", () => {
  it("over the demo snapshot", () => {
    expect(expectKongParsesToIntendedTree(demoSnapshot())).toBe(8);
  });

  it("over random estates (fast-check)", () => {
    let routes = 0;
    fc.assert(
      fc.property(snapshotArb, (snapshot) => {
        routes += expectKongParsesToIntendedTree(snapshot);
      }),
      { numRuns: 150 },
    );
    // The generator must actually produce routes for this to test anything.
    expect(routes).toBeGreaterThan(150);
  });
});
