import { describe, expect, it } from "vitest";
import { compile, toDeckConfig } from "./index";
import { demoSnapshot } from "./fixtures/demo";
import { SWITCHYARD_NAMESPACE } from "./ids";
import { v5 as uuidv5 } from "uuid";

const zoneA = () => compile(demoSnapshot()).zones.find((z) => z.zone === "zone-a")!;

describe("Kong entities", () => {
  it("ids are UUID v5 from zone + entity name under Switchyard's namespace; everything is tagged", () => {
    const a = zoneA();
    const route = a.kong.routes.find((r) => r.name === "orders-1.0.0-orders")!;
    expect(route.id).toBe(uuidv5("zone-a/route/orders-1.0.0-orders", SWITCHYARD_NAMESPACE));
    expect(route.protocols).toEqual(["http", "https"]);
    const all = [...a.kong.services, ...a.kong.upstreams, ...a.kong.targets, ...a.kong.routes, ...a.kong.plugins];
    for (const e of all) expect(e.tags).toEqual(["switchyard", "zone:zone-a"]);
    expect(new Set(all.map((e) => e.id)).size).toBe(all.length);
  });

  it("several weighted upstreams get a Kong upstream with targets; one upstream is the service itself", () => {
    const a = zoneA();
    const v2 = a.kong.services.find((s) => s.name === "capabilities-2.0.0-capabilities-get-root")!;
    const upstream = a.kong.upstreams.find((u) => u.name === v2.host)!;
    expect(a.kong.targets.filter((t) => t.upstream.id === upstream.id).map((t) => [t.target, t.weight])).toEqual([
      ["capabilities-v2-blue.zone-a.svc:8081", 80],
      ["capabilities-v2-green.zone-a.svc:8081", 20],
    ]);
    expect(a.kong.services.find((s) => s.name === "orders-1.0.0-orders")).toMatchObject({ protocol: "http", host: "orders.zone-a.svc", port: 8080, path: "/api" });
  });

  it("an issuer plugin (jwt-keycloak, allowed_iss = the route's issuers) only where the zone enforces issuers", () => {
    const result = compile(demoSnapshot());
    const a = result.zones.find((z) => z.zone === "zone-a")!;
    const plugin = a.kong.plugins.find((p) => p.instance_name === "orders-1.0.0-orders.jwt-keycloak")!;
    expect(plugin.name).toBe("jwt-keycloak");
    expect(plugin.config.allowed_iss).toEqual(a.routes.find((r) => r.name === "orders-1.0.0-orders")!.issuers);
    expect(plugin.config.allowed_iss).toHaveLength(4);
    // Scoped to the route's own service, so it can be written before the route.
    const route = a.kong.routes.find((r) => r.name === "orders-1.0.0-orders")!;
    expect(plugin.service).toEqual(route.service);
    expect(plugin).not.toHaveProperty("route");
    expect(new Set(a.kong.plugins.map((p) => p.service.id)).size).toBe(a.kong.plugins.length);
    const s = demoSnapshot();
    s.zones.find((z) => z.name === "zone-a")!.enforceIssuers = false;
    expect(compile(s).zones.find((z) => z.zone === "zone-a")!.kong.plugins).toEqual([]);
  });

  it("the issuer plugin is a setting: openid-connect takes the issuers as issuers_allowed, under its own deterministic id", () => {
    const s = demoSnapshot();
    s.settings.issuerPlugin = "openid-connect";
    const a = compile(s).zones.find((z) => z.zone === "zone-a")!;
    const issuers = a.routes.find((r) => r.name === "orders-1.0.0-orders")!.issuers;
    const plugin = a.kong.plugins.find((p) => p.instance_name === "orders-1.0.0-orders.openid-connect")!;
    expect(plugin.name).toBe("openid-connect");
    expect(plugin.id).toBe(uuidv5("zone-a/plugin/orders-1.0.0-orders/openid-connect", SWITCHYARD_NAMESPACE));
    expect(plugin.config).toEqual({
      issuer: issuers[0],
      issuers_allowed: issuers,
      extra_jwks_uris: issuers.slice(1).map((i) => `${i}/protocol/openid-connect/certs`),
      auth_methods: ["bearer"],
    });
    // The default keeps the ids every earlier publish wrote.
    const before = zoneA().kong.plugins.find((p) => p.instance_name === "orders-1.0.0-orders.jwt-keycloak")!;
    expect(before.id).toBe(uuidv5("zone-a/plugin/orders-1.0.0-orders/jwt-keycloak", SWITCHYARD_NAMESPACE));
    s.settings.issuerPlugin = "no-such-plugin";
    expect(() => compile(s)).toThrow(/unknown issuer plugin no-such-plugin/);
  });
});

describe("toDeckConfig", () => {
  it("nests routes and their service's plugins in services and targets in upstreams, in _format_version 3.0", () => {
    const a = zoneA();
    const deck = toDeckConfig(a);
    expect(deck._format_version).toBe("3.0");
    expect(deck.services.flatMap((s) => s.routes.map((r) => r.name))).toEqual(a.kong.routes.map((r) => r.name).sort());
    const orders = deck.services.find((s) => s.name === "orders-1.0.0-orders")!;
    expect(orders.routes[0]).not.toHaveProperty("service");
    expect(orders.plugins!.map((p) => p.name)).toEqual(["jwt-keycloak"]);
    expect(orders.plugins![0]).not.toHaveProperty("service");
    expect(deck.upstreams.flatMap((u) => u.targets)).toHaveLength(a.kong.targets.length);
    expect(deck.upstreams[0].targets[0]).not.toHaveProperty("upstream");
    expect(JSON.stringify(toDeckConfig(zoneA()))).toBe(JSON.stringify(deck));
  });
});
