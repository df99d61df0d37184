import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { expandPluginList } from "../../scripts/kong-standin/plugins";
import { startKongStandin, type KongStandin } from "../../scripts/kong-standin/server";
import { kongEntityId } from "../compiler/ids";
import type { KongPlugin, KongRoute, KongService, KongState, KongTarget, KongUpstream } from "../compiler/types";
import { KongClient, kongClientForZone, type KongWrite } from "./client";
import { checkGateway } from "./kong-gateway";
import { KONG_ERROR_CODES, KongAbortedError, KongApiError, KongNetworkError, KongTimeoutError, KongUnsupportedError } from "./errors";

let standin: KongStandin;
let zoneCounter = 0;
let zone: string;
let client: KongClient;

beforeAll(async () => {
  // Nodes with the issuer plugin the compiler emits (a stock node has Kong's bundled ones only).
  standin = await startKongStandin({ adminPort: 0, proxyPort: 0, host: "127.0.0.1", zoneDefaults: { plugins: expandPluginList(["bundled", "jwt-keycloak"]) } });
});
afterAll(async () => {
  await standin.close();
});
beforeEach(() => {
  zone = `client-${++zoneCounter}`;
  client = new KongClient({ adminUrl: standin.zoneAdminUrl(zone), timeoutMs: 2000 });
});

const tags = () => ["switchyard", `zone:${zone}`];

function serviceOf(name: string, host = "orders.example.com"): KongService {
  return { id: kongEntityId(zone, "service", name), name, protocol: "http", host, port: 8080, path: "/api", tags: tags() };
}

function routeOf(name: string, service: KongService, priority = 0): KongRoute {
  return {
    id: kongEntityId(zone, "route", name),
    name,
    expression: `http.path ^= "/${name}"`,
    priority,
    protocols: ["http", "https"],
    service: { id: service.id },
    strip_path: false,
    preserve_host: false,
    tags: tags(),
  };
}

function upstreamOf(name: string): KongUpstream {
  return { id: kongEntityId(zone, "upstream", name), name, algorithm: "round-robin", tags: tags() };
}

function targetOf(upstream: KongUpstream, target: string, weight: number): KongTarget {
  return { id: kongEntityId(zone, "target", `${upstream.name}/${target}`), upstream: { id: upstream.id }, target, weight, tags: tags() };
}

function pluginOf(route: KongRoute): KongPlugin {
  return {
    id: kongEntityId(zone, "plugin", route.name),
    name: "jwt-keycloak",
    instance_name: `${route.name}-issuers`,
    service: { id: route.service.id },
    config: { allowed_iss: ["https://iam.example.com/realms/default"] },
    enabled: true,
    tags: tags(),
  };
}

describe("info", () => {
  it("reads version, router flavor, database mode and the plugins the node has", async () => {
    expect(await client.info()).toMatchObject({ version: "3.9.0", edition: "community", routerFlavor: "expressions", database: "postgres", dbless: false });
    expect((await client.info()).plugins).toEqual(expect.any(Array));
  });

  it("refuses a node without the expressions router, with a clear message", async () => {
    standin.configureZone(zone, { routerFlavor: "traditional_compatible" });
    const error = await client.info().then((info) => checkGateway(info, zone)).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(KongUnsupportedError);
    expect((error as Error).message).toMatch(/router_flavor "traditional_compatible".*needs router_flavor = expressions/);
    expect((error as KongUnsupportedError).retryable).toBe(false);
  });

  it("refuses a desired state with a plugin the node doesn't have, naming the zone, the plugin and the fix", () => {
    const route = routeOf("orders", serviceOf("orders"));
    const info = { version: "3.9.0", routerFlavor: "expressions", plugins: ["jwt", "key-auth"] };
    expect(() => checkGateway(info, zone, { plugins: [pluginOf(route)] })).toThrow(
      new RegExp(`zone ${zone} does not have the plugin jwt-keycloak.*plugins = bundled,jwt-keycloak.*turn issuer enforcement off for zone ${zone}`),
    );
    expect(() => checkGateway({ ...info, plugins: ["jwt-keycloak"] }, zone, { plugins: [pluginOf(route)] })).not.toThrow();
  });

  it("recognises a DB-less node", async () => {
    standin.configureZone(zone, { database: "off" });
    expect(await client.info()).toMatchObject({ database: "off", dbless: true });
  });

  it("sends the zone's admin token", async () => {
    standin.configureZone(zone, { adminToken: "t0ken" });
    await expect(client.info()).rejects.toMatchObject({ status: 401, retryable: false });
    const withToken = kongClientForZone({ kongAdminUrl: standin.zoneAdminUrl(zone), kongAdminToken: "t0ken" });
    expect((await withToken.info()).version).toBe("3.9.0");
  });
});

