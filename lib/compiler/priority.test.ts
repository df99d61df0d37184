import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { routesCanOverlap } from "./analysis";
import { tenantHeaderField } from "./expression";
import { compile } from "./index";
import { basePriority, MAX_KONG_PRIORITY, PRIORITY_LAYOUT, routePriority, TIE_BREAK_LIMIT, type RouteTraits } from "./priority";
import { snapshotArb } from "./test-support/arbitraries";
import { kongMatches, kongWinner, type TestRequest } from "./test-support/kong-routing";
import type { CompiledRoute, Snapshot, TenantAccess } from "./types";

const traits = (over: Partial<RouteTraits> = {}): RouteTraits => ({
  tenantAccess: "NONE",
  pathKind: "prefix",
  literalPrefix: "/orders",
  methodCount: 0,
  ...over,
});

describe("priority bit layout", () => {
  it("fields do not overlap and every priority stays ≤ 2^46−1", () => {
    let used = 0n;
    for (const f of PRIORITY_LAYOUT) {
      const mask = ((1n << BigInt(f.bits)) - 1n) << BigInt(f.shift);
      expect(used & mask).toBe(0n);
      used |= mask;
    }
    expect(used).toBeLessThanOrEqual(BigInt(MAX_KONG_PRIORITY));
    const strictest = routePriority(traits({ tenantAccess: "ENTITLED", pathKind: "exact", literalPrefix: "/".repeat(5000), methodCount: 1 }), TIE_BREAK_LIMIT - 1);
    expect(strictest.priority).toBeLessThanOrEqual(MAX_KONG_PRIORITY);
    expect(Number.isSafeInteger(strictest.priority)).toBe(true);
  });

  it("priorityParts add up to the priority", () => {
    const { priority, parts } = routePriority(traits({ tenantAccess: "ANY", pathKind: "pattern", literalPrefix: "/orders/", methodCount: 2 }), 17);
    expect(parts.map((p) => p.name)).toEqual(["tenant", "exactPath", "literalLength", "pattern", "methods", "tieBreak"]);
    expect(parts.reduce((sum, p) => sum + p.value * 2 ** p.shift, 0)).toBe(priority);
    for (const p of parts) expect(p.value).toBeLessThan(2 ** p.bits);
    for (const p of parts) expect(p.explanation.length).toBeGreaterThan(0);
  });

  it("tenant-narrowed (ENTITLED) above tenant-present (ANY) above no tenant check, whatever the other fields", () => {
    const loosest = (t: TenantAccess) => basePriority(traits({ tenantAccess: t, pathKind: "prefix", literalPrefix: "/a", methodCount: 0 }));
    const strictest = (t: TenantAccess) =>
      routePriority(traits({ tenantAccess: t, pathKind: "exact", literalPrefix: "/".repeat(1023), methodCount: 1 }), TIE_BREAK_LIMIT - 1).priority;
    expect(loosest("ENTITLED")).toBeGreaterThan(strictest("ANY"));
    expect(loosest("ANY")).toBeGreaterThan(strictest("NONE"));
  });

  it("exact paths above regexes, longer literal prefixes above shorter, more conditions above fewer", () => {
    expect(basePriority(traits({ pathKind: "exact", literalPrefix: "/a" }))).toBeGreaterThan(
      routePriority(traits({ pathKind: "pattern", literalPrefix: "/a/very/long/literal/prefix/", methodCount: 1 }), TIE_BREAK_LIMIT - 1).priority,
    );
    expect(basePriority(traits({ pathKind: "pattern", literalPrefix: "/orders/items/" }))).toBeGreaterThan(
      basePriority(traits({ pathKind: "pattern", literalPrefix: "/orders/" })),
    );
    expect(basePriority(traits({ pathKind: "pattern", literalPrefix: "/orders" }))).toBeGreaterThan(basePriority(traits({ pathKind: "prefix", literalPrefix: "/orders" })));
    expect(basePriority(traits({ methodCount: 1 }))).toBeGreaterThan(basePriority(traits({ methodCount: 2 })));
    expect(basePriority(traits({ methodCount: 7 }))).toBeGreaterThan(basePriority(traits({ methodCount: 0 })));
  });
});

// ---------------------------------------------------------------- the spike's failure, replayed

function spikeEstate(v1: TenantAccess, entitlements: Snapshot["entitlements"]): Snapshot {
  const exposure = (tenantAccess: TenantAccess) => ({
    basePath: "/capabilities",
    upstreams: [{ url: "http://capabilities:8081", weight: 100 }],
    visibility: "WORLD" as const,
    tenantAccess,
    endpoints: [{ methods: ["GET"], path: "/" }],
  });
  return {
    settings: { environment: "default", tenantHeader: "x-okapi-tenant" },
    zones: [{ name: "eureka", visibility: "ENTERPRISE", gatewayUrl: "https://kong.eureka.example.com", identityProviderUrl: "https://kc.example.com", dtcUrl: null, enforceIssuers: false }],
    rovers: [
      { id: "v1", name: "capabilities", version: "1.0.0", zone: "eureka", failoverEnabled: false, exposures: [exposure(v1)], subscriptions: [] },
      { id: "v2", name: "capabilities", version: "2.0.0", zone: "eureka", failoverEnabled: false, exposures: [exposure("ENTITLED")], subscriptions: [] },
    ],
    entitlements,
  };
}

