import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { and, type Expr } from "../atc/ast";
import { buildContext } from "../atc/context";
import { matchedValue } from "../atc/matched-value";
import { print } from "../atc/print";
import { kongUpstreamUri } from "../atc/upstream-uri";
import { tenantHeaderField } from "./expression";
import { demoSnapshot } from "./fixtures/demo";
import { compile } from "./index";
import { describeForwardChain, exampleRequestPath, forwardChain } from "./path-contract";
import { simulate } from "./simulate";
import { snapshotArb } from "./test-support/arbitraries";
import { kongMatches } from "./test-support/kong-routing";
import type { CompiledRoute, CompileResult, Downstream, KongRoute, KongService, Snapshot, ZoneOutput } from "./types";

const zoneOf = (result: CompileResult, name: string): ZoneOutput => result.zones.find((z) => z.zone === name)!;
const routeOf = (zone: ZoneOutput, basePath: string) => zone.routes.find((r) => r.basePath === basePath)!;
const kongOf = (zone: ZoneOutput, route: CompiledRoute): { route: KongRoute; service: KongService } => {
  const kongRoute = zone.kong.routes.find((r) => r.name === route.name)!;
  return { route: kongRoute, service: zone.kong.services.find((s) => s.id === kongRoute.service.id)! };
};
const urlPath = (url: string) => new URL(url).pathname.replace(/\/+$/, "");

/** What Kong sends upstream for this request with the zone's emitted entities, the strip prefix replayed from the expression. */
function kongForwards(zone: ZoneOutput, route: CompiledRoute, host: string, path: string, headers: Record<string, string> = {}): string | null {
  const { route: kongRoute, service } = kongOf(zone, route);
  const ctx = buildContext({ method: route.endpoint?.methods[0] ?? "GET", scheme: "https", host, path, headers });
  const { matched, value: recorded } = matchedValue(route.expressionTree, ctx);
  if (!matched) return null;
  return kongUpstreamUri({ path, requestTarget: path, stripPath: kongRoute.strip_path, servicePath: service.path, matchedPath: recorded });
}

/** The tree without the strip predicates: the trailing `http.path ^=` of every group that already tests `http.path`. */
function withoutStripPredicates(expr: Expr): Expr {
  if (expr.kind === "predicate") return expr;
  if (expr.kind === "not") return { kind: "not", expr: withoutStripPredicates(expr.expr) };
  const terms = expr.terms.map(withoutStripPredicates);
  const last = terms[terms.length - 1];
  const readsPath = (e: Expr): boolean =>
    e.kind === "predicate" ? e.lhs.field === "http.path" : e.kind === "not" ? readsPath(e.expr) : e.terms.some(readsPath);
  if (expr.kind === "and" && last.kind === "predicate" && last.lhs.field === "http.path" && last.op === "^=" && terms.slice(0, -1).some(readsPath)) {
    return and(...terms.slice(0, -1));
  }
  return { kind: expr.kind, terms };
}

