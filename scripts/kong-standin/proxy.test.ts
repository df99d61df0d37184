import { createServer, request, type IncomingHttpHeaders, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
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

  it("matches the route's protocols: an https-only route doesn't take plain http", async () => {
    await service();
    await route(uuid(1), "https-only", 'http.path ^= "/"', 0, { protocols: ["https"] });
    expect((await proxy("/x")).status).toBe(404);
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

  it("hops into another zone of the stand-in when the service points at its gateway", async () => {
    const other = `${zone}-provider`;
    await service("orders.example.com", {}, SERVICE, other);
    await route(uuid(1), "provider-route", 'http.path ^= "/orders"', 0, {}, other);
    await service(`${other}.gw.example.com`, { protocol: "https", port: 443, path: null });
    await route(uuid(2), "proxy-route", 'http.path ^= "/orders"');
    const res = await proxy("/orders/1");
    expect(res.status).toBe(200);
    expect(res.headers.get("x-switchyard-route")).toBe("proxy-route");
    expect(res.headers.get("x-switchyard-upstream-route")).toBe("provider-route");
    expect(res.body).toMatchObject({ zone: other, path: "/api/orders/1" });
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
