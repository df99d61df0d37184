import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { parse as parseYaml } from "yaml";
import { BUNDLED_PLUGIN_NAMES, expandPluginList } from "./plugins";
import { startKongStandin, type KongStandin } from "./server";

let standin: KongStandin;
let zoneCounter = 0;
let zone: string;

beforeAll(async () => {
  // Like the demo's nodes: Kong's bundled plugins plus the issuer plugin the compiler emits.
  standin = await startKongStandin({ adminPort: 0, proxyPort: 0, host: "127.0.0.1", zoneDefaults: { plugins: ["bundled", "jwt-keycloak"] } });
});
afterAll(async () => {
  await standin.close();
});
beforeEach(() => {
  zone = `admin-${++zoneCounter}`;
});

async function call(method: string, path: string, body?: unknown, headers: Record<string, string> = {}) {
  const res = await fetch(`${standin.adminUrl}/${zone}${path}`, {
    method,
    headers: { "content-type": "application/json", ...headers },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  return { status: res.status, body: (text ? JSON.parse(text) : null) as Record<string, unknown> & { data?: Record<string, unknown>[] } };
}

const SERVICE_ID = "5e2a1c9d-0000-4000-8000-000000000001";
const ROUTE_ID = "5e2a1c9d-0000-4000-8000-000000000002";
const service = { name: "orders", host: "orders.example.com", port: 8080, path: "/api", tags: ["switchyard", "zone:a"] };
const route = {
  name: "orders-route",
  expression: 'http.path ^= "/orders"',
  priority: 10,
  service: { id: SERVICE_ID },
  tags: ["switchyard", "zone:a"],
};

describe("GET /", () => {
  it("reports Kong 3.9, community, expressions router, database mode", async () => {
    const { status, body } = await call("GET", "/");
    expect(status).toBe(200);
    expect(body).toMatchObject({ version: "3.9.0", edition: "community", configuration: { router_flavor: "expressions", database: "postgres" } });
  });

  it("reflects per-zone settings (DB-less, another router flavor)", async () => {
    standin.configureZone(zone, { database: "off", routerFlavor: "traditional_compatible" });
    const { body } = await call("GET", "/");
    expect(body.configuration).toMatchObject({ router_flavor: "traditional_compatible", database: "off" });
  });
});

describe("entities in database mode", () => {
  it("PUT creates with the given id and answers 200 with every field defaulted", async () => {
    const { status, body } = await call("PUT", `/services/${SERVICE_ID}`, service);
    expect(status).toBe(200);
    expect(body).toMatchObject({ id: SERVICE_ID, name: "orders", protocol: "http", retries: 5, connect_timeout: 60000, enabled: true });
    expect(typeof body.created_at).toBe("number");
  });

  it("PUT fully replaces: omitted fields go back to their defaults", async () => {
    await call("PUT", `/services/${SERVICE_ID}`, { ...service, retries: 9, path: "/v2" });
    const { body } = await call("PUT", `/services/${SERVICE_ID}`, { host: "other.example.com" });
    expect(body).toMatchObject({ id: SERVICE_ID, host: "other.example.com", retries: 5, path: null, name: null, port: 80, tags: null });
  });

  it("PATCH changes only the fields sent", async () => {
    await call("PUT", `/services/${SERVICE_ID}`, service);
    const { status, body } = await call("PATCH", "/services/orders", { retries: 2 });
    expect(status).toBe(200);
    expect(body).toMatchObject({ retries: 2, path: "/api", port: 8080 });
    expect((await call("PATCH", "/services/missing", { retries: 2 })).status).toBe(404);
  });

  it("addresses entities by id or by name; 404 body is Kong's", async () => {
    await call("PUT", `/services/${SERVICE_ID}`, service);
    expect((await call("GET", "/services/orders")).body.id).toBe(SERVICE_ID);
    expect((await call("GET", `/services/${SERVICE_ID}`)).body.name).toBe("orders");
    expect(await call("GET", "/services/nope")).toEqual({ status: 404, body: { message: "Not found" } });
  });

  it("PUT by name creates with that name", async () => {
    const { status, body } = await call("PUT", "/services/by-name", { host: "x.example.com" });
    expect(status).toBe(200);
    expect(body.name).toBe("by-name");
  });

  it("POST creates (201); duplicate names are 409 with code 5; duplicate ids 409 with code 3", async () => {
    const created = await call("POST", "/services", { ...service, id: SERVICE_ID });
    expect(created.status).toBe(201);
    const dupName = await call("POST", "/services", service);
    expect(dupName.status).toBe(409);
    expect(dupName.body).toMatchObject({ code: 5, name: "unique constraint violation", fields: { name: "orders" } });
    const dupId = await call("POST", "/services", { ...service, name: "x", id: SERVICE_ID });
    expect(dupId.body).toMatchObject({ code: 3 });
    // PUT of another id with a taken name is a unique violation too.
    expect((await call("PUT", `/services/${ROUTE_ID}`, service)).body).toMatchObject({ code: 5 });
  });

  it("schema violations are 400 with code 2 and per-field messages", async () => {
    const { status, body } = await call("POST", "/services", { port: "eighty", nonsense: 1, protocol: "gopher" });
    expect(status).toBe(400);
    expect(body).toMatchObject({ code: 2, name: "schema violation" });
    expect(body.fields).toMatchObject({ host: "required field missing", port: "expected an integer", nonsense: "unknown field" });
    expect(String(body.message)).toMatch(/schema violations/);
  });

  it("validates route expressions with Kong's engine", async () => {
    await call("PUT", `/services/${SERVICE_ID}`, service);
    const bad = await call("PUT", `/routes/${ROUTE_ID}`, { ...route, expression: 'http.path ^= "/a" &&' });
    expect(bad.status).toBe(400);
    expect(bad.body.code).toBe(2);
    expect((bad.body.fields as Record<string, string[]>)["@entity"][0]).toMatch(/^Router Expression failed validation: .*column/);
    const typeError = await call("PUT", `/routes/${ROUTE_ID}`, { ...route, expression: "http.path == 1" });
    expect((typeError.body.fields as Record<string, string[]>)["@entity"][0]).toMatch(/Type mismatch/);
    const unknownField = await call("PUT", `/routes/${ROUTE_ID}`, { ...route, expression: 'http.nope == "a"' });
    expect(unknownField.status).toBe(400);
    const headerField = await call("PUT", `/routes/${ROUTE_ID}`, { ...route, expression: 'http.headers.x_okapi_tenant == "u"' });
    expect(headerField.status).toBe(200);
  });

  it("rejects an expression mixed with traditional fields, and bad priorities", async () => {
    await call("PUT", `/services/${SERVICE_ID}`, service);
    const mixed = await call("PUT", `/routes/${ROUTE_ID}`, { ...route, paths: ["/orders"] });
    expect(mixed.status).toBe(400);
    expect(JSON.stringify(mixed.body.fields)).toMatch(/paths/);
    for (const priority of [-1, 2 ** 46, 1.5]) {
      const res = await call("PUT", `/routes/${ROUTE_ID}`, { ...route, priority });
      expect(res.status).toBe(400);
      expect(res.body.fields).toHaveProperty("priority");
    }
    expect((await call("PUT", `/routes/${ROUTE_ID}`, { ...route, priority: 2 ** 46 - 1 })).status).toBe(200);
  });

  it("refuses a route whose service doesn't exist (code 4)", async () => {
    const res = await call("PUT", `/routes/${ROUTE_ID}`, route);
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({ code: 4, name: "foreign key violation", fields: { service: { id: SERVICE_ID } } });
  });

  it("DELETE answers 204 even when missing; a service with routes can't be deleted", async () => {
    expect((await call("DELETE", "/services/never-there")).status).toBe(204);
    await call("PUT", `/services/${SERVICE_ID}`, service);
    await call("PUT", `/routes/${ROUTE_ID}`, route);
    const refused = await call("DELETE", `/services/${SERVICE_ID}`);
    expect(refused.status).toBe(400);
    expect(refused.body).toMatchObject({ code: 4, fields: { "@referenced_by": "routes" } });
    expect((await call("DELETE", `/routes/${ROUTE_ID}`)).status).toBe(204);
    expect((await call("DELETE", `/services/${SERVICE_ID}`)).status).toBe(204);
    expect((await call("GET", `/services/${SERVICE_ID}`)).status).toBe(404);
  });

  it("POST /schemas/routes/validate checks without saving", async () => {
    const ok = await call("POST", "/schemas/routes/validate", { expression: 'http.path == "/a"' });
    expect(ok).toEqual({ status: 200, body: { message: "schema validation successful" } });
    const bad = await call("POST", "/schemas/routes/validate", { expression: "http.path ==" });
    expect(bad.status).toBe(400);
    expect((await call("GET", "/routes")).body.data).toEqual([]);
  });

  it("nested lists: /services/{s}/routes and /routes/{r}/plugins", async () => {
    await call("PUT", `/services/${SERVICE_ID}`, service);
    await call("PUT", `/routes/${ROUTE_ID}`, route);
    const listed = await call("GET", "/services/orders/routes");
    expect(listed.body.data?.map((r) => r.id)).toEqual([ROUTE_ID]);
    const plugin = await call("POST", `/routes/${ROUTE_ID}/plugins`, { name: "jwt-keycloak", instance_name: "p1", config: { allowed_iss: ["a"] } });
    expect(plugin.status).toBe(201);
    expect(plugin.body).toMatchObject({ route: { id: ROUTE_ID }, enabled: true, protocols: ["grpc", "grpcs", "http", "https"] });
    // One plugin of a name per route.
    expect((await call("POST", `/routes/${ROUTE_ID}/plugins`, { name: "jwt-keycloak" })).status).toBe(409);
    expect((await call("GET", "/plugins/p1")).status).toBe(200);
    // Deleting the route takes its plugins with it.
    await call("DELETE", `/routes/${ROUTE_ID}`);
    expect((await call("GET", "/plugins/p1")).status).toBe(404);
  });
});

describe("consumers", () => {
  it("need a username or custom_id, both unique; their plugins nest under them and go with them", async () => {
    expect((await call("POST", "/consumers", { tags: ["x"] })).body).toMatchObject({
      code: 2,
      fields: { "@entity": ["at least one of these fields must be non-empty: 'custom_id', 'username'"] },
    });
    const alice = await call("POST", "/consumers", { username: "alice", custom_id: "a-1" });
    expect(alice.status).toBe(201);
    expect((await call("POST", "/consumers", { username: "bob", custom_id: "a-1" })).body).toMatchObject({ code: 5, fields: { custom_id: "a-1" } });
    expect((await call("POST", "/consumers/alice/plugins", { name: "rate-limiting", instance_name: "rl" })).body).toMatchObject({ consumer: { id: alice.body.id } });
    expect((await call("GET", "/consumers/alice/plugins")).body.data).toHaveLength(1);
    expect((await call("DELETE", "/consumers/alice")).status).toBe(204);
    expect((await call("GET", "/plugins/rl")).status).toBe(404);
  });
});

describe("plugins the node has", () => {
  const NOT_ENABLED = "plugin 'jwt-keycloak' not enabled; add it to the 'plugins' configuration property";
  // Kong's body (kong/db/errors.lua schema_violation of the plugins subschema_error).
  const refused = { code: 2, name: "schema violation", message: `schema violation (name: ${NOT_ENABLED})`, fields: { name: NOT_ENABLED } };

  it("GET / lists them in Kong's shape: available_on_server by name, enabled_in_cluster from the configuration", async () => {
    await call("PUT", `/services/${SERVICE_ID}`, service);
    await call("POST", `/services/${SERVICE_ID}/plugins`, { name: "key-auth" });
    const { body } = await call("GET", "/");
    const plugins = body.plugins as { available_on_server: Record<string, unknown>; enabled_in_cluster: string[] };
    expect(Object.keys(plugins.available_on_server)).toEqual([...BUNDLED_PLUGIN_NAMES, "jwt-keycloak"]);
    expect(plugins.available_on_server["key-auth"]).toEqual({ version: "3.9.0", priority: 1250 });
    expect(plugins.available_on_server["jwt-keycloak"]).toEqual({ version: null, priority: 0 });
    expect(plugins.enabled_in_cluster).toEqual(["key-auth"]);
  });

  it("a node without the plugin refuses every write of it with Kong's 400, and stores nothing", async () => {
    standin.configureZone(zone, { plugins: ["bundled"] });
    await call("PUT", `/services/${SERVICE_ID}`, service);
    await call("PUT", `/routes/${ROUTE_ID}`, route);
    const body = { name: "jwt-keycloak", config: { allowed_iss: ["https://idp.example.com/auth/realms/default"] } };
    const writes: [string, string][] = [
      ["POST", "/plugins"],
      ["PUT", "/plugins/5e2a1c9d-0000-4000-8000-0000000000cc"],
      ["PUT", "/plugins/by-name"],
      ["POST", `/routes/${ROUTE_ID}/plugins`],
      ["POST", "/services/orders/plugins"],
      ["POST", "/schemas/plugins/validate"],
    ];
    for (const [method, path] of writes) expect(await call(method, path, body), `${method} ${path}`).toEqual({ status: 400, body: refused });
    const keyAuth = await call("POST", "/plugins", { name: "key-auth", instance_name: "ka" });
    expect(keyAuth.status).toBe(201);
    expect(await call("PATCH", "/plugins/ka", { name: "jwt-keycloak" })).toEqual({ status: 400, body: refused });
    expect((await call("GET", "/plugins")).body.data?.map((p) => p.name)).toEqual(["key-auth"]);
    expect(Object.keys((await call("GET", "/")).body.plugins as Record<string, object>)).toContain("available_on_server");
    expect(((await call("GET", "/")).body.plugins as { available_on_server: object }).available_on_server).not.toHaveProperty("jwt-keycloak");
  });

  it("a DB-less load with a plugin the node lacks is refused whole (code 14)", async () => {
    standin.configureZone(zone, { database: "off", plugins: ["bundled"] });
    const res = await call("POST", "/config", {
      _format_version: "3.0",
      services: [{ name: "s", host: "s.example.com", plugins: [{ name: "jwt-keycloak" }] }],
    });
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({ code: 14, fields: { plugins: { "0": { name: NOT_ENABLED } } } });
    expect((await call("GET", "/services")).body.data).toEqual([]);
  });

  it("the _zone control sets them the kong.conf way (bundled expands, off is none)", async () => {
    expect((await call("PATCH", "/_zone", { plugins: ["key-auth"] })).body).toMatchObject({ plugins: ["key-auth"] });
    expect((await call("POST", "/plugins", { name: "cors" })).status).toBe(400);
    expect((await call("PATCH", "/_zone", { plugins: ["bundled", "jwt-keycloak"] })).body.plugins).toEqual([...BUNDLED_PLUGIN_NAMES, "jwt-keycloak"]);
    expect((await call("POST", "/plugins", { name: "jwt-keycloak" })).status).toBe(201);
    expect((await call("PATCH", "/_zone", { plugins: "jwt-keycloak" })).status).toBe(400);
    expect(expandPluginList(["off"])).toEqual([]);
    expect(expandPluginList(["jwt-keycloak", " bundled ", "jwt"])).toEqual(["jwt-keycloak", ...BUNDLED_PLUGIN_NAMES]);
  });

  it("by default a node has exactly Kong 3.9's bundled plugins", async () => {
    const plain = await startKongStandin({ adminPort: 0, proxyPort: 0 });
    try {
      const info = (await (await fetch(`${plain.zoneAdminUrl("z")}/`)).json()) as { plugins: { available_on_server: object } };
      expect(Object.keys(info.plugins.available_on_server)).toEqual(BUNDLED_PLUGIN_NAMES);
      expect(BUNDLED_PLUGIN_NAMES).toHaveLength(45);
      expect(BUNDLED_PLUGIN_NAMES).not.toContain("jwt-keycloak");
    } finally {
      await plain.close();
    }
  });
});

describe("targets", () => {
  const UPSTREAM_ID = "5e2a1c9d-0000-4000-8000-0000000000aa";
  const TARGET_ID = "5e2a1c9d-0000-4000-8000-0000000000bb";

  it("are created by POST (409 on duplicate), PUT only updates (404 when missing)", async () => {
    await call("PUT", `/upstreams/${UPSTREAM_ID}`, { name: "orders.upstream" });
    const missingPut = await call("PUT", `/upstreams/${UPSTREAM_ID}/targets/${TARGET_ID}`, { target: "a.example.com:8080" });
    expect(missingPut.status).toBe(404);
    const created = await call("POST", `/upstreams/${UPSTREAM_ID}/targets`, { id: TARGET_ID, target: "a.example.com:8080", weight: 50 });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ upstream: { id: UPSTREAM_ID }, target: "a.example.com:8080", weight: 50 });
    const dup = await call("POST", `/upstreams/orders.upstream/targets`, { target: "a.example.com:8080" });
    expect(dup.status).toBe(409);
    const updated = await call("PUT", `/upstreams/${UPSTREAM_ID}/targets/${TARGET_ID}`, { target: "a.example.com:8080", weight: 7 });
    expect(updated).toMatchObject({ status: 200, body: { weight: 7 } });
    // Addressable by host:port too.
    expect((await call("GET", `/upstreams/${UPSTREAM_ID}/targets/a.example.com:8080`)).body.id).toBe(TARGET_ID);
  });

  it("default to port 8000; deleting the upstream deletes its targets", async () => {
    await call("PUT", `/upstreams/${UPSTREAM_ID}`, { name: "orders.upstream" });
    const t = await call("POST", `/upstreams/${UPSTREAM_ID}/targets`, { target: "b.example.com" });
    expect(t.body.target).toBe("b.example.com:8000");
    expect((await call("DELETE", `/upstreams/${UPSTREAM_ID}`)).status).toBe(204);
    expect((await call("GET", `/upstreams/${UPSTREAM_ID}/targets`)).status).toBe(404);
  });
});