describe("emitted entities: real routes", () => {
  it("a provider without gateway paths keeps today's route: no strip, service path = the upstream URL's path, base path forwarded", () => {
    const a = zoneOf(compile(demoSnapshot()), "zone-a");
    const orders = routeOf(a, "/orders");
    const { route, service } = kongOf(a, orders);
    expect(route.strip_path).toBe(false);
    expect(service.path).toBe("/api");
    expect(orders.expression).not.toContain('http.path ^= "/")');
    expect(orders.downstreams.every((d) => d.stripPrefix === "")).toBe(true);
    expect(kongForwards(a, orders, "gw.zone-a.example.com", "/orders/42")).toBe("/api/orders/42");
    expect(kongForwards(a, orders, "dtc.zone-c.example.com", "/orders")).toBe("/api/orders");
  });

  it("the gateway URL's own path is matched and stripped, never forwarded", () => {
    const s = demoSnapshot();
    s.rovers.find((r) => r.id === "rover-orders-1")!.zone = "zone-b"; // gateway https://gw.example.com/zone-b
    const b = zoneOf(compile(s), "zone-b");
    const orders = routeOf(b, "/orders");
    const { route, service } = kongOf(b, orders);
    expect(route.strip_path).toBe(true);
    expect(service.path).toBe("/api");
    expect(orders.expression).toContain(
      '(http.host == "gw.example.com" && (http.path == "/zone-b/orders" || http.path ^= "/zone-b/orders/") && http.path ^= "/zone-b")',
    );
    // DTC entries without a path strip "/", which gives the path back unchanged.
    expect(orders.expression).toContain('(http.host == "dtc.zone-a.example.com" && (http.path == "/orders" || http.path ^= "/orders/") && http.path ^= "/")');
    expect(kongForwards(b, orders, "gw.example.com", "/zone-b/orders/42")).toBe("/api/orders/42");
    expect(kongForwards(b, orders, "gw.example.com", "/zone-b/orders")).toBe("/api/orders");
    expect(kongForwards(b, orders, "gw.example.com", "/zone-b/orders/")).toBe("/api/orders/");
    expect(kongForwards(b, orders, "dtc.zone-e.example.com", "/orders/42")).toBe("/api/orders/42");
    expect(kongForwards(b, orders, "gw.example.com", "/orders/42")).toBeNull();
  });

  it("a DTC URL with a path is stripped on its own host only", () => {
    const s = demoSnapshot();
    s.zones.find((z) => z.name === "zone-c")!.dtcUrl = "https://dtc.zone-c.example.com/edge";
    const a = zoneOf(compile(s), "zone-a");
    const orders = routeOf(a, "/orders");
    expect(orders.downstreams.find((d) => d.host === "dtc.zone-c.example.com")).toMatchObject({ path: "/edge/orders", stripPrefix: "/edge" });
    expect(kongOf(a, orders).route.strip_path).toBe(true);
    expect(kongForwards(a, orders, "dtc.zone-c.example.com", "/edge/orders/7")).toBe("/api/orders/7");
    expect(kongForwards(a, orders, "gw.zone-a.example.com", "/orders/7")).toBe("/api/orders/7");
    expect(kongForwards(a, orders, "dtc.zone-c.example.com", "/orders/7")).toBeNull();
  });

  it("stripBasePath forwards only what follows the base path (no gateway path, and with one)", () => {
    const s = demoSnapshot();
    s.rovers.find((r) => r.id === "rover-orders-1")!.exposures[0].stripBasePath = true;
    const a = zoneOf(compile(s), "zone-a");
    const orders = routeOf(a, "/orders");
    expect(orders.stripBasePath).toBe(true);
    expect(kongOf(a, orders).route.strip_path).toBe(true);
    expect(orders.expression).toContain('(http.host == "gw.zone-a.example.com" && (http.path == "/orders" || http.path ^= "/orders/") && http.path ^= "/orders")');
    expect(kongForwards(a, orders, "gw.zone-a.example.com", "/orders/42")).toBe("/api/42");
    expect(kongForwards(a, orders, "gw.zone-a.example.com", "/orders")).toBe("/api");
    expect(kongForwards(a, orders, "gw.zone-a.example.com", "/orders/")).toBe("/api/");

    s.rovers.find((r) => r.id === "rover-orders-1")!.zone = "zone-b";
    const b = zoneOf(compile(s), "zone-b");
    const moved = routeOf(b, "/orders");
    expect(moved.expression).toContain('&& http.path ^= "/zone-b/orders")');
    expect(kongForwards(b, moved, "gw.example.com", "/zone-b/orders/42")).toBe("/api/42");
  });

  it("endpoints with {param} and a trailing * strip after the pattern clause; an upstream without a path gets the rest at the root", () => {
    const s = demoSnapshot();
    const caps = s.rovers.find((r) => r.id === "rover-capabilities-1")!;
    caps.zone = "zone-b";
    caps.exposures[0].endpoints = [
      { methods: ["GET"], path: "/{id}" },
      { methods: ["POST"], path: "/items/*" },
    ];
    for (const stripBasePath of [false, true]) {
      caps.exposures[0].stripBasePath = stripBasePath;
      const b = zoneOf(compile(s), "zone-b");
      const byId = b.routes.find((r) => r.endpoint?.path === "/{id}")!;
      const items = b.routes.find((r) => r.endpoint?.path === "/items/*")!;
      const prefix = stripBasePath ? "/zone-b/capabilities" : "/zone-b";
      expect(byId.expression).toContain(`(http.host == "gw.example.com" && http.path ~ r#"^/zone-b/capabilities/[^/]+$"# && http.path ^= "${prefix}")`);
      expect(kongOf(b, byId).service.path).toBeNull();
      const headers = { "x-okapi-tenant": "diku" };
      expect(kongForwards(b, byId, "gw.example.com", "/zone-b/capabilities/7", headers)).toBe(stripBasePath ? "/7" : "/capabilities/7");
      expect(kongForwards(b, items, "gw.example.com", "/zone-b/capabilities/items/a/b", headers)).toBe(stripBasePath ? "/items/a/b" : "/capabilities/items/a/b");
    }
  });
});

