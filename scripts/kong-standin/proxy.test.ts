import { createServer, request, type IncomingHttpHeaders, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { compile } from "../../lib/compiler/compiler";
import type { KongState, Snapshot, ZoneOutput } from "../../lib/compiler/types";
import { startKongStandin, type KongStandin } from "./server";

let standin: KongStandin;
let randomValue = 0.5;
let zoneCounter = 0;
let zone: string;

beforeAll(async () => {
  standin = await startKongStandin({ adminPort: 0, proxyPort: 0, host: "127.0.0.1", random: () => randomValue });
});
afterAll(async () => {
  await standin.close();
});
beforeEach(() => {
  zone = `z${++zoneCounter}`;
  randomValue = 0.5;
});

async function admin(method: string, path: string, body?: unknown, z = zone) {
  const res = await fetch(`${standin.adminUrl}/${z}${path}`, { method, body: body === undefined ? undefined : JSON.stringify(body) });
  const text = await res.text();
  if (res.status >= 300) throw new Error(`${method} ${path}: ${res.status} ${text}`);
  return text ? (JSON.parse(text) as Record<string, unknown>) : null;
}

/** Node's http rather than fetch: fetch won't send a Host header of our choosing. */
function proxy(path: string, headers: Record<string, string> = {}, method = "GET") {
  return new Promise<{ status: number; headers: Headers; body: Record<string, unknown> }>((resolve, reject) => {
    const req = request(
      { host: "127.0.0.1", port: standin.proxyPort, path, method, headers: { host: `${zone}.gw.example.com`, ...headers } },
      (res) => {
        const chunks: Buffer[] = [];
        res.on("data", (c: Buffer) => chunks.push(c));
        res.on("error", reject);
        res.on("end", () => {
          const text = Buffer.concat(chunks).toString("utf8");
          let body: Record<string, unknown>;
          try {
            body = JSON.parse(text) as Record<string, unknown>;
          } catch {
            body = { text };
          }
          const h = new Headers();
          for (const [k, v] of Object.entries(res.headers)) if (typeof v === "string") h.set(k, v);
          resolve({ status: res.statusCode ?? 0, headers: h, body });
        });
      },
    );
    req.on("error", reject);
    req.end();
  });
}

const uuid = (n: number) => `00000000-0000-4000-8000-${n.toString(16).padStart(12, "0")}`;
const SERVICE = uuid(0xfff);

async function service(host = "orders.example.com", extra: Record<string, unknown> = {}, id = SERVICE, z = zone) {
  await admin("PUT", `/services/${id}`, { name: `svc-${id.slice(-4)}`, host, port: 8080, path: "/api", ...extra }, z);
}

async function route(id: string, name: string, expression: string, priority = 0, extra: Record<string, unknown> = {}, z = zone, serviceId = SERVICE) {
  await admin("PUT", `/routes/${id}`, { name, expression, priority, service: { id: serviceId }, strip_path: false, ...extra }, z);
}

describe("zone selection", () => {
  it("picks the zone from the Host header's first label, with or without a port", async () => {
    await service();
    await route(uuid(1), "r", 'http.path ^= "/"');
    expect((await proxy("/x")).headers.get("x-switchyard-route")).toBe("r");
    expect((await proxy("/x", { host: `${zone}.gw.example.com:8000` })).headers.get("x-switchyard-zone")).toBe(zone);
  });

  it("falls back to X-Switchyard-Zone, then answers Kong's 404", async () => {
    await service();
    await route(uuid(1), "r", 'http.path ^= "/"');
    const viaHeader = await proxy("/x", { host: "127.0.0.1", "x-switchyard-zone": zone });
    expect(viaHeader.headers.get("x-switchyard-route")).toBe("r");
    const none = await proxy("/x", { host: "nowhere.example.com" });
    expect(none).toMatchObject({ status: 404, body: { message: "no Route matched with those values" } });
  });

  it("honours hosts configured for a zone", async () => {
    await service();
    await route(uuid(1), "r", 'http.path ^= "/"');
    standin.configureZone(zone, { hosts: ["api.dtc.example.net"] });
    expect((await proxy("/x", { host: "api.dtc.example.net" })).headers.get("x-switchyard-zone")).toBe(zone);
  });
});

describe("routing in Kong's order with Kong's engine", () => {
  it("answers 404 when nothing matches", async () => {
    await service();
    await route(uuid(1), "r", 'http.path == "/only"');
    expect(await proxy("/other")).toMatchObject({ status: 404, body: { message: "no Route matched with those values" } });
  });

  it("higher priority wins, also above 2^32 where the WASM build would wrap", async () => {
    await service();
    await route(uuid(1), "low", 'http.path ^= "/"', 1);
    await route(uuid(2), "p2-32", 'http.path ^= "/"', 2 ** 32);
    expect((await proxy("/x")).headers.get("x-switchyard-route")).toBe("p2-32");
    await route(uuid(3), "p2-40-plus-1", 'http.path ^= "/"', 2 ** 40 + 1);
    await route(uuid(4), "p2-40", 'http.path ^= "/"', 2 ** 40);
    expect((await proxy("/x")).headers.get("x-switchyard-route")).toBe("p2-40-plus-1");
    await route(uuid(5), "max", 'http.path ^= "/"', 2 ** 46 - 1);
    expect((await proxy("/x")).headers.get("x-switchyard-route")).toBe("max");
  });

  it("breaks priority ties by route id, descending as strings", async () => {
    await service();
    await route("10000000-0000-4000-8000-000000000000", "a", 'http.path ^= "/"', 7);
    await route("f0000000-0000-4000-8000-000000000000", "f", 'http.path ^= "/"', 7);
    await route("90000000-0000-4000-8000-000000000000", "9", 'http.path ^= "/"', 7);
    expect((await proxy("/x")).headers.get("x-switchyard-route")).toBe("f");
  });

  it("finds the winner among many routes (several engine blocks)", async () => {
    await service();
    for (let i = 0; i < 100; i++) await route(uuid(100 + i), `r${i}`, `http.path ^= "/p${i}/"`, 1000 - i);
    await route(uuid(999), "catch-all", 'http.path ^= "/"', 0);
    expect((await proxy("/p0/x")).headers.get("x-switchyard-route")).toBe("r0");
    expect((await proxy("/p77/x")).headers.get("x-switchyard-route")).toBe("r77");
    expect((await proxy("/p99/x")).headers.get("x-switchyard-route")).toBe("r99");
    expect((await proxy("/nothing")).headers.get("x-switchyard-route")).toBe("catch-all");
  });

  it("sees the request as Kong does: headers lower-cased with _ , normalized path, host without port", async () => {
    await service();
    await route(
      uuid(1),
      "tenant",
      'http.path == "/orders/1" && http.headers.x_okapi_tenant == "university" && http.host == "' + zone + '.gw.example.com"',
    );
    const ok = await proxy("/a/../orders/./1?q=1", { host: `${zone}.gw.example.com:8000`, "X-Okapi-Tenant": "university" });
    expect(ok.headers.get("x-switchyard-route")).toBe("tenant");
    // Header values are case-sensitive.
    expect((await proxy("/orders/1", { "x-okapi-tenant": "University" })).status).toBe(404);
  });

  it("matches the route's protocols: an https-only route answers plain http with its HTTPS redirect, as Kong does", async () => {
    await service();
    await route(uuid(1), "https-only", 'http.path ^= "/h"', 0, { protocols: ["https"] });
    const upgrade = await proxy("/h?q=1");
    expect(upgrade).toMatchObject({ status: 426, body: { message: "Please use HTTPS protocol" } });
    expect(upgrade.headers.get("upgrade")).toBe("TLS/1.2, HTTP/1.1");
    await route(uuid(2), "https-moved", 'http.path ^= "/m"', 0, { protocols: ["https"], https_redirect_status_code: 301 });
    const moved = await proxy("/m/x?q=1");
    expect(moved.status).toBe(301);
    expect(moved.headers.get("location")).toBe(`https://${zone}.gw.example.com/m/x?q=1`);
    // With another protocol listed, Kong appends the protocols and plain http doesn't match at all.
    await route(uuid(3), "https-grpcs", 'http.path ^= "/g"', 0, { protocols: ["https", "grpcs"] });
    expect((await proxy("/g")).status).toBe(404);
  });

  it("routes traditional routes (paths, methods) too", async () => {
    await service();
    await admin("PUT", `/routes/${uuid(1)}`, { name: "trad", paths: ["/legacy"], methods: ["POST"], service: { id: SERVICE } });
    expect((await proxy("/legacy/x", {}, "POST")).headers.get("x-switchyard-route")).toBe("trad");
    expect((await proxy("/legacy/x")).status).toBe(404);
  });

  it("picks up changes on the next request", async () => {
    await service();
    await route(uuid(1), "first", 'http.path ^= "/"', 1);
    expect((await proxy("/x")).headers.get("x-switchyard-route")).toBe("first");
    await route(uuid(2), "second", 'http.path ^= "/"', 2);
    expect((await proxy("/x")).headers.get("x-switchyard-route")).toBe("second");
    await admin("DELETE", `/routes/${uuid(2)}`);
    expect((await proxy("/x")).headers.get("x-switchyard-route")).toBe("first");
  });
});

describe("forwarding", () => {
  it("echoes for demo hosts: service path + request path, upstream Host", async () => {
    await service("orders.eu.svc.cluster.local");
    await route(uuid(1), "r", 'http.path ^= "/orders"');
    const res = await proxy("/orders/7?x=1", { "x-okapi-tenant": "university" });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      upstream: "http://orders.eu.svc.cluster.local:8080",
      path: "/api/orders/7?x=1",
      route: "r",
      zone,
      headers: { host: "orders.eu.svc.cluster.local:8080", "x-okapi-tenant": "university", "x-forwarded-host": `${zone}.gw.example.com` },
    });
  });

  it("strip_path removes the expression's matched prefix", async () => {
    await service();
    await route(uuid(1), "r", 'http.path ^= "/orders"', 0, { strip_path: true });
    expect((await proxy("/orders/7")).body.path).toBe("/api/7");
  });

  it("balances over an upstream's targets by weight; weight 0 is never picked", async () => {
    const upstream = uuid(0xaaa);
    await admin("PUT", `/upstreams/${upstream}`, { name: "orders.upstream" });
    await admin("POST", `/upstreams/${upstream}/targets`, { target: "blue.example.com:81", weight: 80 });
    await admin("POST", `/upstreams/${upstream}/targets`, { target: "green.example.com:82", weight: 20 });
    await admin("POST", `/upstreams/${upstream}/targets`, { target: "off.example.com:83", weight: 0 });
    await service("orders.upstream");
    await route(uuid(1), "r", 'http.path ^= "/"');
    randomValue = 0.1;
    expect((await proxy("/x")).body.upstream).toBe("http://blue.example.com:81");
    randomValue = 0.95;
    expect((await proxy("/x")).body.upstream).toBe("http://green.example.com:82");
  });

  it("answers 503 when an upstream has no usable target", async () => {
    await admin("PUT", `/upstreams/${uuid(0xaaa)}`, { name: "empty.upstream" });
    await service("empty.upstream");
    await route(uuid(1), "r", 'http.path ^= "/"');
    expect((await proxy("/x")).status).toBe(503);
  });

  describe("to a real upstream", () => {
    let upstream: Server;
    let port: number;
    let seen: { url?: string; headers?: IncomingHttpHeaders } = {};

    beforeAll(async () => {
      upstream = createServer((req, res) => {
        seen = { url: req.url, headers: req.headers };
        res.writeHead(201, { "x-upstream": "yes", "content-type": "text/plain" });
        res.end("hello from upstream");
      });
      await new Promise<void>((resolve) => upstream.listen(0, "127.0.0.1", resolve));
      port = (upstream.address() as AddressInfo).port;
    });
    afterAll(async () => {
      await new Promise((resolve) => upstream.close(resolve));
    });

    it("forwards with Node http and passes the answer through", async () => {
      await service("127.0.0.1", { port, path: "/base" });
      await route(uuid(1), "real", 'http.path ^= "/"');
      const res = await proxy("/hello?a=b", { "x-okapi-tenant": "t" });
      expect(res.status).toBe(201);
      expect(res.body).toEqual({ text: "hello from upstream" });
      expect(res.headers.get("x-upstream")).toBe("yes");
      expect(res.headers.get("x-switchyard-route")).toBe("real");
      expect(seen.url).toBe("/base/hello?a=b");
      expect(seen.headers).toMatchObject({ host: `127.0.0.1:${port}`, "x-okapi-tenant": "t", "x-forwarded-proto": "http" });
    });

    it("answers 502 when the upstream refuses the connection", async () => {
      const closed = createServer();
      await new Promise<void>((resolve) => closed.listen(0, "127.0.0.1", resolve));
      const deadPort = (closed.address() as AddressInfo).port;
      await new Promise((resolve) => closed.close(resolve));
      await service("127.0.0.1", { port: deadPort });
      await route(uuid(1), "dead", 'http.path ^= "/"');
      expect((await proxy("/x")).status).toBe(502);
    });
  });
});

