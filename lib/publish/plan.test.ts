import { describe, expect, it } from "vitest";
import type { KongState } from "../compiler/types";
import { type LiveEntity, type LiveKongState, planIsEmpty, planPublish } from "./plan";

const TAGS = ["switchyard", "zone:eu-central"];

function desiredState(): KongState {
  return {
    services: [
      { id: "s1", name: "svc-a", protocol: "https", host: "a.internal", port: 443, path: "/api", tags: TAGS },
    ],
    upstreams: [{ id: "u1", name: "up-b", algorithm: "round-robin", tags: TAGS }],
    targets: [{ id: "t1", upstream: { id: "u1" }, target: "b1.internal:443", weight: 100, tags: TAGS }],
    routes: [
      {
        id: "r1",
        name: "route-a",
        expression: '(http.path == "/a")',
        priority: 42,
        protocols: ["http", "https"],
        service: { id: "s1" },
        strip_path: false,
        preserve_host: false,
        tags: TAGS,
      },
    ],
    plugins: [
      {
        id: "p1",
        name: "jwt-keycloak",
        instance_name: "route-a-issuers",
        service: { id: "s1" },
        config: { allowed_iss: ["https://idp/auth/realms/default"] },
        enabled: true,
        tags: TAGS,
      },
    ],
  };
}

/** What Kong would hold after applying `state`: the same fields plus the ones Kong adds. */
function asLive(state: KongState): LiveKongState {
  const withKongFields = (e: object): LiveEntity =>
    ({ ...structuredClone(e), created_at: 1700000000, updated_at: 1700000000 }) as unknown as LiveEntity;
  return {
    services: state.services.map((s) => ({ ...withKongFields(s), retries: 5, connect_timeout: 60000 })),
    upstreams: state.upstreams.map((u) => ({ ...withKongFields(u), slots: 10000 })),
    targets: state.targets.map(withKongFields),
    routes: state.routes.map((r) => ({
      ...withKongFields(r),
      https_redirect_status_code: 426,
      request_buffering: true,
    })),
    plugins: state.plugins.map((p) => {
      const live = withKongFields(p);
      return { ...live, config: { ...(p.config as object), clock_skew: 60 } };
    }),
  };
}

const empty: LiveKongState = { services: [], upstreams: [], routes: [], targets: [], plugins: [] };

