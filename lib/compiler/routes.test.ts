import { describe, expect, it } from "vitest";
import { compile } from "./index";
import { demoSnapshot } from "./fixtures/demo";
import type { CompileResult, RoverInput, Snapshot, ZoneOutput } from "./types";

const zoneOf = (result: CompileResult, name: string): ZoneOutput => result.zones.find((z) => z.zone === name)!;
const routeNames = (z: ZoneOutput) => z.routes.map((r) => r.name);
const rover = (s: Snapshot, id: string): RoverInput => s.rovers.find((r) => r.id === id)!;

describe("DTC eligibility and failover zones", () => {
  it("failover zones are the DTC-eligible zones (DTC URL and ENTERPRISE) other than the subscriber's own zone", () => {
    const result = compile(demoSnapshot());
    // billing (zone-b) fails over: zone-a is the provider, zone-e is DTC-eligible, zone-c has a
    // DTC URL but is WORLD, zone-d has no DTC URL, zone-b is the subscriber's own zone.
    expect(zoneOf(result, "zone-e").routes.map((r) => [r.name, r.kind])).toEqual([["orders-1.0.0-orders-via-zone-a", "failover"]]);
    expect(zoneOf(result, "zone-b").routes.map((r) => r.kind)).toEqual(["proxy"]);
    expect(routeNames(zoneOf(result, "zone-c"))).toEqual([]);
    expect(zoneOf(result, "zone-e").routes[0].reasons.some((r) => r.type === "failover" && r.message.includes("billing@2.1.0"))).toBe(true);
  });

  it("a failover subscriber's own zone is not one of its failover zones", () => {
    const s = demoSnapshot();
    // Move billing into zone-e: zone-e now holds the subscriber (proxy), zone-b becomes a failover zone.
    rover(s, "rover-billing-2").zone = "zone-e";
    const result = compile(s);
    expect(zoneOf(result, "zone-e").routes.map((r) => r.kind)).toEqual(["proxy"]);
    expect(zoneOf(result, "zone-b").routes.map((r) => r.kind)).toEqual(["failover"]);
  });
});

describe("realm choice", () => {
  it("dtc realm is chosen as soon as one approved failover subscription exists", () => {
    const s = demoSnapshot();
    rover(s, "rover-billing-2").failoverEnabled = false;
    const without = compile(s);
    expect(zoneOf(without, "zone-a").routes.find((r) => r.basePath === "/orders")!.realm).toBe("default");
    expect(zoneOf(without, "zone-e").routes).toEqual([]);

    // Unapproved does not count.
    rover(s, "rover-billing-2").failoverEnabled = true;
    rover(s, "rover-billing-2").subscriptions[0].approved = false;
    expect(zoneOf(compile(s), "zone-a").routes.find((r) => r.basePath === "/orders")!.realm).toBe("default");

    const withFailover = compile(demoSnapshot());
    for (const name of ["zone-a", "zone-b", "zone-e"]) {
      const orders = zoneOf(withFailover, name).routes.find((r) => r.basePath === "/orders")!;
      expect(orders.realm).toBe("dtc");
      expect(orders.downstreams.map((d) => d.host)).toContain("dtc.zone-c.example.com");
    }
  });

  it("a zone that must serve dtc without a DTC URL falls back to its default realm, with a warning", () => {
    const d = zoneOf(compile(demoSnapshot()), "zone-d");
    expect(d.routes[0].realm).toBe("default");
    expect(d.routes[0].downstreams.map((x) => x.url)).toEqual(["https://gw.zone-d.example.com"]);
    expect(d.warnings.filter((w) => w.code === "dtc-realm-missing")).toHaveLength(1);
  });
});