describe("lists", () => {
  async function seed(n: number) {
    for (let i = 0; i < n; i++) {
      const tags = i % 3 === 0 ? ["switchyard", "zone:a"] : i % 3 === 1 ? ["switchyard"] : ["other"];
      await call("POST", "/services", { name: `s${i}`, host: "h.example.com", tags });
    }
  }

  it("pages with size and an opaque offset; the last page has no offset and next null", async () => {
    await seed(7);
    const seen: string[] = [];
    let page = await call("GET", "/services?size=3");
    expect(page.body.data).toHaveLength(3);
    expect(page.body.next).toMatch(new RegExp(`^/${zone}/services\\?size=3&offset=`));
    while (page.body.offset) {
      seen.push(...(page.body.data ?? []).map((s) => String(s.name)));
      page = await call("GET", `/services?size=3&offset=${encodeURIComponent(String(page.body.offset))}`);
    }
    seen.push(...(page.body.data ?? []).map((s) => String(s.name)));
    expect(page.body).not.toHaveProperty("offset");
    expect(page.body.next).toBeNull();
    expect(seen.sort()).toEqual(["s0", "s1", "s2", "s3", "s4", "s5", "s6"]);
  });

  it("defaults to 100 per page and refuses sizes above 1000 or bad offsets", async () => {
    await seed(1);
    expect((await call("GET", "/services?size=1001")).body).toMatchObject({ code: 9 });
    expect((await call("GET", "/services?size=0")).status).toBe(400);
    expect((await call("GET", "/services?offset=%%%")).body).toMatchObject({ code: 7 });
  });

  it("filters by tags: a,b = all, a/b = any, at most 5", async () => {
    await seed(6);
    const names = async (q: string) => ((await call("GET", `/services?tags=${q}`)).body.data ?? []).map((s) => s.name).sort();
    expect(await names("switchyard,zone:a")).toEqual(["s0", "s3"]);
    expect(await names("zone:a/other")).toEqual(["s0", "s2", "s3", "s5"]);
    expect((await call("GET", "/services?tags=a,b,c,d,e,f")).status).toBe(400);
    expect((await call("GET", "/services?tags=a,b/c")).status).toBe(400);
  });
});