describe("planPublish", () => {
  it("creates everything into an empty Kong with each route's issuer plugin before the route: services/upstreams, targets and service plugins, routes", () => {
    const plan = planPublish(desiredState(), empty);
    expect(plan.steps.map((s) => s.name)).toEqual([
      "services and upstreams",
      "targets and service plugins",
      "routes",
    ]);
    expect(plan.steps[0].ops.map((o) => `${o.action} ${o.kind} ${o.name}`)).toEqual([
      "create service svc-a",
      "create upstream up-b",
    ]);
    expect(plan.steps[1].ops.map((o) => o.kind)).toEqual(["plugin", "target"]);
    expect(plan.steps[1].ops.find((o) => o.kind === "target")?.parentId).toBe("u1");
    expect(plan.steps[2].ops.map((o) => `${o.kind} ${o.id}`)).toEqual(["route r1"]);
    expect(plan.summary).toEqual({ create: 5, update: 0, delete: 0, unchanged: 0 });
  });

  it("plans zero writes when Kong already holds the desired state, whatever fields Kong added", () => {
    const plan = planPublish(desiredState(), asLive(desiredState()));
    expect(planIsEmpty(plan)).toBe(true);
    expect(plan.summary).toEqual({ create: 0, update: 0, delete: 0, unchanged: 5 });
  });

  it("updates only what changed and names the changed fields", () => {
    const live = asLive(desiredState());
    const desired = desiredState();
    desired.routes[0].expression = '(http.path == "/b")';
    desired.plugins[0].config = {
      allowed_iss: ["https://idp/auth/realms/default", "https://idp2/auth/realms/default"],
    };
    const plan = planPublish(desired, live);
    const ops = plan.steps.flatMap((s) => s.ops);
    expect(ops.map((o) => `${o.action} ${o.kind}`)).toEqual(["update plugin", "update route"]);
    expect(ops[1].changes).toEqual([
      { field: "expression", before: '(http.path == "/a")', after: '(http.path == "/b")' },
    ]);
    expect(ops[0].changes?.[0].field).toBe("config");
  });

  it("notices a hand edit of a managed field (drift) and repairs it", () => {
    const live = asLive(desiredState());
    live.routes[0].priority = 0;
    const ops = planPublish(desiredState(), live).steps.flatMap((s) => s.ops);
    expect(ops).toHaveLength(1);
    expect(ops[0]).toMatchObject({
      action: "update",
      kind: "route",
      changes: [{ field: "priority", before: 0, after: 42 }],
    });
  });

  it("deletes what is no longer desired bottom-up, each route before the plugin guarding it: routes/targets, plugins, services/upstreams", () => {
    const plan = planPublish(
      { services: [], upstreams: [], routes: [], targets: [], plugins: [] },
      asLive(desiredState()),
    );
    expect(plan.steps.map((s) => s.name)).toEqual([
      "delete routes and targets",
      "delete plugins",
      "delete services and upstreams",
    ]);
    expect(plan.summary.delete).toBe(5);
  });

  it("removes a same-named entity with another id (and what references it) before creating the desired one", () => {
    const live = asLive(desiredState());
    live.services[0].id = "s-old";
    live.routes[0].service = { id: "s-old" };
    live.plugins[0].service = { id: "s-old" };
    const plan = planPublish(desiredState(), live);
    expect(plan.steps.map((s) => s.name)).toEqual([
      "remove replaced routes and targets",
      "remove replaced plugins",
      "remove replaced services and upstreams",
      "services and upstreams",
      "targets and service plugins",
      "routes",
    ]);
    // The plugin and the route are recreated (same ids) after the old service is gone, plugin first.
    expect(plan.steps[4].ops.map((o) => `${o.action} ${o.kind} ${o.id}`)).toEqual(["create plugin p1"]);
    expect(plan.steps[5].ops.map((o) => `${o.action} ${o.kind} ${o.id}`)).toEqual(["create route r1"]);
  });

  it("a replaced issuer plugin takes the live route it guards down first and brings it back after its successor", () => {
    const live = asLive(desiredState());
    live.plugins[0].id = "p-old";
    const plan = planPublish(desiredState(), live);
    expect(plan.steps.map((s) => [s.name, s.ops.map((o) => `${o.action} ${o.kind} ${o.id}`)])).toEqual([
      ["remove replaced routes and targets", ["delete route r1"]],
      ["remove replaced plugins", ["delete plugin p-old"]],
      ["targets and service plugins", ["create plugin p1"]],
      ["routes", ["create route r1"]],
    ]);
  });

  it("a plugin scoped to its route (the earlier shape) can only follow the route; moving it onto the service is one write", () => {
    const legacy = desiredState();
    const { service: _service, ...plugin } = legacy.plugins[0];
    const routeScoped = { ...plugin, route: { id: "r1" } };
    const fromEmpty = planPublish({ ...legacy, plugins: [routeScoped as unknown as KongState["plugins"][number]] }, empty);
    expect(fromEmpty.steps.map((s) => s.name)).toEqual(["services and upstreams", "targets and service plugins", "routes", "route plugins"]);
    const live = asLive(legacy);
    live.plugins = [{ ...(structuredClone(routeScoped) as unknown as LiveEntity), service: null }];
    const moved = planPublish(desiredState(), live).steps.flatMap((s) => s.ops);
    expect(moved.map((o) => `${o.action} ${o.kind} ${o.id}`)).toEqual(["update plugin p1"]);
    expect(moved[0].changes?.map((c) => c.field)).toEqual(["service"]);
  });

  it("is deterministic: the same inputs give the same plan", () => {
    const a = planPublish(desiredState(), empty);
    const b = planPublish(desiredState(), empty);
    expect(JSON.stringify(a)).toBe(JSON.stringify(b));
  });
});
