import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as batch from "@/app/api/v1/entitlements/batch/route";
import * as entitlements from "@/app/api/v1/entitlements/route";
import * as publishOne from "@/app/api/v1/publishes/[id]/route";
import * as rollback from "@/app/api/v1/publishes/[id]/rollback/route";
import * as publishes from "@/app/api/v1/publishes/route";
import * as rovers from "@/app/api/v1/rovers/route";
import * as tenants from "@/app/api/v1/tenants/route";
import * as drift from "@/app/api/v1/zones/[name]/drift/route";
import * as publish from "@/app/api/v1/zones/[name]/publish/route";
import * as zones from "@/app/api/v1/zones/route";
import { createApiToken } from "@/lib/auth/tokens";
import { prng } from "@/lib/compiler/fixtures/large-estate";
import { DRY_RUNS_KEPT } from "@/lib/db/publishes";
import { acquireZoneLock } from "@/lib/publish/lock";
import { startKongStandin, type KongStandin } from "@/scripts/kong-standin/server";
import { get, post } from "./http";
import { createKongZone } from "./zones";

/**
 * The publish API end to end: real PostgreSQL, the real route handlers, and the Kong stand-in
 * in-process, read back through its own Admin API the way Kong would be.
 */
let kong: KongStandin;

beforeAll(async () => {
  // Seeded chance: "10% of admin calls fail" must fail some of them every run (with Math.random a
  // publish of ~25 calls drew none about one run in fifteen).
  kong = await startKongStandin({ adminPort: 0, proxyPort: 0, host: "127.0.0.1", random: prng(20261201) });
});
afterAll(async () => {
  await kong.close();
});

/** A port nothing listens on (bound once, then closed). */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

const TENANT_CLAUSE = /http\.headers\.x_okapi_tenant == "([^"]+)"/g;

const createZone = (name: string) => createKongZone(name, kong.zoneAdminUrl(name));

/** An application whose routes match only its entitled tenants, with two endpoints (two routes). */
async function createEntitledRover(zone: string, name: string, version = "1.0.0") {
  const res = await post(rovers.POST, "/api/v1/rovers", {
    body: {
      name,
      version,
      zone,
      exposures: [
        {
          basePath: `/${name}`,
          upstreams: [{ url: `http://${name}.${zone}.svc.cluster.local:8080` }],
          visibility: "WORLD",
          tenantAccess: "ENTITLED",
          endpoints: [
            { methods: ["GET"], path: "/" },
            { methods: ["GET", "POST"], path: "/{id}" },
          ],
        },
      ],
    },
  });
  expect(res.status, res.text).toBe(201);
}

async function createTenants(names: string[]) {
  for (const name of names) {
    const res = await post(tenants.POST, "/api/v1/tenants", { body: { name, description: "" } });
    expect(res.status, res.text).toBe(201);
  }
}

/** Kong's own view: the stand-in's Admin API, every page. */
async function kongRoutes(
  zone: string,
): Promise<Array<{ id: string; name: string; expression: string; priority: number; tags: string[] | null }>> {
  const out: Array<{
    id: string;
    name: string;
    expression: string;
    priority: number;
    tags: string[] | null;
  }> = [];
  let next: string | null = `${kong.zoneAdminUrl(zone)}/routes?size=1000`;
  while (next) {
    const page = (await (await fetch(next)).json()) as { data: never[]; next: string | null };
    out.push(...page.data);
    next = page.next ? `${kong.adminUrl}${page.next}` : null;
  }
  return out;
}

const HIST = ["hist_a", "hist_b", "hist_c"];
const TENANT_SET_CLAUSE = /http\.headers\.x_okapi_tenant ~ r#"([^"]+)"#/g;

/**
 * The tenants of `universe` a route's expression lets in: its `==` literals (small sets), or the
 * names its anchored tenant-set regex accepts (more than 8 tenants; docs/tenant-sets.md), read
 * as a regex rather than by the compiler's own reading of it.
 */
const tenantsIn = (expression: string, universe: readonly string[]) => {
  const literals = [...expression.matchAll(TENANT_CLAUSE)].map((m) => m[1]);
  const sets = [...expression.matchAll(TENANT_SET_CLAUSE)].map((m) => new RegExp(m[1]));
  return universe.filter((t) => literals.includes(t) || sets.some((r) => r.test(t))).sort();
};

async function stats(zone: string) {
  return (await (await fetch(`${kong.zoneAdminUrl(zone)}/_stats`)).json()) as { adminWrites: number };
}