const capabilitiesRequest = (tenant?: string): TestRequest => ({
  method: "GET",
  host: "kong.eureka.example.com",
  path: "/capabilities",
  headers: tenant ? { "x-okapi-tenant": tenant } : {},
});

describe("the spike's failure: one version's ANY route must not shadow another version's ENTITLED route", () => {
  it("v1 ANY, v2 ENTITLED to diku on GET /capabilities: diku reaches v2, university reaches v1", () => {
    const [zone] = compile(spikeEstate("ANY", [{ tenant: "diku", application: "capabilities", version: "2.0.0" }])).zones;
    const v1 = zone.routes.find((r) => r.version === "1.0.0")!;
    // v1's ANY route matches diku's request too: only the priority makes v2 win.
    expect(kongMatches(v1.expression, capabilitiesRequest("diku"))).toBe(true);
    expect(kongWinner(zone, capabilitiesRequest("diku"))?.version).toBe("2.0.0");
    expect(kongWinner(zone, capabilitiesRequest("university"))?.version).toBe("1.0.0");
    // ANY requires the header to be present.
    expect(kongWinner(zone, capabilitiesRequest())).toBeNull();
  });

  it("ENTITLED on both, v1 entitled to no tenant: university (entitled to neither) matches nothing", () => {
    const [zone] = compile(spikeEstate("ENTITLED", [{ tenant: "diku", application: "capabilities", version: "2.0.0" }])).zones;
    expect(zone.routes.map((r) => r.version)).toEqual(["2.0.0"]);
    expect(zone.inactiveRoutes.map((r) => r.version)).toEqual(["1.0.0"]);
    expect(kongWinner(zone, capabilitiesRequest("university"))).toBeNull();
    expect(kongWinner(zone, capabilitiesRequest("diku"))?.version).toBe("2.0.0");
  });

  it("ENTITLED on both, v1 entitled to other tenants: university matches nothing, each tenant reaches its version", () => {
    const [zone] = compile(
      spikeEstate("ENTITLED", [
        { tenant: "diku", application: "capabilities", version: "2.0.0" },
        { tenant: "college", application: "capabilities", version: "1.0.0" },
        { tenant: "test", application: "capabilities", version: "1.0.0" },
      ]),
    ).zones;
    expect(kongWinner(zone, capabilitiesRequest("university"))).toBeNull();
    expect(kongWinner(zone, capabilitiesRequest("diku"))?.version).toBe("2.0.0");
    expect(kongWinner(zone, capabilitiesRequest("college"))?.version).toBe("1.0.0");
  });

  it("a tenant entitled to both versions reaches the newer one (tie-break by version)", () => {
    const [zone] = compile(
      spikeEstate("ENTITLED", [
        { tenant: "diku", application: "capabilities", version: "2.0.0" },
        { tenant: "diku", application: "capabilities", version: "1.0.0" },
      ]),
    ).zones;
    const [a, b] = zone.routes;
    expect(a.priority).not.toBe(b.priority);
    expect(kongWinner(zone, capabilitiesRequest("diku"))?.version).toBe("2.0.0");
  });
});

// ---------------------------------------------------------------- uniqueness, checked with Kong

/** Concrete requests that each route matches (params → a value, * → nothing or two segments). */
function sampleRequests(route: CompiledRoute, tenants: readonly string[], header: string): TestRequest[] {
  const requests: TestRequest[] = [];
  const methods = route.endpoint ? route.endpoint.methods : ["GET"];
  const headerSets: Record<string, string>[] = [{}, ...tenants.map((t) => ({ [header]: t }))];
  for (const d of route.downstreams) {
    const paths = route.endpoint
      ? (route.endpoint.path === "/" ? [d.path] : [`${d.path}${route.endpoint.path}`]).flatMap((p) => {
          const filled = p.replace(/\{[^}]+\}/g, "v1.2");
          return filled.endsWith("*") ? [filled.slice(0, -1), `${filled.slice(0, -1)}x/y`] : [filled];
        })
      : [d.path, `${d.path}/items`, `${d.path}/v2`];
    for (const path of paths) for (const method of methods) for (const headers of headerSets) requests.push({ method, host: d.host, path, headers });
  }
  return requests;
}

describe("no two routes of one zone that can match the same request share a priority", () => {
  it("every pair Kong matches on one request is detected as overlapping and has distinct priorities (fast-check)", () => {
    let overlappingPairs = 0;
    fc.assert(
      fc.property(snapshotArb, (snapshot) => {
        const field = tenantHeaderField(snapshot.settings.tenantHeader);
        const tenants = ["diku", "university"];
        for (const zone of compile(snapshot).zones) {
          expect(new Set(zone.routes.map((r) => r.priority)).size).toBe(zone.routes.length);
          const requests = zone.routes.flatMap((r) => sampleRequests(r, tenants, snapshot.settings.tenantHeader));
          for (const request of requests.slice(0, 60)) {
            const matching = zone.routes.filter((r) => kongMatches(r.expression, request, field));
            for (let i = 0; i < matching.length; i++) {
              for (let j = i + 1; j < matching.length; j++) {
                overlappingPairs++;
                expect(routesCanOverlap(matching[i], matching[j]), `${matching[i].name} / ${matching[j].name} on ${JSON.stringify(request)}`).toBe(true);
                expect(matching[i].priority).not.toBe(matching[j].priority);
              }
            }
          }
        }
      }),
      { numRuns: 60 },
    );
    expect(overlappingPairs).toBeGreaterThan(0);
  });
});