describe("DB-less", () => {
  beforeEach(() => standin.configureZone(zone, { database: "off" }));

  const config = {
    _format_version: "3.0",
    services: [{ id: SERVICE_ID, name: "orders", host: "orders.example.com", routes: [{ id: ROUTE_ID, name: "r", expression: 'http.path ^= "/o"' }] }],
    upstreams: [{ name: "u.upstream", targets: [{ target: "a.example.com:80", weight: 10 }] }],
    plugins: [{ name: "jwt-keycloak", route: ROUTE_ID, config: {} }],
  };

  it("answers 405 to entity writes with the off strategy's code-12 body", async () => {
    const refused = (message: string) => ({ status: 405, body: { code: 12, name: "operation unsupported", message } });
    expect(await call("POST", "/services", service)).toEqual(refused("cannot create 'services' entities when not using a database"));
    expect(await call("PUT", `/services/${SERVICE_ID}`, service)).toEqual(refused("cannot create or update 'services' entities when not using a database"));
    expect(await call("PUT", "/services/orders", service)).toEqual(refused("cannot create or update 'services' entities by 'name' when not using a database"));
    expect(await call("PATCH", "/consumers/alice", { custom_id: "x" })).toEqual(refused("cannot update 'consumers' entities by 'username' when not using a database"));
    expect(await call("DELETE", `/services/${SERVICE_ID}`)).toEqual(refused("cannot remove 'services' entities when not using a database"));
    expect(await call("POST", `/consumers/alice/plugins`, { name: "key-auth" })).toMatchObject({ status: 404 });
    expect((await call("GET", "/services")).status).toBe(200);
  });

  const CONSUMER_ID = "5e2a1c9d-0000-4000-8000-0000000000c1";
  /** A node an operator runs: a health route, a consumer with its own plugin, a global plugin, and Switchyard's entities. */
  const operatorConfig = {
    _format_version: "3.0",
    services: [
      { id: SERVICE_ID, name: "orders", host: "orders.example.com", tags: ["switchyard", "zone:a"], routes: [{ id: ROUTE_ID, name: "r", expression: 'http.path ^= "/o"', tags: ["switchyard", "zone:a"] }] },
      { name: "health", host: "127.0.0.1", port: 8001, path: "/status", routes: [{ name: "health", expression: 'http.path == "/health"' }] },
    ],
    consumers: [{ id: CONSUMER_ID, username: "alice", custom_id: "a-1", tags: ["ops"], plugins: [{ name: "rate-limiting", config: { minute: 5 } }] }],
    plugins: [
      { name: "prometheus", config: {} },
      { name: "key-auth", service: "health", consumer: null },
    ],
  };

  it("POST /config takes consumers and global plugins; GET lists, paging and tags work on what it loaded", async () => {
    const res = await call("POST", "/config", operatorConfig);
    expect(res.status).toBe(201);
    expect(Object.keys(res.body.consumers as object)).toEqual([CONSUMER_ID]);
    expect((await call("GET", "/consumers/alice")).body).toMatchObject({ id: CONSUMER_ID, custom_id: "a-1", tags: ["ops"] });
    expect((await call("GET", `/consumers/${CONSUMER_ID}/plugins`)).body.data).toMatchObject([{ name: "rate-limiting", consumer: { id: CONSUMER_ID } }]);
    const plugins = (await call("GET", "/plugins")).body.data ?? [];
    expect(plugins.find((p) => p.name === "prometheus")).toMatchObject({ route: null, service: null, consumer: null });
    const first = await call("GET", "/services?size=1");
    expect(first.body.data).toHaveLength(1);
    const second = await call("GET", `/services?size=1&offset=${encodeURIComponent(String(first.body.offset))}`);
    expect(second.body).toMatchObject({ next: null });
    expect([...(first.body.data ?? []), ...(second.body.data ?? [])].map((s) => s.name).sort()).toEqual(["health", "orders"]);
    expect((await call("GET", "/services?tags=switchyard,zone:a")).body.data?.map((s) => s.name)).toEqual(["orders"]);
    // Full replacement: a file without consumers and plugins leaves none.
    await call("POST", "/config", { _format_version: "3.0", services: [{ name: "only", host: "x.example.com" }] });
    expect((await call("GET", "/consumers")).body.data).toEqual([]);
    expect((await call("GET", "/plugins")).body.data).toEqual([]);
  });

  it("GET /config gives the configuration back as Kong exports it, and loading that changes nothing but updated_at", async () => {
    await call("POST", "/config", operatorConfig);
    const before = await Promise.all(["services", "routes", "consumers", "plugins"].map(async (k) => (await call("GET", `/${k}`)).body.data ?? []));
    const exported = await call("GET", "/config");
    expect(exported.status).toBe(200);
    const text = String(exported.body.config);
    const file = parseYaml(text) as Record<string, Record<string, unknown>[]> & { _format_version: string; _transform: boolean };
    expect(file).toMatchObject({ _format_version: "3.0", _transform: false });
    expect(file.routes.find((r) => r.id === ROUTE_ID)).toMatchObject({ service: SERVICE_ID, created_at: expect.any(Number), path_handling: "v0", hosts: null });
    expect(file.plugins.find((p) => p.name === "rate-limiting")).toMatchObject({ consumer: CONSUMER_ID, route: null });
    await new Promise((r) => setTimeout(r, 1100));
    expect((await call("POST", "/config", { config: text })).status).toBe(201);
    const after = await Promise.all(["services", "routes", "consumers", "plugins"].map(async (k) => (await call("GET", `/${k}`)).body.data ?? []));
    const withoutUpdatedAt = (lists: Record<string, unknown>[][]) => lists.map((l) => l.map(({ updated_at: _u, ...rest }) => rest));
    expect(withoutUpdatedAt(after)).toEqual(withoutUpdatedAt(before));
    expect(after[0][0].updated_at).toBeGreaterThan(before[0][0].updated_at as number);
  });

  it("refuses an entity type it can't hold instead of dropping it", async () => {
    await call("POST", "/config", config);
    const res = await call("POST", "/config", { _format_version: "3.0", certificates: [{ cert: "x", key: "y" }] });
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({ code: 14, fields: { certificates: expect.stringContaining("unknown field") } });
    expect((await call("GET", `/routes/${ROUTE_ID}`)).status).toBe(200);
  });

  it("the configBusy fault answers the next loads with Kong's 429 and Retry-After, then loads again", async () => {
    await call("POST", "/config", config);
    expect((await call("POST", "/_faults", { configBusy: 2 })).body).toMatchObject({ configBusy: 2 });
    for (let i = 0; i < 2; i++) {
      const res = await fetch(`${standin.adminUrl}/${zone}/config`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(operatorConfig) });
      expect(res.status).toBe(429);
      expect(res.headers.get("retry-after")).toBe("10");
      expect(await res.json()).toEqual({ message: "Currently loading previous configuration" });
    }
    expect((await call("GET", "/consumers")).body.data).toEqual([]);
    expect((await call("POST", "/config", operatorConfig)).status).toBe(201);
    expect((await call("GET", "/consumers")).body.data).toHaveLength(1);
    expect((await call("POST", "/_faults", { configBusy: -1 })).status).toBe(400);
  });

  it("POST /config replaces everything at once", async () => {
    const res = await call("POST", "/config", config);
    expect(res.status).toBe(201);
    expect((await call("GET", `/routes/${ROUTE_ID}`)).body).toMatchObject({ service: { id: SERVICE_ID } });
    expect((await call("GET", "/upstreams/u.upstream/targets")).body.data).toHaveLength(1);
    expect((await call("GET", "/plugins")).body.data?.[0]).toMatchObject({ route: { id: ROUTE_ID } });
    await call("POST", "/config", { _format_version: "3.0", services: [{ name: "only", host: "x.example.com" }] });
    expect((await call("GET", "/routes")).body.data).toEqual([]);
    expect((await call("GET", "/services")).body.data?.map((s) => s.name)).toEqual(["only"]);
  });

  it("a bad file changes nothing (code 14)", async () => {
    await call("POST", "/config", config);
    const bad = await call("POST", "/config", { _format_version: "3.0", services: [{ name: "x" }] });
    expect(bad.status).toBe(400);
    expect(bad.body).toMatchObject({ code: 14, fields: { services: { "0": { host: "required field missing" } } } });
    expect((await call("GET", `/routes/${ROUTE_ID}`)).status).toBe(200);
    expect((await call("POST", "/config", { services: [] })).status).toBe(400);
  });

  it("answers 429 while a previous load runs", async () => {
    standin.configureZone(zone, { configLoadMs: 200 });
    const first = call("POST", "/config", config);
    await new Promise((r) => setTimeout(r, 50));
    const second = await fetch(`${standin.adminUrl}/${zone}/config`, { method: "POST", body: JSON.stringify(config) });
    expect(second.status).toBe(429);
    expect(second.headers.get("retry-after")).toBe("10");
    expect((await first).status).toBe(201);
  });

  it("/config is refused in database mode", async () => {
    standin.configureZone(zone, { database: "postgres" });
    expect((await call("POST", "/config", config)).status).toBe(400);
  });
});