const publishNow = (zone: string) =>
  post(publish.POST, `/api/v1/zones/${zone}/publish?wait=true`, { params: { name: zone } });

describe("publish API against the Kong stand-in", () => {
  it("after 120 concurrent grants and revokes, Kong's expressions list exactly the tenants the database holds", async () => {
    const zone = "pub-concurrent";
    await createZone(zone);
    await createEntitledRover(zone, "mod-users");
    const names = Array.from({ length: 24 }, (_, i) => `tenant_${String(i).padStart(2, "0")}`);
    await createTenants(names);
    const grant = (tenant: string) => ({ tenant, application: "mod-users", version: "1.0.0" });
    // Everyone starts entitled, so the revokes have something to lose and the grants something to race.
    expect(
      (await post(batch.POST, "/api/v1/entitlements/batch", { body: { grant: names.map(grant) } })).status,
    ).toBe(200);

    // 120 requests at once, 5 per tenant, all changing the same application's routes (the spike
    // lost tenants exactly here). A third of the tenants are only re-granted, a third only revoked,
    // and a third get grants and revokes interleaved, so their last word is the database's commit order.
    const requests = Array.from({ length: 120 }, (_, i) => {
      const t = i % names.length;
      const round = Math.floor(i / names.length);
      const grants = t % 3 === 0 || (t % 3 === 2 && round % 2 === 0);
      const body = grants ? { grant: [grant(names[t])] } : { revoke: [grant(names[t])] };
      return post(batch.POST, "/api/v1/entitlements/batch", { body });
    });
    const answers = await Promise.all(requests);
    expect(answers.map((a) => a.status)).toEqual(answers.map(() => 200));

    const held = (await get(entitlements.GET, "/api/v1/entitlements?application=mod-users&limit=500"))
      .json as Array<{ tenant: string }>;
    const expected = held.map((e) => e.tenant).sort();
    const kept = names.filter((_, t) => t % 3 === 0);
    const gone = names.filter((_, t) => t % 3 === 1);
    expect(expected).toEqual(expect.arrayContaining(kept));
    for (const tenant of gone) expect(expected).not.toContain(tenant);

    const res = await publishNow(zone);
    expect(res.status, res.text).toBe(200);
    expect(res.json).toMatchObject({ zone, status: "SUCCEEDED", dryRun: false });
    expect(res.json.progress.done).toBe(res.json.progress.total);

    const routes = await kongRoutes(zone);
    expect(routes).toHaveLength(2);
    // Every created tenant and some that never were (prefixes and extensions of real names).
    const universe = [...names, "tenant_0", "tenant_000", "tenant_99", "tenant_"];
    for (const route of routes) expect(tenantsIn(route.expression, universe)).toEqual(expected);

    // Nothing changed: the second publish makes zero writes.
    const before = (await stats(zone)).adminWrites;
    const again = await publishNow(zone);
    expect(again.json).toMatchObject({ status: "SUCCEEDED", summary: { create: 0, update: 0, delete: 0 } });
    expect((await stats(zone)).adminWrites).toBe(before);
  });

  it("a dry run returns the plan and the route diff and writes nothing; history lists real publishes with their outcomes", async () => {
    const zone = "pub-history";
    await createZone(zone);
    await createEntitledRover(zone, "mod-orders");
    await createTenants(["hist_a", "hist_b"]);
    await post(batch.POST, "/x", {
      body: { grant: [{ tenant: "hist_a", application: "mod-orders", version: "1.0.0" }] },
    });

    const writes = (await stats(zone)).adminWrites;
    const dry = await post(publish.POST, `/api/v1/zones/${zone}/publish?dryRun=true`, {
      params: { name: zone },
    });
    expect(dry.status, dry.text).toBe(200);
    expect(dry.json).toMatchObject({ status: "PLANNED", dryRun: true, baselinePublishId: null });
    // One service per route (each route keeps its own upstream settings), then the two routes.
    expect(dry.json.plan.summary).toMatchObject({ create: 4, update: 0, delete: 0 });
    const kinds = dry.json.plan.steps.flatMap((s: { ops: { kind: string }[] }) => s.ops.map((o) => o.kind));
    expect(kinds).toEqual(["service", "service", "route", "route"]);
    expect(dry.json.plan.steps.map((s: { name: string }) => s.name)).toEqual([
      "services and upstreams",
      "routes",
    ]);
    expect(dry.json.impact.added.map((r: { name: string }) => r.name)).toHaveLength(2);
    expect(Array.isArray(dry.json.warnings)).toBe(true);
    expect((await stats(zone)).adminWrites).toBe(writes);

    const first = await publishNow(zone);
    expect(first.json.status).toBe("SUCCEEDED");
    await post(batch.POST, "/x", {
      body: { grant: [{ tenant: "hist_b", application: "mod-orders", version: "1.0.0" }] },
    });
    const preview = await post(publish.POST, `/api/v1/zones/${zone}/publish?dryRun=true`, {
      params: { name: zone },
    });
    expect(preview.json.baselinePublishId).toBe(first.json.id);
    expect(preview.json.plan.summary).toMatchObject({ create: 0, update: 2, delete: 0 });
    const changed = preview.json.impact.changed;
    expect(changed).toHaveLength(2);
    expect(changed[0].fields).toContain("expression");
    expect(tenantsIn(changed[0].before.expression, HIST)).toEqual(["hist_a"]);
    expect(tenantsIn(changed[0].after.expression, HIST)).toEqual(["hist_a", "hist_b"]);

    // The publish answers 202 while it runs; the record's progress reaches done = total.
    const started = await post(publish.POST, `/api/v1/zones/${zone}/publish`, { params: { name: zone } });
    expect([200, 202]).toContain(started.status);
    expect(started.headers.get("location")).toBe(`/api/v1/publishes/${started.json.id}`);
    const id = started.json.id as string;
    let detail = (await get(publishOne.GET, `/api/v1/publishes/${id}`, { params: { id } })).json;
    for (let i = 0; i < 100 && detail.status === "RUNNING"; i++) {
      await new Promise((r) => setTimeout(r, 50));
      detail = (await get(publishOne.GET, `/api/v1/publishes/${id}`, { params: { id } })).json;
    }
    expect(detail).toMatchObject({
      status: "SUCCEEDED",
      progress: { done: 2, total: 2 },
      baselinePublishId: first.json.id,
    });
    expect(detail.operations.map((o: { status: string }) => o.status)).toEqual(["APPLIED", "APPLIED"]);
    expect(detail.impact.changed).toHaveLength(2);

    const history = await get(publishes.GET, `/api/v1/publishes?zone=${zone}`);
    expect(history.json.map((p: { id: string }) => p.id)).toEqual([id, first.json.id]);
    expect(history.headers.get("x-total-count")).toBe("2");
    const withDry = await get(publishes.GET, `/api/v1/publishes?zone=${zone}&includeDryRuns=true`);
    expect(withDry.json).toHaveLength(4);

    // Rollback: preview shows the way back to the first publish's tenants, then re-sends it.
    const back = await post(rollback.POST, `/api/v1/publishes/${first.json.id}/rollback?dryRun=true`, {
      params: { id: first.json.id },
    });
    expect(back.status, back.text).toBe(200);
    expect(back.json).toMatchObject({
      dryRun: true,
      sourcePublishId: first.json.id,
      plan: { summary: { update: 2 } },
    });
    expect(tenantsIn(back.json.impact.changed[0].after.expression, HIST)).toEqual(["hist_a"]);
    const done = await post(rollback.POST, `/api/v1/publishes/${first.json.id}/rollback?wait=true`, {
      params: { id: first.json.id },
    });
    expect(done.json).toMatchObject({ status: "SUCCEEDED", sourcePublishId: first.json.id });
    for (const route of await kongRoutes(zone)) expect(tenantsIn(route.expression, HIST)).toEqual(["hist_a"]);

    expect(
      (await get(publishOne.GET, "/x", { params: { id: "00000000-0000-4000-8000-000000000000" } })).status,
    ).toBe(404);
    expect((await post(publish.POST, "/x?dryRun=true", { params: { name: "no-such-zone" } })).status).toBe(
      404,
    );
  });

  it("keeps the newest dry runs of a zone, not every preview ever opened; real publishes are never pruned", async () => {
    const zone = "prune-zone";
    await createZone(zone);
    await createEntitledRover(zone, "mod-prune");
    const real = await publishNow(zone);
    expect(real.json.status).toBe("SUCCEEDED");
    // A rollback made from a dry run names it as its source: that one stays.
    const source = await post(publish.POST, "/x?dryRun=true", { params: { name: zone } });
    const rolledBack = await post(rollback.POST, "/x?wait=true", { params: { id: source.json.id } });
    expect(rolledBack.status, rolledBack.text).toBe(200);
    const dryIds: string[] = [];
    for (let i = 0; i < DRY_RUNS_KEPT + 5; i++) {
      const dry = await post(publish.POST, "/x?dryRun=true", { params: { name: zone } });
      expect(dry.status, dry.text).toBe(200);
      dryIds.push(dry.json.id);
    }
    const listed = await get(publishes.GET, `/x?zone=${zone}&includeDryRuns=true&limit=100`);
    expect(listed.status, listed.text).toBe(200);
    const ids = (listed.json as { id: string; dryRun: boolean }[]).map((p) => p.id);
    // The newest dry runs and the real publish; the five oldest previews are gone, operations too.
    expect(ids.filter((id) => dryIds.includes(id)).sort()).toEqual(dryIds.slice(5).sort());
    expect(ids).toContain(real.json.id);
    for (const old of dryIds.slice(0, 5))
      expect((await get(publishOne.GET, "/x", { params: { id: old } })).status).toBe(404);
    expect((await get(publishOne.GET, "/x", { params: { id: real.json.id } })).status).toBe(200);
    expect((await get(publishOne.GET, "/x", { params: { id: source.json.id } })).status).toBe(200);
  });

  it("answers 409 while another publish of the zone holds the lock, and publishes once it is free", async () => {
    const zone = "pub-locked";
    await createZone(zone);
    await createEntitledRover(zone, "mod-locked");
    await createTenants(["lock_a"]);
    await post(batch.POST, "/x", {
      body: { grant: [{ tenant: "lock_a", application: "mod-locked", version: "1.0.0" }] },
    });
    const lock = await acquireZoneLock(zone);
    try {
      const res = await publishNow(zone);
      expect(res.status).toBe(409);
      expect(res.json.error.code).toBe("conflict");
      expect((await kongRoutes(zone)).length).toBe(0);
    } finally {
      await lock.release();
    }
    expect((await publishNow(zone)).json.status).toBe("SUCCEEDED");
  });

  it("with 10% of admin calls failing, a publish completes through retries or stops cleanly, and the next converges with no duplicates", async () => {
    const zone = "pub-faults";
    await createZone(zone);
    const apps = ["mod-a", "mod-b", "mod-c", "mod-d", "mod-e", "mod-f"];
    for (const app of apps) await createEntitledRover(zone, app);
    await createTenants(["fault_x", "fault_y"]);
    await post(batch.POST, "/x", {
      body: {
        grant: apps.flatMap((application) =>
          ["fault_x", "fault_y"].map((tenant) => ({ tenant, application, version: "1.0.0" })),
        ),
      },
    });

    kong.setFaults(zone, { errorRate: 0.1, scope: "admin" });
    const faulty = await publishNow(zone);
    kong.setFaults(zone, {});
    const faults = (await (await fetch(`${kong.zoneAdminUrl(zone)}/_stats`)).json()) as {
      faults: { errors: number };
    };
    expect(faults.faults.errors).toBeGreaterThan(0);
    // Either way the answer is a clean record (or a clear 412 when Kong could not even be read).
    if (faulty.status === 200) {
      expect(["SUCCEEDED", "FAILED"]).toContain(faulty.json.status);
      if (faulty.json.status === "FAILED") expect(faulty.json.error).toMatch(/publish again to finish/);
    } else expect(faulty.status).toBe(412);

    const next = await publishNow(zone);
    expect(next.json.status).toBe("SUCCEEDED");
    const routes = await kongRoutes(zone);
    expect(routes).toHaveLength(apps.length * 2);
    expect(new Set(routes.map((r) => r.name)).size).toBe(routes.length);
    const services = (await (await fetch(`${kong.zoneAdminUrl(zone)}/services?size=1000`)).json()) as {
      data: { name: string }[];
    };
    expect(services.data).toHaveLength(apps.length * 2);
    expect(new Set(services.data.map((s) => s.name)).size).toBe(services.data.length);
    const final = await publishNow(zone);
    expect(final.json.summary).toMatchObject({ create: 0, update: 0, delete: 0 });
  });

  it("drift: a hand edit, a hand delete and a hand-made managed route are found and repaired; an unmanaged route is left alone", async () => {
    const zone = "pub-drift";
    await createZone(zone);
    await createEntitledRover(zone, "mod-drift");
    await createTenants(["drift_a"]);
    await post(batch.POST, "/x", {
      body: { grant: [{ tenant: "drift_a", application: "mod-drift", version: "1.0.0" }] },
    });

    const never = await get(drift.GET, "/x", { params: { name: zone } });
    expect(never.json).toMatchObject({ reachable: true, baseline: null, drifted: false, items: [] });

    const published = await publishNow(zone);
    const clean = await get(drift.GET, "/x", { params: { name: zone } });
    expect(clean.json).toMatchObject({
      reachable: true,
      drifted: false,
      items: [],
      baseline: { publishId: published.json.id },
    });

    const admin = kong.zoneAdminUrl(zone);
    const [edited, removed] = (await kongRoutes(zone)).sort((a, b) => a.name.localeCompare(b.name));
    const send = (method: string, path: string, body?: unknown) =>
      fetch(`${admin}${path}`, {
        method,
        headers: { "content-type": "application/json" },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
    expect((await send("PATCH", `/routes/${edited.id}`, { priority: 7 })).status).toBe(200);
    expect((await send("DELETE", `/routes/${removed.id}`)).status).toBe(204);
    const service = ((await (await send("GET", "/services")).json()) as { data: { id: string }[] }).data[0];
    const sneaky = await send("POST", "/routes", {
      name: "hand-made-managed",
      expression: 'http.path == "/sneaky"',
      service: { id: service.id },
      tags: ["switchyard", `zone:${zone}`],
    });
    expect(sneaky.status).toBe(201);
    const foreign = await send("POST", "/routes", {
      name: "team-b-health",
      expression: 'http.path == "/healthz"',
      tags: ["team-b"],
    });
    expect(foreign.status).toBe(201);

    const found = (await get(drift.GET, "/x", { params: { name: zone } })).json;
    expect(found.drifted).toBe(true);
    const byDrift = (kind: string) =>
      found.items.filter((i: { drift: string }) => i.drift === kind).map((i: { name: string }) => i.name);
    expect(byDrift("changed")).toEqual([edited.name]);
    expect(byDrift("missing")).toEqual([removed.name]);
    expect(byDrift("added")).toEqual(["hand-made-managed"]);
    const change = found.items.find((i: { drift: string }) => i.drift === "changed").changes;
    expect(change).toEqual([{ field: "priority", live: 7, published: edited.priority }]);
    // Another team's route is counted, not named: a node's answer is not passed on field by field.
    expect(found.unmanagedCounts).toEqual({ route: 1 });
    expect(found.unmanaged).toEqual([]);

    expect((await publishNow(zone)).json.status).toBe("SUCCEEDED");
    const repaired = (await get(drift.GET, "/x", { params: { name: zone } })).json;
    expect(repaired).toMatchObject({ drifted: false, items: [] });
    expect(repaired.unmanagedCounts).toEqual({ route: 1 });
    const names = (await kongRoutes(zone)).map((r) => r.name).sort();
    expect(names).toEqual([edited.name, removed.name, "team-b-health"].sort());
    expect((await kongRoutes(zone)).find((r) => r.name === edited.name)?.priority).toBe(edited.priority);
  });

  it("stops at the first permanent error with what was and wasn't applied, and the next publish finishes the job", async () => {
    const zone = "pub-blocked";
    await createZone(zone);
    await createEntitledRover(zone, "mod-blocked");
    await createTenants(["block_a"]);
    await post(batch.POST, "/x", {
      body: { grant: [{ tenant: "block_a", application: "mod-blocked", version: "1.0.0" }] },
    });
    const dry = await post(publish.POST, "/x?dryRun=true", { params: { name: zone } });
    const routeNames = dry.json.plan.steps
      .flatMap((s: { ops: { kind: string; name: string }[] }) => s.ops)
      .filter((o: { kind: string }) => o.kind === "route")
      .map((o: { name: string }) => o.name)
      .sort();
    // Someone made a route by hand, without Switchyard's tags, under the name of one of ours: Kong
    // refuses our route with a unique violation (409), which no retry can fix.
    const admin = kong.zoneAdminUrl(zone);
    const blocker = await fetch(`${admin}/routes`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ name: routeNames[0], expression: 'http.path == "/mine"', tags: ["team-c"] }),
    });
    expect(blocker.status).toBe(201);

    const stopped = await publishNow(zone);
    expect(stopped.status).toBe(200);
    expect(stopped.json.status).toBe("FAILED");
    expect(stopped.json.error).toMatch(
      new RegExp(`Stopped at create route ${routeNames[0]}: .*publish again to finish`),
    );
    const detail = (await get(publishOne.GET, "/x", { params: { id: stopped.json.id } })).json;
    const statusOf = (name: string, kind: string) =>
      detail.operations.find((o: { name: string; kind: string }) => o.name === name && o.kind === kind)
        ?.status;
    expect(statusOf(routeNames[0], "route")).toBe("FAILED");
    // Services went first and were applied; the failed write is recorded as failed, not as done.
    expect(
      detail.operations
        .filter((o: { kind: string }) => o.kind === "service")
        .map((o: { status: string }) => o.status),
    ).toEqual(["APPLIED", "APPLIED"]);
    expect(detail.summary.applied + detail.summary.failed + detail.summary.skipped).toBe(
      detail.progress.total,
    );
    expect(detail.progress).toEqual({ done: detail.progress.total, total: detail.progress.total });

    // What the stopped publish wrote is not a hand change; the blocker is someone else's, left alone.
    const half = (await get(drift.GET, "/x", { params: { name: zone } })).json;
    expect(half).toMatchObject({
      drifted: false,
      items: [],
      baseline: null,
      incomplete: { publishId: stopped.json.id, status: "FAILED" },
    });
    expect(half.unmanagedCounts).toEqual({ route: 1 });

    // The operator removes the blocker; the next publish plans against what Kong holds and finishes.
    const { id } = (await blocker.json()) as { id: string };
    expect((await fetch(`${admin}/routes/${id}`, { method: "DELETE" })).status).toBe(204);
    const next = await publishNow(zone);
    expect(next.json.status).toBe("SUCCEEDED");
    expect(next.json.summary.create).toBeLessThan(dry.json.plan.summary.create);
    expect((await kongRoutes(zone)).map((r) => r.name).sort()).toEqual(routeNames);
    expect((await get(drift.GET, "/x", { params: { name: zone } })).json).toMatchObject({
      drifted: false,
      incomplete: null,
    });
  });

  it("previews for anyone who may read; publishing and rollback take the publisher role", async () => {
    const zone = "pub-roles";
    await createZone(zone);
    await createEntitledRover(zone, "mod-roles");
    await createTenants(["role_a"]);
    await post(batch.POST, "/x", {
      body: { grant: [{ tenant: "role_a", application: "mod-roles", version: "1.0.0" }] },
    });
    const by = { actor: "test", requestId: null };
    const viewer = (await createApiToken({ name: "viewer-bot", role: "viewer" }, by)).token;
    const editor = (await createApiToken({ name: "editor-bot", role: "editor" }, by)).token;
    const publisher = (await createApiToken({ name: "publisher-bot", role: "publisher" }, by)).token;

    const dry = await post(publish.POST, "/x?dryRun=true", { params: { name: zone }, token: viewer });
    expect(dry.status, dry.text).toBe(200);
    for (const token of [viewer, editor]) {
      const refused = await post(publish.POST, "/x?wait=true", { params: { name: zone }, token });
      expect(refused.status).toBe(403);
      expect(refused.json.error.code).toBe("forbidden");
    }
    expect((await post(publish.POST, "/x?wait=true", { params: { name: zone }, token: false })).status).toBe(
      401,
    );
    expect((await kongRoutes(zone)).length).toBe(0);

    const done = await post(publish.POST, "/x?wait=true", { params: { name: zone }, token: publisher });
    expect(done.json).toMatchObject({ status: "SUCCEEDED", actor: "publisher-bot" });
    const back = await post(rollback.POST, "/x?wait=true", { params: { id: done.json.id }, token: editor });
    expect(back.status).toBe(403);
    expect(
      (await post(rollback.POST, "/x?dryRun=true", { params: { id: done.json.id }, token: viewer })).status,
    ).toBe(200);
  });

  it("reports an unreachable Kong as such in drift and refuses a publish with 412", async () => {
    const zone = "pub-nokong";
    const res = await post(zones.POST, "/api/v1/zones", {
      body: {
        name: zone,
        visibility: "ENTERPRISE",
        gatewayUrl: `https://${zone}.gw.example.com`,
        identityProviderUrl: `https://iam.${zone}.example.com`,
        enforceIssuers: false,
        kongAdminUrl: `http://127.0.0.1:${await closedPort()}/nowhere`,
      },
    });
    expect(res.status).toBe(201);
    const d = (await get(drift.GET, "/x", { params: { name: zone } })).json;
    expect(d).toMatchObject({ reachable: false, drifted: false });
    // The failure class, never which connection error (a closed port reads like any unreachable host).
    expect(d.error).toMatch(/unreachable/i);
    expect(d.error).not.toMatch(/ECONNREFUSED/);
    const p = await publishNow(zone);
    expect(p.status).toBe(412);
    expect(p.json.error.message).toMatch(/could not be read/);
  });
});