describe("emitted entities: proxy and failover routes", () => {
  it("a proxy's service is the provider's default gateway URL; the request keeps its base path, loses the subscriber gateway's path", () => {
    const result = compile(demoSnapshot());
    for (const [zone, host, path] of [
      ["zone-b", "gw.example.com", "/zone-b/orders/42"],
      ["zone-d", "gw.zone-d.example.com", "/orders/42"],
      ["zone-e", "dtc.zone-c.example.com", "/orders/42"],
    ] as const) {
      const z = zoneOf(result, zone);
      const proxy = routeOf(z, "/orders");
      const { route, service } = kongOf(z, proxy);
      expect(service).toMatchObject({ protocol: "https", host: "gw.zone-a.example.com", port: 443, path: null });
      expect(route.strip_path).toBe(zone === "zone-b");
      expect(kongForwards(z, proxy, host, path)).toBe("/orders/42");
    }
    // Zone d has no gateway path: today's expression, byte for byte.
    expect(routeOf(zoneOf(result, "zone-d"), "/orders").expression).toBe(
      '(http.host == "gw.zone-d.example.com" && (http.path == "/orders" || http.path ^= "/orders/"))',
    );
  });

  it("a provider gateway with a path: the proxy's service path is that path, and the provider's real route strips it again", () => {
    const s = demoSnapshot();
    s.rovers.find((r) => r.id === "rover-orders-1")!.zone = "zone-b";
    s.rovers.find((r) => r.id === "rover-billing-2")!.zone = "zone-a";
    const result = compile(s);
    const a = zoneOf(result, "zone-a");
    const proxy = routeOf(a, "/orders");
    expect(proxy.kind).toBe("proxy");
    expect(kongOf(a, proxy).service).toMatchObject({ host: "gw.example.com", path: "/zone-b" });
    expect(kongOf(a, proxy).route.strip_path).toBe(false);
    const forwarded = kongForwards(a, proxy, "gw.zone-a.example.com", "/orders/42")!;
    expect(forwarded).toBe("/zone-b/orders/42");
    const b = zoneOf(result, "zone-b");
    expect(kongForwards(b, routeOf(b, "/orders"), "gw.example.com", forwarded)).toBe("/api/orders/42");
    // A failover zone (zone-e) forwards the same request.
    const e = zoneOf(result, "zone-e");
    expect(routeOf(e, "/orders").kind).toBe("failover");
    expect(kongForwards(e, routeOf(e, "/orders"), "dtc.zone-b.example.com", "/orders/42")).toBe("/zone-b/orders/42");
  });

  it("stripBasePath is the provider's business: proxies forward the base path either way", () => {
    const s = demoSnapshot();
    s.rovers.find((r) => r.id === "rover-orders-1")!.exposures[0].stripBasePath = true;
    const b = zoneOf(compile(s), "zone-b");
    const proxy = routeOf(b, "/orders");
    expect(proxy.downstreams.find((d) => d.host === "gw.example.com")!.stripPrefix).toBe("/zone-b");
    expect(kongForwards(b, proxy, "gw.example.com", "/zone-b/orders/42")).toBe("/orders/42");
  });
});

describe("the strip predicate", () => {
  it("never changes what matches (Kong's engine), nor priorities, and Kong strips exactly the downstream's prefix (random estates)", () => {
    let checked = 0;
    let stripping = 0;
    fc.assert(
      fc.property(snapshotArb, (snapshot: Snapshot) => {
        const field = tenantHeaderField(snapshot.settings.tenantHeader);
        const result = compile(snapshot);
        const plain = compile({ ...snapshot, rovers: snapshot.rovers.map((r) => ({ ...r, exposures: r.exposures.map((e) => ({ ...e, stripBasePath: false })) })) });
        for (const zone of result.zones) {
          const plainZone = zoneOf(plain, zone.zone);
          for (const route of zone.routes) {
            // Priorities and their breakdown do not depend on stripping.
            expect(plainZone.routes.find((r) => r.name === route.name)?.priorityParts).toEqual(route.priorityParts);
            const strips = kongOf(zone, route).route.strip_path;
            if (strips) stripping++;
            const bare = print(withoutStripPredicates(route.expressionTree));
            if (!strips) expect(bare).toBe(route.expression);
            const headers: Record<string, string> = route.tenantAccess === "NONE" ? {} : { [snapshot.settings.tenantHeader]: route.tenants[0] ?? "t" };
            for (const d of route.downstreams) {
              for (const path of requestPaths(route, d)) {
                const request = { method: route.endpoint?.methods[0] ?? "GET", host: d.host, path, headers };
                const kong = kongMatches(route.expression, request, field);
                expect(kongMatches(bare, request, field), `${bare} on ${path}`).toBe(kong);
                checked++;
                if (!kong || !path.startsWith(d.path)) continue;
                const ctx = buildContext({ ...request, scheme: "https" });
                const recorded = matchedValue(route.expressionTree, ctx);
                expect(recorded.matched).toBe(true);
                // Of several downstreams on one host, the first whose path the request is under records.
                const first = route.downstreams.find((x) => x.host === d.host && (path === x.path || path.startsWith(`${x.path}/`)))!;
                if (strips) expect(recorded.value).toBe(first.stripPrefix === "" ? "/" : first.stripPrefix);
                if (first === d) expect(kongForwards(zone, route, d.host, path, headers)).toBe(expectedForward(route, d, path));
              }
            }
          }
        }
      }),
      { numRuns: 60 },
    );
    expect(stripping).toBeGreaterThan(20);
    expect(checked).toBeGreaterThan(1000);
  });
});

