import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { compile, createCompiler } from "./index";
import { demoSnapshot } from "./fixtures/demo";
import { largeEstate } from "./fixtures/large-estate";
import type { Snapshot } from "./types";
import { snapshotArb } from "./test-support/arbitraries";

describe("incremental compiler", () => {
  it("after an entitlement change its output is byte-identical to a full compile", () => {
    const compiler = createCompiler();
    const s = demoSnapshot();
    compiler.compile(s);
    s.entitlements.push({ tenant: "university", application: "capabilities", version: "2.0.0" });
    const incremental = compiler.compile(s);
    expect(JSON.stringify(incremental)).toBe(JSON.stringify(compile(s)));
    expect(incremental.zones.find((z) => z.zone === "zone-a")!.routes.find((r) => r.tenantAccess === "ENTITLED")!.tenants).toContain("university");
  });

  it("reuses unaffected zones' output as is", () => {
    const compiler = createCompiler();
    const s = demoSnapshot();
    const before = compiler.compile(s);
    s.entitlements.push({ tenant: "university", application: "capabilities", version: "2.0.0" });
    const after = compiler.compile(s);
    expect(after.zones.find((z) => z.zone === "zone-b")).toBe(before.zones.find((z) => z.zone === "zone-b"));
    expect(after.zones.find((z) => z.zone === "zone-a")).not.toBe(before.zones.find((z) => z.zone === "zone-a"));
  });

  it("any sequence of snapshots gives, at each step, exactly what a full compile gives (fast-check)", () => {
    fc.assert(
      fc.property(fc.array(snapshotArb, { minLength: 2, maxLength: 4 }), (snapshots) => {
        const compiler = createCompiler();
        for (const s of snapshots) {
          expect(JSON.stringify(compiler.compile(s))).toBe(JSON.stringify(compile(s)));
          // A small edit of the same estate: one entitlement more, then one less.
          const more = { ...s, entitlements: [...s.entitlements, { tenant: "diku", application: "orders", version: "1.0.0" }] };
          expect(JSON.stringify(compiler.compile(more))).toBe(JSON.stringify(compile(more)));
          const fewer = { ...s, entitlements: s.entitlements.slice(1) };
          expect(JSON.stringify(compiler.compile(fewer))).toBe(JSON.stringify(compile(fewer)));
        }
      }),
      { numRuns: 60 },
    );
  });
});

describe("incremental compiler on a generated estate", () => {
  it("grants and revokes, including a version's first and last tenant, give what a full compile gives", () => {
    const base = largeEstate({ applications: 30, endpoints: 240, tenants: 40, entitlements: 400, seed: 11 });
    const compiler = createCompiler();
    compiler.compile(base);
    const entitled = base.rovers.filter((r) => r.exposures.some((e) => e.tenantAccess === "ENTITLED"));
    let current: Snapshot = base;
    for (let i = 0; i < 8; i++) {
      const rover = entitled[(i * 5) % entitled.length];
      // Every other step revokes every entitlement of one version (its routes turn inactive), the
      // next grants one back (active again); the rest grant or revoke one tenant.
      const step = i % 4;
      const entitlements =
        step === 0
          ? [...current.entitlements, { tenant: "tenant_0039", application: rover.name, version: rover.version }]
          : step === 1
            ? current.entitlements.slice(0, -1)
            : step === 2
              ? current.entitlements.filter((e) => e.application !== rover.name || e.version !== rover.version)
              : [...current.entitlements, { tenant: "tenant_0001", application: rover.name, version: rover.version }];
      current = { ...current, entitlements };
      expect(JSON.stringify(compiler.compile(current))).toBe(JSON.stringify(compile(current)));
    }
  });
});