describe("faults and counters", () => {
  it("injects 500s, dropped connections and latency on the proxy only when scoped so", async () => {
    await service();
    await route(uuid(1), "r", 'http.path ^= "/"');
    standin.setFaults(zone, { errorRate: 1, scope: "proxy" });
    expect((await proxy("/x")).status).toBe(500);
    expect((await fetch(`${standin.adminUrl}/${zone}/services`)).status).toBe(200);
    standin.setFaults(zone, { dropRate: 1, scope: "proxy" });
    await expect(proxy("/x")).rejects.toThrow();
    standin.setFaults(zone, { latencyMs: 120 });
    const started = Date.now();
    expect((await proxy("/x")).status).toBe(200);
    expect(Date.now() - started).toBeGreaterThanOrEqual(110);
    standin.setFaults(zone, {});
  });

  it("counts proxied requests", async () => {
    await service();
    await route(uuid(1), "r", 'http.path == "/hit"');
    await proxy("/hit");
    await proxy("/miss");
    const stats = (await admin("GET", "/_stats")) as Record<string, number>;
    expect(stats).toMatchObject({ proxyRequests: 2, proxyMatched: 1, proxyUnmatched: 1 });
  });
});

/**
 * The hop test on what the compiler really emits: a provider zone and a subscriber zone whose
 * gateway URLs carry base paths, and a DTC failover zone, each zone's Kong state loaded into its
 * node the way a publish writes it. Expectations are the path contract (domain.md "Paths on the
 * wire"), not the compiler's own mapping.
 */
