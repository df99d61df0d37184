import { describe, expect, it } from "vitest";
import type { KongRoute, KongState } from "../compiler/types";
import type { LiveEntity } from "./plan";
import { driftItems, resumedNote, routeImpact } from "./views";

/** Kong hands back plain JSON objects. */
const live = (entities: object[]): LiveEntity[] => entities.map((e) => ({ ...e }) as LiveEntity);

const TAGS = ["switchyard", "zone:z"];
const route = (name: string, expression: string, priority = 10, service = "s1"): KongRoute => ({
  id: `id-${name}`,
  name,
  expression,
  priority,
  protocols: ["http", "https"],
  service: { id: service },
  strip_path: false,
  preserve_host: false,
  tags: TAGS,
});
const state = (routes: KongRoute[], host = "a.internal"): KongState => ({
  services: [
    { id: "s1", name: "svc", protocol: "http", host, port: 80, path: null, tags: TAGS },
    { id: "s2", name: "svc2", protocol: "http", host: "b.internal", port: 80, path: "/x", tags: TAGS },
  ],
  upstreams: [],
  targets: [],
  routes,
  plugins: [],
});

describe("routeImpact", () => {
  it("everything is added when nothing was published", () => {
    const impact = routeImpact(null, state([route("b", "x"), route("a", "y")]));
    expect(impact.added.map((r) => r.name)).toEqual(["a", "b"]);
    expect(impact).toMatchObject({ removed: [], changed: [], unchanged: 0 });
    expect(impact.added[0].upstream).toBe("http://a.internal:80");
  });

  it("names the fields that changed and keeps both sides of each", () => {
    const before = state([
      route("same", "e"),
      route("expr", "old"),
      route("prio", "p", 1),
      route("moved", "m"),
      route("gone", "g"),
    ]);
    const after = state([
      route("same", "e"),
      route("expr", "new"),
      route("prio", "p", 2),
      route("moved", "m", 10, "s2"),
      route("new", "n"),
    ]);
    const impact = routeImpact(before, after);
    expect(impact.added.map((r) => r.name)).toEqual(["new"]);
    expect(impact.removed.map((r) => r.name)).toEqual(["gone"]);
    expect(impact.unchanged).toBe(1);
    expect(impact.changed.map((c) => [c.name, c.fields])).toEqual([
      ["expr", ["expression"]],
      ["moved", ["upstream"]],
      ["prio", ["priority"]],
    ]);
    expect(impact.changed[0]).toMatchObject({ before: { expression: "old" }, after: { expression: "new" } });
    expect(impact.changed[1].after.upstream).toBe("http://b.internal:80/x");
  });

  it("a changed service host changes the upstream of every route on it", () => {
    const impact = routeImpact(state([route("r", "e")]), state([route("r", "e")], "c.internal"));
    expect(impact.changed.map((c) => c.fields)).toEqual([["upstream"]]);
  });
});

describe("driftItems", () => {
  it("is empty when Kong holds what was published (plus fields Kong adds)", () => {
    const published = state([route("r", "e")]);
    const live = {
      services: published.services.map((s) => ({ ...s, created_at: 1, retries: 5 })),
      upstreams: [],
      targets: [],
      routes: published.routes.map((r) => ({ ...r, created_at: 1, https_redirect_status_code: 426 })),
      plugins: [],
    };
    expect(driftItems(published, live)).toEqual([]);
  });

  it("names hand edits (live vs published), hand deletes and hand-made managed entities", () => {
    const published = state([route("kept", "e", 5), route("deleted", "d")]);
    const kong = {
      services: live(published.services),
      upstreams: [],
      targets: [],
      routes: live([route("kept", "e", 7), route("extra", "x")]),
      plugins: [],
    };
    const items = driftItems(published, kong);
    expect(items.map((i) => [i.drift, i.name]).sort()).toEqual([
      ["added", "extra"],
      ["changed", "kept"],
      ["missing", "deleted"],
    ]);
    expect(items.find((i) => i.drift === "changed")?.changes).toEqual([
      { field: "priority", live: 7, published: 5 },
    ]);
  });

  it("after a publish that stopped halfway, what it wrote or didn't get to is not drift; a hand edit still is", () => {
    const published = state([route("a", "old-a"), route("b", "old-b"), route("c", "c", 5)]);
    const unfinished = state([route("a", "new-a"), route("b", "new-b"), route("c", "c", 5)]);
    // The stopped publish got as far as route a; someone changed c's priority by hand.
    const kong = {
      services: live(published.services),
      upstreams: [],
      targets: [],
      routes: live([route("a", "new-a"), route("b", "old-b"), route("c", "c", 9)]),
      plugins: [],
    };
    expect(driftItems(published, kong).map((i) => i.name)).toEqual(["a", "c"]);
    expect(driftItems(published, kong, unfinished).map((i) => [i.drift, i.name])).toEqual([["changed", "c"]]);
  });

  it("without a publish, every managed entity in Kong is unexpected", () => {
    const state = { services: [], upstreams: [], targets: [], routes: live([route("r", "e")]), plugins: [] };
    expect(driftItems(null, state).map((i) => i.drift)).toEqual(["added"]);
  });
});

describe("resumedNote", () => {
  const summary = { create: 3, update: 0, delete: 0, unchanged: 0 };
  it("says nothing of a publish that ran once", () => {
    expect(resumedNote({ attempt: 1, summary })).toBeNull();
  });
  it("says a publish was resumed, on which attempt, and what the stopped runs had applied", () => {
    expect(
      resumedNote({ attempt: 2, summary: { ...summary, earlierAttempts: [{ attempt: 1, planned: 80, applied: 12 }] } }),
    ).toBe("resumed after its worker stopped · attempt 2 · 12 writes applied before");
    expect(resumedNote({ attempt: 3, summary })).toBe("resumed after its worker stopped · attempt 3");
  });
});