/** Paths the route should accept at this downstream, and near misses. */
function requestPaths(route: CompiledRoute, d: Downstream): string[] {
  const near = [d.path.slice(0, -1), `${d.path}x`, `/x${d.path}`];
  if (!route.endpoint) return [d.path, `${d.path}/`, `${d.path}/42`, `${d.path}/a/b`, ...near];
  if (route.endpoint.path === "/") return [d.path, `${d.path}/`, ...near];
  const filled = route.endpoint.path.replace(/\{[^}]+\}/g, "v7").replace(/\*$/, "s/t");
  return [`${d.path}${filled}`, `${d.path}${filled}/`, ...near];
}

/**
 * The contract, derived from the domain rules and not from the compiler: a real route's upstream
 * receives its URL path + base path + rest (without the base path under stripBasePath); a proxy
 * hands the provider's default gateway its own path + base path + rest.
 */
function expectedForward(route: CompiledRoute, d: Downstream, requestPath: string): string {
  const gatewayPath = urlPath(d.url);
  const rest = requestPath.slice(gatewayPath.length + route.basePath.length);
  if (route.kind === "real") {
    const tail = route.stripBasePath ? rest : `${route.basePath}${rest}`;
    return `${urlPath(route.upstream.targets[0].url)}${tail}` || "/";
  }
  return `${urlPath(route.upstream.targets[0].url)}${route.basePath}${rest}`;
}

describe("the simulator with strip predicates", () => {
  it("reports the path clause, not the strip predicate, as the first failed predicate; a match is a match", () => {
    const s = demoSnapshot();
    s.rovers.find((r) => r.id === "rover-orders-1")!.zone = "zone-b";
    const b = zoneOf(compile(s), "zone-b");
    const orders = routeOf(b, "/orders");
    const candidate = (path: string) => simulate(b, { method: "GET", scheme: "https", host: "gw.example.com", path }).candidates.find((c) => c.name === orders.name)!;
    expect(candidate("/zone-b/orders/42")).toMatchObject({ matched: true, failedAt: undefined });
    expect(candidate("/zone-b/ordersx").failedAt?.predicate).toBe('http.path == "/zone-b/orders"');
    expect(candidate("/orders/42").failedAt?.predicate).toBe('http.path == "/zone-b/orders"');
  });
});

describe("forwardChain", () => {
  it("shows the whole way of a proxied request, as the route detail page does", () => {
    const b = zoneOf(compile(demoSnapshot()), "zone-b");
    const proxy = routeOf(b, "/orders");
    const d = proxy.downstreams[0];
    const path = exampleRequestPath(proxy, d);
    expect(path).toBe("/zone-b/orders/42");
    expect(describeForwardChain("GET", forwardChain(proxy, d, path))).toBe(
      "GET https://gw.example.com/zone-b/orders/42 → zone-a's gateway /orders/42 → http://orders.zone-a.svc:8080/api/orders/42",
    );
  });

  it("agrees with Kong's replay for real routes, with stripBasePath", () => {
    const s = demoSnapshot();
    s.rovers.find((r) => r.id === "rover-orders-1")!.exposures[0].stripBasePath = true;
    const result = compile(s);
    const a = zoneOf(result, "zone-a");
    const orders = routeOf(a, "/orders");
    const d = orders.downstreams[0];
    expect(describeForwardChain("GET", forwardChain(orders, d, "/orders/42"))).toBe("GET https://gw.zone-a.example.com/orders/42 → http://orders.zone-a.svc:8080/api/42");
    const proxy = routeOf(zoneOf(result, "zone-b"), "/orders");
    expect(forwardChain(proxy, proxy.downstreams[0], "/zone-b/orders/42").map((h) => h.path)).toEqual(["/zone-b/orders/42", "/orders/42", "/api/42"]);
  });

  it("example paths fill {param} and drop a trailing *", () => {
    const d = { path: "/gw/caps" };
    expect(exampleRequestPath({ endpoint: null }, d)).toBe("/gw/caps/42");
    expect(exampleRequestPath({ endpoint: { methods: ["GET"], path: "/" } }, d)).toBe("/gw/caps");
    expect(exampleRequestPath({ endpoint: { methods: ["GET"], path: "/{id}/items/*" } }, d)).toBe("/gw/caps/42/items/");
  });
});