describe("compiled estate: real, proxy and failover routes end to end", () => {
  const estate: Snapshot = {
    settings: { environment: "default", tenantHeader: "x-okapi-tenant" },
    zones: [
      { name: "hop-prov", visibility: "ENTERPRISE", gatewayUrl: "https://hop-prov.gw.example.com/edge", identityProviderUrl: "https://idp.example.com/p", dtcUrl: "https://hop-prov.dtc.example.com", enforceIssuers: true },
      { name: "hop-sub", visibility: "ENTERPRISE", gatewayUrl: "https://hop-sub.gw.example.com/zone-s", identityProviderUrl: "https://idp.example.com/s", dtcUrl: "https://hop-sub.dtc.example.com/dtc-s", enforceIssuers: true },
      { name: "hop-fail", visibility: "ENTERPRISE", gatewayUrl: "https://hop-fail.gw.example.com", identityProviderUrl: "https://idp.example.com/f", dtcUrl: "https://hop-fail.dtc.example.com", enforceIssuers: false },
    ],
    rovers: [
      {
        id: "orders",
        name: "orders",
        version: "1.0.0",
        zone: "hop-prov",
        failoverEnabled: false,
        exposures: [
          { basePath: "/orders", upstreams: [{ url: "http://orders.hop-prov.svc.cluster.local:8080/api", weight: 100 }], visibility: "ENTERPRISE", tenantAccess: "NONE", endpoints: [] },
          {
            basePath: "/ledger",
            stripBasePath: true,
            upstreams: [{ url: "http://ledger.hop-prov.svc.cluster.local:8080/v1", weight: 100 }],
            visibility: "ENTERPRISE",
            tenantAccess: "NONE",
            endpoints: [{ methods: ["GET"], path: "/{id}" }],
          },
        ],
        subscriptions: [],
      },
      {
        id: "billing",
        name: "billing",
        version: "2.0.0",
        zone: "hop-sub",
        failoverEnabled: true,
        exposures: [],
        subscriptions: [
          { basePath: "/orders", approved: true },
          { basePath: "/ledger", approved: true },
        ],
      },
    ],
    entitlements: [],
  };
  let zones: ZoneOutput[];
  const ORDERS = "http://orders.hop-prov.svc.cluster.local:8080";
  const LEDGER = "http://ledger.hop-prov.svc.cluster.local:8080";

  /** As a publish writes a zone: services and upstreams, targets, plugins (service-scoped), then routes. */
  async function load(node: string, kong: KongState) {
    standin.configureZone(node, { plugins: ["bundled", "jwt-keycloak"] });
    for (const s of kong.services) await admin("PUT", `/services/${s.id}`, s, node);
    for (const u of kong.upstreams) await admin("PUT", `/upstreams/${u.id}`, u, node);
    for (const t of kong.targets) await admin("POST", `/upstreams/${t.upstream.id}/targets`, t, node);
    for (const p of kong.plugins) await admin("PUT", `/plugins/${p.id}`, p, node);
    for (const r of kong.routes) await admin("PUT", `/routes/${r.id}`, r, node);
  }

  const routeOf = (zoneName: string, kind: string, basePath: string) =>
    zones.find((z) => z.zone === zoneName)?.routes.find((r) => r.kind === kind && r.basePath === basePath)?.name;

  beforeAll(async () => {
    zones = compile(estate).zones;
    for (const z of zones) await load(z.zone, z.kong);
  });

  it("emits what the hop needs: a proxy in the subscriber zone, a failover route in the DTC zone", () => {
    expect(routeOf("hop-sub", "proxy", "/orders")).toBeDefined();
    expect(routeOf("hop-fail", "failover", "/orders")).toBeDefined();
  });

  it.each([
    ["provider gateway (its base path is not forwarded)", "hop-prov.gw.example.com", "/edge/orders/42"],
    ["provider DTC host", "hop-prov.dtc.example.com", "/orders/42"],
  ])("real route via the %s: the upstream gets /api/orders/42", async (_what, host, path) => {
    const res = await proxy(path, { host });
    expect(res.status).toBe(200);
    expect(res.headers.get("x-switchyard-route")).toBe(routeOf("hop-prov", "real", "/orders"));
    expect(res.body).toMatchObject({ upstream: ORDERS, path: "/api/orders/42", zone: "hop-prov" });
  });

  it.each([
    ["subscriber gateway", "hop-sub.gw.example.com", "/zone-s/orders/42?x=1", "hop-sub", "proxy"],
    ["subscriber DTC host (its own path stripped too)", "hop-sub.dtc.example.com", "/dtc-s/orders/42?x=1", "hop-sub", "proxy"],
    ["failover zone's DTC host", "hop-fail.dtc.example.com", "/orders/42?x=1", "hop-fail", "failover"],
    ["failover zone's gateway", "hop-fail.gw.example.com", "/orders/42?x=1", "hop-fail", "failover"],
  ])("through the %s: the provider's gateway gets /edge/orders/42, its upstream /api/orders/42", async (_what, host, path, zoneName, kind) => {
    const res = await proxy(path, { host });
    expect(res.status).toBe(200);
    expect(res.headers.get("x-switchyard-route")).toBe(routeOf(zoneName, kind, "/orders"));
    expect(res.headers.get("x-switchyard-upstream-route")).toBe(routeOf("hop-prov", "real", "/orders"));
    expect(res.headers.get("x-switchyard-upstream-zone")).toBe("hop-prov");
    expect(res.body).toMatchObject({
      upstream: ORDERS,
      path: "/api/orders/42?x=1",
      zone: "hop-prov",
      // What the provider zone's node itself received, on its default gateway host.
      headers: { "x-forwarded-host": "hop-prov.gw.example.com", "x-forwarded-path": "/edge/orders/42" },
    });
  });

  it("stripBasePath: the upstream gets only what follows the base path, through the proxy too", async () => {
    const direct = await proxy("/edge/ledger/7", { host: "hop-prov.gw.example.com" });
    expect(direct.body).toMatchObject({ upstream: LEDGER, path: "/v1/7" });
    const viaProxy = await proxy("/zone-s/ledger/7", { host: "hop-sub.gw.example.com" });
    expect(viaProxy.body).toMatchObject({ upstream: LEDGER, path: "/v1/7", headers: { "x-forwarded-path": "/edge/ledger/7" } });
  });

  it.each([
    ["hop-sub.gw.example.com", "/orders/42"],
    ["hop-sub.gw.example.com", "/zone-s/ordersx"],
    ["hop-prov.gw.example.com", "/orders/42"],
    ["hop-sub.gw.example.com", "/zone-s/ledger/7/8"],
  ])("near miss %s%s answers Kong's 404", async (host, path) => {
    expect(await proxy(path, { host })).toMatchObject({ status: 404, body: { message: "no Route matched with those values" } });
  });
});