describe("reads", () => {
  it("pages through every list and filters by tags (all of them)", async () => {
    const paging = new KongClient({ adminUrl: standin.zoneAdminUrl(zone), pageSize: 3 });
    for (let i = 0; i < 10; i++) await client.put("services", serviceOf(`s${i}`));
    await client.put("services", { ...serviceOf("foreign"), tags: ["someone-else"] });
    await client.put("services", { ...serviceOf("other-zone"), tags: ["switchyard", "zone:elsewhere"] });
    const managed = await paging.list("services", { tags: tags() });
    expect(managed.map((s) => s.name).sort()).toEqual(["s0", "s1", "s2", "s3", "s4", "s5", "s6", "s7", "s8", "s9"]);
    expect(await paging.list("services")).toHaveLength(12);
    const any = await paging.list("services", { tags: ["someone-else", "zone:elsewhere"], tagMatch: "any" });
    expect(any.map((s) => s.name).sort()).toEqual(["foreign", "other-zone"]);
    // Ten entities, page size 3: four GETs.
    const stats = (await (await fetch(`${standin.zoneAdminUrl(zone)}/_stats`)).json()) as { adminReads: number };
    expect(stats.adminReads).toBe(4 + 4 + 1);
  });

  it("listManaged returns services, routes, upstreams, targets and plugins carrying the tags", async () => {
    const service = serviceOf("orders", "orders.upstream");
    const route = routeOf("orders", service);
    const upstream = upstreamOf("orders.upstream");
    await client.put("services", service);
    await client.put("upstreams", upstream);
    await client.put("routes", route);
    await client.upsertTarget(targetOf(upstream, "a.example.com:80", 60));
    await client.upsertTarget(targetOf(upstream, "b.example.com:80", 40));
    await client.put("plugins", pluginOf(route));
    await client.put("services", { ...serviceOf("hand-made"), tags: ["ops"] });
    const live = await client.listManaged(tags());
    expect(live.services.map((s) => s.name)).toEqual(["orders"]);
    expect(live.routes.map((r) => r.id)).toEqual([route.id]);
    expect(live.upstreams.map((u) => u.id)).toEqual([upstream.id]);
    expect(live.targets.map((t) => t.target).sort()).toEqual(["a.example.com:80", "b.example.com:80"]);
    expect(live.targets[0].upstream).toEqual({ id: upstream.id });
    expect(live.plugins.map((p) => p.instance_name)).toEqual(["orders-issuers"]);
  });

  it("get answers null for a missing entity", async () => {
    expect(await client.get("services", "nope")).toBeNull();
  });
});

