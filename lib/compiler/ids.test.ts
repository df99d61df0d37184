import fc from "fast-check";
import { v5 as uuidv5 } from "uuid";
import { describe, expect, it } from "vitest";
import { kongEntityId, SWITCHYARD_NAMESPACE, type KongEntityType } from "./ids";

const TYPES: KongEntityType[] = ["service", "upstream", "target", "route", "plugin"];

describe("kongEntityId", () => {
  it("is the UUID v5 of zone/type/name in Switchyard's namespace (as the uuid package computes it)", () => {
    for (const type of TYPES) {
      const name = "orders-1.2.0-api_orders-get-items_id-via-zone-a";
      expect(kongEntityId("zone-a", type, name)).toBe(uuidv5(`zone-a/${type}/${name}`, SWITCHYARD_NAMESPACE));
    }
  });

  it("agrees with the uuid package for any name, including non-ASCII and multi-block lengths (fast-check)", () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 12 }), fc.constantFrom(...TYPES), fc.oneof(fc.string({ maxLength: 300 }), fc.string({ unit: "grapheme", maxLength: 80 })), (zone, type, name) => {
        expect(kongEntityId(zone, type, name)).toBe(uuidv5(`${zone}/${type}/${name}`, SWITCHYARD_NAMESPACE));
      }),
      { numRuns: 500 },
    );
  });

  it("gives the same id at every length around the SHA-1 block boundaries", () => {
    for (let n = 0; n < 200; n++) {
      const name = "x".repeat(n);
      expect(kongEntityId("z", "route", name)).toBe(uuidv5(`z/route/${name}`, SWITCHYARD_NAMESPACE));
    }
  });
});
