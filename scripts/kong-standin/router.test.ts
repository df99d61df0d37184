import { describe, expect, it } from "vitest";
import { kongOrder, RouterCache, traditionalExpression } from "./router";
import { ZoneStore } from "./zone-store";

const SERVICE = "00000000-0000-4000-8000-000000000fff";
const id = (n: number) => `00000000-0000-4000-8000-${String(n).padStart(12, "0")}`;

function zone(): ZoneStore {
  const store = new ZoneStore("z");
  store.upsert("services", SERVICE, { host: "a.example.com" });
  return store;
}

const get = (path: string) => ({ method: "GET", scheme: "http", path, headers: { host: ["z.example.com"] } });

describe("RouterCache", () => {
  it("keeps compiled matchers across rebuilds and recompiles only changed routes", () => {
    const store = zone();
    store.upsert("routes", id(1), { name: "one", expression: 'http.path ^= "/one"', service: { id: SERVICE } });
    store.upsert("routes", id(2), { name: "two", expression: 'http.path ^= "/two"', service: { id: SERVICE } });
    const cache = new RouterCache();
    const first = cache.get(store);
    const one = first.matchers.get(id(1))!.router;
    const two = first.matchers.get(id(2))!.router;
    store.upsert("routes", id(1), { name: "one", expression: 'http.path ^= "/one"', priority: 5, service: { id: SERVICE } });
    store.upsert("routes", id(2), { name: "two", expression: 'http.path ^= "/2"', service: { id: SERVICE } });
    const second = cache.get(store);
    expect(second).not.toBe(first);
    expect(second.matchers.get(id(1))!.router).toBe(one);
    expect(second.matchers.get(id(2))!.router).not.toBe(two);
    expect(second.match(get("/2/x"))?.compiled.route.name).toBe("two");
    expect(second.match(get("/two/x"))).toBeNull();
    expect(cache.get(store)).toBe(second);
    cache.clear();
  });
});

describe("RouterCache after a zone is dropped", () => {
  it("routes with the new store's routes when a zone is made again with as many writes as before", () => {
    const cache = new RouterCache();
    const old = zone();
    old.upsert("routes", id(1), { name: "old", expression: 'http.path ^= "/old"', service: { id: SERVICE } });
    expect(cache.get(old).match(get("/old"))?.compiled.route.name).toBe("old");
    const again = zone();
    again.upsert("routes", id(2), { name: "new", expression: 'http.path ^= "/new"', service: { id: SERVICE } });
    expect(again.version).toBe(old.version);
    const router = cache.get(again);
    expect(router.match(get("/old"))).toBeNull();
    expect(router.match(get("/new"))?.compiled.route.name).toBe("new");
    cache.clear();
  });
});

describe("kongOrder", () => {
  it("sorts by priority descending, then id descending", () => {
    const routes = [
      { id: "a", priority: 1 },
      { id: "c", priority: 1 },
      { id: "b", priority: 2 ** 40 },
      { id: "d" },
    ];
    expect([...routes].sort(kongOrder).map((r) => r.id)).toEqual(["b", "c", "a", "d"]);
  });
});

describe("traditionalExpression", () => {
  it("translates paths, hosts, methods and headers", () => {
    expect(
      traditionalExpression({ id: "x", paths: ["/a", "~/b/\\d+$"], hosts: ["*.example.com"], methods: ["get"], headers: { "X-Env": ["Blue"] } }),
    ).toBe(
      'http.method == "GET" && http.host =^ ".example.com" && (http.path ^= "/a" || http.path ~ "^/b/\\\\d+$") && any(lower(http.headers.x_env)) == "blue"',
    );
    expect(traditionalExpression({ id: "x" })).toBeNull();
  });
});

describe("ZoneStore indexes", () => {
  it("a renamed entity frees its old name", () => {
    const store = zone();
    store.upsert("services", id(1), { name: "old", host: "h.example.com" });
    store.upsert("services", id(1), { name: "new", host: "h.example.com" });
    expect(store.find("services", "old")).toBeUndefined();
    expect(store.find("services", "new")?.id).toBe(id(1));
    expect(() => store.create("services", { name: "old", host: "h.example.com" })).not.toThrow();
    expect(() => store.create("services", { name: "new", host: "h.example.com" })).toThrow(/UNIQUE/);
  });
});