describe("writes", () => {
  it("PUT by deterministic id is idempotent and sends whole entities", async () => {
    const service = serviceOf("orders");
    const first = await client.put("services", service);
    const second = await client.put("services", service);
    expect(second.id).toBe(service.id);
    expect(second.created_at).toBe(first.created_at);
    expect((await client.list("services")).length).toBe(1);
  });

  it("targets: created by POST, a second create (a retry) becomes an update", async () => {
    const upstream = upstreamOf("u.upstream");
    await client.put("upstreams", upstream);
    const target = targetOf(upstream, "a.example.com:80", 10);
    await client.upsertTarget(target);
    const again = await client.upsertTarget({ ...target, weight: 30 });
    expect(again.weight).toBe(30);
    await expect(client.updateTarget({ ...targetOf(upstream, "missing.example.com:80", 1) })).rejects.toMatchObject({ status: 404 });
  });

  it("delete succeeds when the entity is already gone", async () => {
    await expect(client.delete("services", kongEntityId(zone, "service", "never"))).resolves.toBeUndefined();
    await expect(client.delete("targets", "x", {})).rejects.toThrow(/upstream/);
  });

  it("write() performs publish plan ops: create/update by PUT, targets by POST/PUT, deletes bottom-up", async () => {
    const service = serviceOf("orders", "orders.upstream");
    const upstream = upstreamOf("orders.upstream");
    const route = routeOf("orders", service);
    const target = targetOf(upstream, "a.example.com:80", 100);
    const ops: KongWrite[] = [
      { action: "create", kind: "service", id: service.id, desired: service },
      { action: "create", kind: "upstream", id: upstream.id, desired: upstream },
      { action: "create", kind: "route", id: route.id, desired: route },
      { action: "create", kind: "target", id: target.id, parentId: upstream.id, desired: target },
      { action: "create", kind: "plugin", id: pluginOf(route).id, desired: pluginOf(route) },
    ];
    for (const op of ops) await client.write(op);
    await client.write({ action: "update", kind: "target", id: target.id, parentId: upstream.id, desired: { ...target, weight: 5 } });
    await client.write({ action: "update", kind: "route", id: route.id, desired: { ...route, priority: 9 } });
    let live = await client.listManaged(tags());
    expect(live.targets[0].weight).toBe(5);
    expect(live.routes[0].priority).toBe(9);
    for (const op of [...ops].reverse()) await client.write({ ...op, action: "delete" });
    live = await client.listManaged(tags());
    expect(Object.values(live).every((list) => list.length === 0)).toBe(true);
  });
});