describe("proxy routes", () => {
  it("proxy routes in every subscriber and failover zone, upstream = the provider's default gateway URL (the request keeps the base path)", () => {
    const result = compile(demoSnapshot());
    for (const name of ["zone-b", "zone-d", "zone-e"]) {
      const [route] = zoneOf(result, name).routes;
      expect(route.upstream).toEqual({ targets: [{ url: "https://gw.zone-a.example.com", weight: 100 }], viaZone: "zone-a" });
    }
    expect(zoneOf(result, "zone-a").routes.find((r) => r.basePath === "/orders")!.upstream).toEqual({
      targets: [{ url: "http://orders.zone-a.svc:8080/api", weight: 100 }],
    });
  });

  it("proxy upstream keeps the provider gateway's base path, and uses its default realm even on dtc", () => {
    const s = demoSnapshot();
    rover(s, "rover-orders-1").zone = "zone-b";
    rover(s, "rover-billing-2").zone = "zone-a";
    const route = zoneOf(compile(s), "zone-a").routes.find((r) => r.basePath === "/orders")!;
    expect(route.kind).toBe("proxy");
    expect(route.upstream.targets).toEqual([{ url: "https://gw.example.com/zone-b", weight: 100 }]);
  });
});

describe("visibility", () => {
  const withVisibility = (visibility: "WORLD" | "ENTERPRISE" | "ZONE") => {
    const s = demoSnapshot();
    rover(s, "rover-orders-1").exposures[0].visibility = visibility;
    return compile(s);
  };

  it("visibility refusals are reported: ENTERPRISE accepts only subscribers from ENTERPRISE zones", () => {
    const result = withVisibility("ENTERPRISE");
    expect(zoneOf(result, "zone-c").routes).toEqual([]);
    for (const name of ["zone-a", "zone-c"]) {
      const z = zoneOf(result, name);
      expect(z.refusals).toEqual([
        expect.objectContaining({ subscriberRoverId: "rover-storefront-3", subscriberZone: "zone-c", providerZone: "zone-a", basePath: "/orders" }),
      ]);
      expect(z.refusals[0].reason).toContain("ENTERPRISE");
      expect(z.warnings.some((w) => w.code === "subscription-refused")).toBe(true);
    }
  });

  it("visibility refusals are reported: ZONE accepts only subscribers from the provider's zone", () => {
    const result = withVisibility("ZONE");
    expect(zoneOf(result, "zone-a").refusals.map((r) => r.subscriberZone).sort()).toEqual(["zone-b", "zone-c", "zone-d"]);
    for (const name of ["zone-b", "zone-c", "zone-d", "zone-e"]) expect(zoneOf(result, name).routes).toEqual([]);
    // No accepted failover subscription is left, so no dtc.
    expect(zoneOf(result, "zone-a").routes.find((r) => r.basePath === "/orders")!.realm).toBe("default");
  });

  it("ZONE stays in its zone: a failover subscriber in the provider zone gets no failover routes, no dtc realm, and is told why", () => {
    const s = demoSnapshot();
    rover(s, "rover-orders-1").exposures[0].visibility = "ZONE";
    rover(s, "rover-billing-2").zone = "zone-a"; // the failover subscriber, now in the provider zone
    const result = compile(s);
    for (const z of result.zones) {
      if (z.zone !== "zone-a") expect(z.routes.filter((r) => r.basePath === "/orders")).toEqual([]);
    }
    const a = zoneOf(result, "zone-a");
    const orders = a.routes.find((r) => r.basePath === "/orders")!;
    expect(orders.kind).toBe("real");
    expect(orders.realm).toBe("default");
    expect(orders.downstreams.map((d) => d.host)).toEqual(["gw.zone-a.example.com"]);
    expect(orders.reasons).toContainEqual(
      expect.objectContaining({ type: "failover", message: "Failover subscription by billing@2.1.0 (zone zone-a): exposure is ZONE: no failover routes outside zone-a" }),
    );
    const warning = a.warnings.find((w) => w.code === "failover-refused")!;
    expect(warning.message).toContain("exposure is ZONE: no failover routes outside zone-a");
    expect(warning.refs).toContainEqual(expect.objectContaining({ kind: "rover", id: "rover-billing-2" }));
    // The same exposure as ENTERPRISE does fail over: the rule is ZONE's, not the subscriber's.
    rover(s, "rover-orders-1").exposures[0].visibility = "ENTERPRISE";
    expect(zoneOf(compile(s), "zone-e").routes.map((r) => r.kind)).toEqual(["failover"]);
  });

  it("WORLD accepts everyone; unapproved subscriptions are ignored (no route, no refusal)", () => {
    const result = withVisibility("WORLD");
    expect(zoneOf(result, "zone-c").routes.map((r) => r.kind)).toEqual(["proxy"]);
    expect(zoneOf(result, "zone-a").refusals).toEqual([]);
    // shipping's unapproved subscription to /capabilities gives zone-d no capabilities route.
    expect(zoneOf(result, "zone-d").routes.map((r) => r.basePath)).toEqual(["/orders"]);
  });

  it("a subscription to a basePath nobody exposes is reported", () => {
    const d = zoneOf(compile(demoSnapshot()), "zone-d");
    expect(d.warnings.filter((w) => w.code === "subscription-unmatched").map((w) => w.message)).toEqual([
      "shipping@1.4.0 (zone zone-d) subscribes to /invoices, which no rover exposes",
    ]);
  });
});

