import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { pathsCover, pathsIntersect, routeCovers, routesCanOverlap } from "./analysis";
import { tenantHeaderField } from "./expression";
import { compile } from "./index";
import { demoSnapshot } from "./fixtures/demo";
import { endpointMatcher, type PathMatcher } from "./path-pattern";
import { snapshotArb } from "./test-support/arbitraries";
import { kongMatches } from "./test-support/kong-routing";
import type { Snapshot } from "./types";

const prefix = (path: string): PathMatcher => ({ kind: "prefix", path });

describe("path overlap on the compiler's path shapes", () => {
  it("intersection of prefixes, exact paths and endpoint patterns", () => {
    expect(pathsIntersect(prefix("/orders"), endpointMatcher("/orders", "/{id}"))).toBe(true);
    expect(pathsIntersect(prefix("/orders"), prefix("/ordersx"))).toBe(false);
    expect(pathsIntersect(prefix("/orders"), prefix("/orders/v2"))).toBe(true);
    expect(pathsIntersect(endpointMatcher("/a", "/{id}"), endpointMatcher("/a", "/items/x"))).toBe(false);
    expect(pathsIntersect(endpointMatcher("/a", "/{id}/x"), endpointMatcher("/a", "/items/{id}"))).toBe(true);
    expect(pathsIntersect(endpointMatcher("/a", "/"), endpointMatcher("/a", "/*"))).toBe(false);
    expect(pathsIntersect(endpointMatcher("/a", "/items*"), endpointMatcher("/a", "/items/{id}"))).toBe(true);
  });

  it("containment: a prefix covers every endpoint under it, a param does not cover a star", () => {
    expect(pathsCover([prefix("/orders")], endpointMatcher("/orders", "/{id}/items*"))).toBe(true);
    expect(pathsCover([prefix("/orders")], endpointMatcher("/orders", "/"))).toBe(true);
    expect(pathsCover([endpointMatcher("/orders", "/{id}")], endpointMatcher("/orders", "/{id}/x"))).toBe(false);
    expect(pathsCover([endpointMatcher("/orders", "/{id}")], endpointMatcher("/orders", "/items"))).toBe(true);
    expect(pathsCover([endpointMatcher("/orders", "/*")], prefix("/orders"))).toBe(false);
    expect(pathsCover([endpointMatcher("/orders", "/*"), endpointMatcher("/orders", "/")], prefix("/orders"))).toBe(true);
  });
});

function demoWith(change: (s: Snapshot) => void): Snapshot {
  const s = demoSnapshot();
  change(s);
  return s;
}

describe("zone warnings", () => {
  it("a route that can never match because a higher-priority route always matches first is reported as shadowed", () => {
    // v2 ENTITLED to everyone entitled to v1 too, on the same endpoints: v1's ENTITLED routes never win.
    const s = demoWith((s) => {
      s.rovers.find((r) => r.id === "rover-capabilities-1")!.exposures[0].tenantAccess = "ENTITLED";
      s.entitlements.push({ tenant: "diku", application: "capabilities", version: "1.0.0" });
    });
    const a = compile(s).zones.find((z) => z.zone === "zone-a")!;
    const shadowed = a.warnings.filter((w) => w.code === "route-shadowed");
    expect(shadowed.map((w) => w.routes)).toEqual([
      ["capabilities-1.0.0-capabilities-get-id", "capabilities-2.0.0-capabilities-get-id"],
      ["capabilities-1.0.0-capabilities-get-root", "capabilities-2.0.0-capabilities-get-root"],
    ]);
  });

  it("two routes of one zone that can match the same request are reported as overlapping, with the winner", () => {
    const a = compile(demoSnapshot()).zones.find((z) => z.zone === "zone-a")!;
    const overlaps = a.warnings.filter((w) => w.code === "routes-overlap");
    expect(overlaps.map((w) => w.routes)).toEqual([
      ["capabilities-2.0.0-capabilities-get-id", "capabilities-1.0.0-capabilities-get-id"],
      ["capabilities-2.0.0-capabilities-get-root", "capabilities-1.0.0-capabilities-get-root"],
    ]);
    // /orders and /capabilities share a host but no path.
    expect(overlaps.some((w) => w.routes!.some((r) => r.startsWith("orders")))).toBe(false);
  });

  it("disjoint tenants, methods or hosts do not overlap", () => {
    const s = demoWith((s) => {
      s.rovers.find((r) => r.id === "rover-capabilities-1")!.exposures[0].tenantAccess = "ENTITLED";
      s.entitlements.push({ tenant: "university", application: "capabilities", version: "1.0.0" });
    });
    const a = compile(s).zones.find((z) => z.zone === "zone-a")!;
    expect(a.warnings.filter((w) => w.code === "routes-overlap" || w.code === "route-shadowed")).toEqual([]);
  });

  it("shadowing and overlap agree with Kong's engine on random estates", () => {
    fc.assert(
      fc.property(snapshotArb, (snapshot) => {
        const field = tenantHeaderField(snapshot.settings.tenantHeader);
        for (const zone of compile(snapshot).zones) {
          for (const inner of zone.routes) {
            for (const outer of zone.routes) {
              if (inner === outer) continue;
              const covers = routeCovers(outer, inner);
              if (covers) expect(routesCanOverlap(outer, inner)).toBe(true);
              if (!covers) continue;
              // Everything inner matches, outer matches too, according to Kong.
              for (const d of inner.downstreams) {
                const path = inner.endpoint ? `${d.path}${inner.endpoint.path === "/" ? "" : inner.endpoint.path}`.replace(/\{[^}]+\}/g, "p").replace(/\*$/, "z/q") : `${d.path}/x`;
                for (const method of inner.endpoint?.methods ?? ["GET"]) {
                  const request = { method, host: d.host, path, headers: { [snapshot.settings.tenantHeader]: inner.tenants[0] ?? "diku" } };
                  if (kongMatches(inner.expression, request, field)) expect(kongMatches(outer.expression, request, field)).toBe(true);
                }
              }
            }
          }
        }
      }),
      { numRuns: 40 },
    );
  });
});