describe("errors", () => {
  it("schema violations: status 400, Kong code 2, fields, not retryable", async () => {
    const service = serviceOf("orders");
    await client.put("services", service);
    const error = await client.put("routes", { ...routeOf("bad", service), expression: 'http.path ^= "/a" &&' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(KongApiError);
    const api = error as KongApiError;
    expect(api).toMatchObject({ status: 400, code: KONG_ERROR_CODES.schemaViolation, kongName: "schema violation", retryable: false });
    expect(api.fields?.["@entity"]).toBeDefined();
    expect(api.message).toMatch(/^Kong PUT \/routes\/.* failed with 400 \(schema violation\): .*Router Expression failed validation/);
  });

  it("unique violations: 409, code 5", async () => {
    await client.put("services", serviceOf("orders"));
    const clash = { ...serviceOf("orders"), id: kongEntityId(zone, "service", "other") };
    await expect(client.put("services", clash)).rejects.toMatchObject({ status: 409, code: KONG_ERROR_CODES.uniqueViolation, isUniqueViolation: true });
  });

  it("deleting a service with routes: 400, code 4, @referenced_by", async () => {
    const service = serviceOf("orders");
    await client.put("services", service);
    await client.put("routes", routeOf("orders", service));
    await expect(client.delete("services", service.id)).rejects.toMatchObject({
      status: 400,
      code: KONG_ERROR_CODES.foreignKeyViolation,
      fields: { "@referenced_by": "routes" },
    });
  });

  it("validateRoute returns Kong's verdict without saving", async () => {
    expect(await client.validateRoute({ expression: 'http.path == "/a"' })).toBeNull();
    const invalid = await client.validateRoute({ expression: "http.path ==" });
    expect(invalid).toMatchObject({ status: 400, code: 2 });
  });

  it("5xx answers are retryable", async () => {
    standin.setFaults(zone, { errorRate: 1, scope: "admin" });
    await expect(client.put("services", serviceOf("orders"))).rejects.toMatchObject({ status: 500, retryable: true });
    standin.setFaults(zone, {});
  });

  it("a dropped connection is a retryable network error", async () => {
    standin.setFaults(zone, { dropRate: 1, scope: "admin" });
    const error = await client.info().catch((e: unknown) => e);
    standin.setFaults(zone, {});
    expect(error).toBeInstanceOf(KongNetworkError);
    expect(error).toMatchObject({ retryable: true, kind: "network" });
  });

  it("a refused connection is a network error", async () => {
    const server = createServer();
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const port = (server.address() as AddressInfo).port;
    await new Promise((resolve) => server.close(resolve));
    const error = await new KongClient({ adminUrl: `http://127.0.0.1:${port}/z` }).info().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(KongNetworkError);
    // A closed port and a reset read the same to the caller: which one it was would map the network.
    expect(error).toMatchObject({ failure: "unreachable" });
    expect((error as Error).message).toBe("Kong is unreachable (GET /)");
    expect(((error as KongNetworkError).cause as Error).message).toMatch(/ECONNREFUSED|fetch failed/);
  });

  it("a slow node times out (retryable); the caller's abort is not retryable", async () => {
    standin.setFaults(zone, { latencyMs: 300, scope: "admin" });
    const quick = new KongClient({ adminUrl: standin.zoneAdminUrl(zone), timeoutMs: 50 });
    const timedOut = await quick.info().catch((e: unknown) => e);
    expect(timedOut).toBeInstanceOf(KongTimeoutError);
    expect(timedOut).toMatchObject({ retryable: true, timeoutMs: 50 });
    const controller = new AbortController();
    const pending = client.info(controller.signal).catch((e: unknown) => e);
    controller.abort();
    const aborted = await pending;
    standin.setFaults(zone, {});
    expect(aborted).toBeInstanceOf(KongAbortedError);
    expect(aborted).toMatchObject({ retryable: false });
  });
});

describe("DB-less", () => {
  function state(): KongState {
    const service = serviceOf("orders", "orders.upstream");
    const route = routeOf("orders", service);
    const upstream = upstreamOf("orders.upstream");
    return {
      services: [service],
      upstreams: [upstream],
      targets: [targetOf(upstream, "a.example.com:80", 70), targetOf(upstream, "b.example.com:80", 30)],
      routes: [route],
      plugins: [pluginOf(route)],
    };
  }

  it("loads the whole desired state with POST /config; entity writes are refused with 405", async () => {
    standin.configureZone(zone, { database: "off" });
    const desired = state();
    await client.loadConfig(desired, tags());
    const live = await client.listManaged(tags());
    expect(live.routes.map((r) => r.id)).toEqual([desired.routes[0].id]);
    expect(live.routes[0].service).toEqual({ id: desired.services[0].id });
    expect(live.targets).toHaveLength(2);
    expect(live.plugins[0].service).toEqual({ id: desired.services[0].id });
    await expect(client.put("services", desired.services[0])).rejects.toMatchObject({ status: 405, retryable: false });
    await client.loadConfig({ services: [], upstreams: [], targets: [], routes: [], plugins: [] }, tags());
    expect((await client.listManaged(tags())).services).toEqual([]);
  });

  it("a load during a load (429) is waited out with backoff, and what that load brought is kept", async () => {
    standin.configureZone(zone, { database: "off", configLoadMs: 300 });
    // Someone else's load, running when Switchyard's arrives.
    const foreign = { ...serviceOf("team-b", "b.example.com"), tags: ["team-b"] };
    const theirs = fetch(`${standin.zoneAdminUrl(zone)}/config`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ _format_version: "3.0", services: [foreign] }),
    });
    await new Promise((r) => setTimeout(r, 50));
    await client.loadConfig(state(), tags(), { backoffMs: 100 });
    expect((await theirs).status).toBe(201);
    const services = await client.list("services");
    expect(services.map((s) => s.name).sort()).toEqual(["orders", "team-b"]);
  });

  it("gives up after the last attempt and says so", async () => {
    standin.configureZone(zone, { database: "off", configLoadMs: 1_000 });
    const theirs = fetch(`${standin.zoneAdminUrl(zone)}/config`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ _format_version: "3.0" }),
    });
    await new Promise((r) => setTimeout(r, 50));
    await expect(client.loadConfig(state(), tags(), { attempts: 3, backoffMs: 20 })).rejects.toMatchObject({
      status: 429,
      message: expect.stringMatching(/still after 3 attempts/),
    });
    await theirs;
  });
});