describe("stand-in controls", () => {
  it("checks Kong-Admin-Token when the zone has one", async () => {
    standin.configureZone(zone, { adminToken: "s3cret" });
    expect((await call("GET", "/")).status).toBe(401);
    expect((await call("GET", "/", undefined, { "kong-admin-token": "wrong" })).status).toBe(401);
    expect((await call("GET", "/", undefined, { "kong-admin-token": "s3cret" })).status).toBe(200);
  });

  it("counts reads and writes per zone", async () => {
    await call("PUT", `/services/${SERVICE_ID}`, service);
    await call("DELETE", `/services/${SERVICE_ID}`);
    await call("GET", "/services");
    const stats = await call("GET", "/_stats");
    expect(stats.body).toMatchObject({ adminWrites: 2, adminReads: 1, writesByMethod: { PUT: 1, DELETE: 1 } });
    await call("DELETE", "/_stats");
    expect((await call("GET", "/_stats")).body.adminWrites).toBe(0);
  });

  it("injects 500s and dropped connections on the Admin API", async () => {
    expect((await call("POST", "/_faults", { errorRate: 1, scope: "admin" })).status).toBe(200);
    const failed = await call("PUT", `/services/${SERVICE_ID}`, service);
    expect(failed).toEqual({ status: 500, body: { message: "An unexpected error occurred" } });
    await call("POST", "/_faults", { dropRate: 1 });
    await expect(call("GET", "/services")).rejects.toThrow();
    await call("DELETE", "/_faults");
    expect((await call("GET", `/services/${SERVICE_ID}`)).status).toBe(404);
    expect((await call("POST", "/_faults", { errorRate: 2 })).status).toBe(400);
  });

  it("persists zones to a state file and loads them back", async () => {
    const { mkdtempSync, rmSync } = await import("node:fs");
    const { tmpdir } = await import("node:os");
    const path = await import("node:path");
    const dir = mkdtempSync(path.join(tmpdir(), "kong-standin-"));
    const stateFile = path.join(dir, "state.json");
    try {
      const first = await startKongStandin({ adminPort: 0, proxyPort: 0, stateFile });
      await fetch(`${first.zoneAdminUrl("p")}/services/${SERVICE_ID}`, { method: "PUT", body: JSON.stringify(service) });
      await first.close();
      const second = await startKongStandin({ adminPort: 0, proxyPort: 0, stateFile });
      const res = await fetch(`${second.zoneAdminUrl("p")}/services/orders`);
      expect(((await res.json()) as { id: string }).id).toBe(SERVICE_ID);
      await second.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