describe("expressions", () => {
  it("hosts are paired with their own paths (a gateway URL's base path included, and stripped by the last path predicate)", () => {
    const b = zoneOf(compile(demoSnapshot()), "zone-b").routes[0];
    expect(b.expression).toBe(
      [
        '((http.host == "gw.example.com" && (http.path == "/zone-b/orders" || http.path ^= "/zone-b/orders/") && http.path ^= "/zone-b")',
        '(http.host == "dtc.zone-a.example.com" && (http.path == "/orders" || http.path ^= "/orders/") && http.path ^= "/")',
        '(http.host == "dtc.zone-b.example.com" && (http.path == "/orders" || http.path ^= "/orders/") && http.path ^= "/")',
        '(http.host == "dtc.zone-c.example.com" && (http.path == "/orders" || http.path ^= "/orders/") && http.path ^= "/")',
        '(http.host == "dtc.zone-e.example.com" && (http.path == "/orders" || http.path ^= "/orders/") && http.path ^= "/"))',
      ].join(" || "),
    );
  });

  it("path patterns are escaped and anchored; literal endpoints are exact", () => {
    const s = demoSnapshot();
    rover(s, "rover-orders-1").exposures[0].endpoints = [
      { methods: ["POST", "GET"], path: "/v1.2/items/{id}/*" },
      { methods: ["GET"], path: "/v1.2/items" },
      { methods: ["DELETE"], path: "/files*" },
    ];
    rover(s, "rover-billing-2").failoverEnabled = false;
    const routes = zoneOf(compile(s), "zone-a").routes.filter((r) => r.basePath === "/orders");
    expect(routes.map((r) => r.expression).sort()).toEqual([
      '((http.host == "gw.zone-a.example.com" && http.path == "/orders/v1.2/items") && http.method == "GET")',
      '((http.host == "gw.zone-a.example.com" && http.path ~ r#"^/orders/files.*$"#) && http.method == "DELETE")',
      '((http.host == "gw.zone-a.example.com" && http.path ~ r#"^/orders/v1\\.2/items/[^/]+/.*$"#) && (http.method == "GET" || http.method == "POST"))',
    ]);
  });

  it("tenant clauses: NONE adds none, ANY requires the header (~ r#\".*\"#), ENTITLED lists the entitled tenants", () => {
    const a = zoneOf(compile(demoSnapshot()), "zone-a");
    const byName = new Map(a.routes.map((r) => [r.name, r]));
    expect(byName.get("orders-1.0.0-orders")!.expression).not.toContain("x_okapi_tenant");
    expect(byName.get("capabilities-1.0.0-capabilities-get-root")!.expression).toBe(
      '((http.host == "gw.zone-a.example.com" && http.path == "/capabilities") && http.method == "GET" && http.headers.x_okapi_tenant ~ r#".*"#)',
    );
    expect(byName.get("capabilities-2.0.0-capabilities-get-root")!.expression).toBe(
      '((http.host == "gw.zone-a.example.com" && http.path == "/capabilities") && http.method == "GET" && (http.headers.x_okapi_tenant == "college" || http.headers.x_okapi_tenant == "diku" || http.headers.x_okapi_tenant == "test"))',
    );
  });

  it("the tenant header field is lower case with - turned into _", () => {
    const s = demoSnapshot();
    s.settings.tenantHeader = "X-Tenant-Id";
    const route = zoneOf(compile(s), "zone-a").routes.find((r) => r.tenantAccess === "ANY")!;
    expect(route.expression).toContain('http.headers.x_tenant_id ~ r#".*"#');
  });

  it("tenants are sorted and de-duplicated", () => {
    const route = zoneOf(compile(demoSnapshot()), "zone-a").routes.find((r) => r.tenantAccess === "ENTITLED")!;
    expect(route.tenants).toEqual(["college", "diku", "test"]);
  });

  it("an ENTITLED route with no entitled tenant is not emitted and is listed as inactive with why", () => {
    const s = demoSnapshot();
    s.entitlements = [{ tenant: "university", application: "capabilities", version: "1.0.0" }];
    const a = zoneOf(compile(s), "zone-a");
    expect(a.routes.filter((r) => r.version === "2.0.0")).toEqual([]);
    expect(a.kong.routes.some((r) => r.name.startsWith("capabilities-2.0.0"))).toBe(false);
    expect(a.inactiveRoutes.map((r) => r.name)).toEqual(["capabilities-2.0.0-capabilities-get-id", "capabilities-2.0.0-capabilities-get-root"]);
    expect(a.inactiveRoutes[0].reason).toContain("no tenant is entitled to capabilities@2.0.0");
  });
});

describe("route records", () => {
  it("each route records why it exists: exposure, subscriptions, failover, realm, tenant access, entitlements", () => {
    const a = zoneOf(compile(demoSnapshot()), "zone-a");
    const orders = a.routes.find((r) => r.name === "orders-1.0.0-orders")!;
    // zone-a is also a failover zone of billing's subscription; the real route serves it.
    expect(orders.reasons.map((r) => r.type)).toEqual(["exposure", "subscription", "subscription", "failover", "realm", "tenant-access"]);
    const v2 = a.routes.find((r) => r.tenantAccess === "ENTITLED")!;
    expect(v2.reasons.find((r) => r.type === "entitlement")!.refs).toHaveLength(3);
  });

  it("route names are unique per zone and stable when unrelated rovers change", () => {
    const before = compile(demoSnapshot());
    for (const z of before.zones) expect(new Set(routeNames(z)).size).toBe(z.routes.length);
    const s = demoSnapshot();
    s.rovers.push({ id: "rover-x", name: "users", version: "1.0.0", zone: "zone-a", failoverEnabled: false, subscriptions: [], exposures: [
      { basePath: "/users", upstreams: [{ url: "http://users:80", weight: 100 }], visibility: "WORLD", tenantAccess: "NONE", endpoints: [] },
    ] });
    const after = zoneOf(compile(s), "zone-a");
    expect(routeNames(after)).toEqual(expect.arrayContaining(routeNames(zoneOf(before, "zone-a"))));
  });

  it("readable names that collide get a stable hash suffix instead of clashing", () => {
    const s = demoSnapshot();
    // /a_b and /a/b both read as a_b.
    rover(s, "rover-orders-1").exposures.push(
      { basePath: "/a_b", upstreams: [{ url: "http://x:80", weight: 100 }], visibility: "WORLD", tenantAccess: "NONE", endpoints: [] },
      { basePath: "/a/b", upstreams: [{ url: "http://x:80", weight: 100 }], visibility: "WORLD", tenantAccess: "NONE", endpoints: [] },
    );
    const names = routeNames(zoneOf(compile(s), "zone-a")).filter((n) => n.startsWith("orders-1.0.0-a_b"));
    expect(names).toHaveLength(2);
    expect(names.every((n) => /^orders-1\.0\.0-a_b-[0-9a-f]{8}$/.test(n))).toBe(true);
  });
});

describe("determinism", () => {
  it("the same snapshot always gives byte-identical output, whatever the input order", () => {
    const first = JSON.stringify(compile(demoSnapshot()));
    expect(JSON.stringify(compile(demoSnapshot()))).toBe(first);
    const shuffled = demoSnapshot();
    shuffled.zones.reverse();
    shuffled.rovers.reverse();
    shuffled.entitlements.reverse();
    for (const r of shuffled.rovers) for (const e of r.exposures) e.endpoints.reverse();
    expect(JSON.stringify(compile(shuffled))).toBe(first);
  });
});
