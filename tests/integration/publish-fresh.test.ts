import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import * as batch from "@/app/api/v1/entitlements/batch/route";
import * as publishOne from "@/app/api/v1/publishes/[id]/route";
import * as rollback from "@/app/api/v1/publishes/[id]/rollback/route";
import * as rovers from "@/app/api/v1/rovers/route";
import * as tenants from "@/app/api/v1/tenants/route";
import * as publish from "@/app/api/v1/zones/[name]/publish/route";
import { createApiToken } from "@/lib/auth/tokens";
import type * as Publishes from "@/lib/db/publishes";
import { prisma } from "@/lib/db/prisma";
import { startPublish } from "@/lib/publish/service";
import { startKongStandin, type KongStandin } from "@/scripts/kong-standin/server";
import { get, post } from "./http";
import { createKongZone } from "./zones";

/**
 * What a publish sends and records: the data as it is once the zone's lock is held, a record that
 * never stays RUNNING because its outcomes could not be written, and viewers' dry runs that leave
 * nothing behind. Real PostgreSQL, real handlers, the Kong stand-in.
 */

// Recording outcomes can be made to fail once (the database refusing one batch), everything else is real.
const recording = vi.hoisted(() => ({ failNext: 0 }));
vi.mock("@/lib/db/publishes", async (importOriginal) => {
  const real = await importOriginal<typeof Publishes>();
  return {
    ...real,
    recordOutcomes: async (...args: Parameters<typeof real.recordOutcomes>) => {
      if (recording.failNext > 0) {
        recording.failNext -= 1;
        throw new Error("connection terminated unexpectedly");
      }
      return real.recordOutcomes(...args);
    },
  };
});

let kong: KongStandin;

beforeAll(async () => {
  kong = await startKongStandin({ adminPort: 0, proxyPort: 0, host: "127.0.0.1" });
});
afterAll(async () => {
  await kong.close();
});

const createZone = (name: string) => createKongZone(name, kong.zoneAdminUrl(name));

async function createEntitledRover(zone: string, name: string) {
  const res = await post(rovers.POST, "/api/v1/rovers", {
    body: {
      name,
      version: "1.0.0",
      zone,
      exposures: [
        {
          basePath: `/${name}`,
          upstreams: [{ url: `http://${name}.${zone}.svc:8080` }],
          visibility: "WORLD",
          tenantAccess: "ENTITLED",
        },
      ],
    },
  });
  expect(res.status, res.text).toBe(201);
}

async function grant(tenant: string, application: string) {
  const res = await post(batch.POST, "/api/v1/entitlements/batch", {
    body: { grant: [{ tenant, application, version: "1.0.0" }] },
  });
  expect(res.status, res.text).toBe(200);
}

async function kongExpressions(zone: string): Promise<string[]> {
  const page = (await (await fetch(`${kong.zoneAdminUrl(zone)}/routes?size=1000`)).json()) as {
    data: { expression: string }[];
  };
  return page.data.map((r) => r.expression);
}

/** Connections holding or waiting for the zone's publish lock (lib/publish/lock.ts names them). */
async function lockConnections(zone: string): Promise<number> {
  const rows = await prisma.$queryRaw<{ n: bigint }[]>`
    select count(*) as n from pg_stat_activity where application_name = ${`switchyard-publish-lock:${zone}`}`;
  return Number(rows[0].n);
}

async function until<T>(what: string, check: () => Promise<T | undefined>, ms = 20_000): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

describe("a publish sends the data as it is when it holds the lock", () => {
  it("publish B, asked for before a grant and waiting for publish A's lock, sends the grant", async () => {
    const zone = "fresh-lock";
    await createZone(zone);
    await createEntitledRover(zone, "mod-fresh");
    for (const name of ["fresh_a", "fresh_b"]) {
      expect((await post(tenants.POST, "/x", { body: { name, description: "" } })).status).toBe(201);
    }
    await grant("fresh_a", "mod-fresh");
    // Kong answers slowly, so publish A holds the lock long enough for everything below.
    kong.setFaults(zone, { latencyMs: 1_000, scope: "admin" });

    const a = startPublish({ zone, actor: "publisher-a", wait: true });
    await until("publish A to hold the lock and write", async () =>
      (await prisma.publishOperation.count({ where: { publish: { zoneName: zone, status: "RUNNING" } } })) > 0
        ? true
        : undefined,
    );
    expect(await lockConnections(zone)).toBe(1);
    const b = startPublish({ zone, actor: "publisher-b", wait: true, waitMs: 60_000 });
    // B waits for A's job to finish (the zone's job key is taken) before it queues its own.
    await new Promise((r) => setTimeout(r, 300));
    expect(await lockConnections(zone)).toBe(1);
    // Still A's turn: B has been asked for and is waiting.
    const records = await prisma.publish.findMany({ where: { zoneName: zone }, select: { actor: true, status: true } });
    expect(records).toEqual([{ actor: "publisher-a", status: "RUNNING" }]);

    await grant("fresh_b", "mod-fresh");
    const [first, second] = await Promise.all([a, b]);
    kong.setFaults(zone, {});
    expect(first.record.status).toBe("SUCCEEDED");
    expect(second.record.status).toBe("SUCCEEDED");
    expect(new Date(second.record.createdAt).getTime()).toBeGreaterThanOrEqual(new Date(first.record.finishedAt!).getTime());

    const expressions = await kongExpressions(zone);
    expect(expressions).toHaveLength(1);
    expect(expressions[0]).toContain('"fresh_a"');
    expect(expressions[0]).toContain('"fresh_b"');
  }, 60_000);
});

describe("recording a publish's outcomes fails", () => {
  it("the publish ends FAILED with what was applied (never RUNNING), and the next one converges", async () => {
    const zone = "fresh-flush";
    await createZone(zone);
    await createEntitledRover(zone, "mod-flush");
    expect((await post(tenants.POST, "/x", { body: { name: "flush_a", description: "" } })).status).toBe(201);
    await grant("flush_a", "mod-flush");

    recording.failNext = 1;
    const res = await post(publish.POST, `/api/v1/zones/${zone}/publish?wait=true`, { params: { name: zone } });
    expect(recording.failNext).toBe(0);
    expect(res.status, res.text).toBe(200);
    expect(res.json.status).toBe("FAILED");
    expect(res.json.error).toMatch(/recording the publish's outcomes failed \(connection terminated unexpectedly\).*writes applied/);
    const detail = (await get(publishOne.GET, "/x", { params: { id: res.json.id } })).json;
    expect(detail.status).toBe("FAILED");
    expect(detail.finishedAt).not.toBeNull();
    // The outcomes were written on the second try: every write is accounted for.
    const applied = detail.operations.filter((o: { status: string }) => o.status === "APPLIED").length;
    expect(applied).toBe(detail.summary.applied);
    expect(detail.summary.applied + detail.summary.failed + detail.summary.skipped).toBe(detail.progress.total);
    expect(detail.operations.some((o: { status: string }) => o.status === "PENDING")).toBe(false);

    const next = await post(publish.POST, `/api/v1/zones/${zone}/publish?wait=true`, { params: { name: zone } });
    expect(next.json.status).toBe("SUCCEEDED");
    expect(await kongExpressions(zone)).toHaveLength(1);
  });

  it("on a DB-less node that took the configuration: FAILED, saying Kong has it and every write counted as applied", async () => {
    const zone = "fresh-flush-dbless";
    kong.configureZone(zone, { database: "off" });
    await createZone(zone);
    await createEntitledRover(zone, "mod-flushdb");
    expect((await post(tenants.POST, "/x", { body: { name: "flushdb_a", description: "" } })).status).toBe(201);
    await grant("flushdb_a", "mod-flushdb");

    recording.failNext = 1;
    const res = await post(publish.POST, `/api/v1/zones/${zone}/publish?wait=true`, { params: { name: zone } });
    expect(res.json.status).toBe("FAILED");
    expect(res.json.error).toMatch(/^Kong took the configuration, but recording the publish's outcomes failed/);
    expect(res.json.summary).toMatchObject({ mode: "config", applied: res.json.progress.total, skipped: 0 });
    expect(await kongExpressions(zone)).toHaveLength(1);
    // The next publish finds Kong already holding it.
    const next = await post(publish.POST, `/api/v1/zones/${zone}/publish?wait=true`, { params: { name: zone } });
    expect(next.json).toMatchObject({ status: "SUCCEEDED", summary: { create: 0, update: 0, delete: 0 } });
  });
});

describe("dry runs", () => {
  it("a viewer's dry run answers the plan and stores nothing; a publisher's is stored", async () => {
    const zone = "fresh-dry";
    await createZone(zone);
    await createEntitledRover(zone, "mod-dry");
    expect((await post(tenants.POST, "/x", { body: { name: "dry_a", description: "" } })).status).toBe(201);
    await grant("dry_a", "mod-dry");
    const by = { actor: "test", requestId: null };
    const viewer = (await createApiToken({ name: "dry-viewer", role: "viewer" }, by)).token;
    const publisher = (await createApiToken({ name: "dry-publisher", role: "publisher" }, by)).token;
    const stored = () => prisma.publish.count({ where: { zoneName: zone } });

    for (let i = 0; i < 3; i++) {
      const dry = await post(publish.POST, "/x?dryRun=true", { params: { name: zone }, token: viewer });
      expect(dry.status, dry.text).toBe(200);
      expect(dry.json).toMatchObject({ status: "PLANNED", dryRun: true, stored: false, actor: "dry-viewer" });
      expect(dry.json.plan.summary).toMatchObject({ create: 2 });
      expect(dry.json.impact.added).toHaveLength(1);
      expect((await get(publishOne.GET, "/x", { params: { id: dry.json.id } })).status).toBe(404);
    }
    expect(await stored()).toBe(0);
    expect(await prisma.publishOperation.count({ where: { publish: { zoneName: zone } } })).toBe(0);

    const kept = await post(publish.POST, "/x?dryRun=true", { params: { name: zone }, token: publisher });
    expect(kept.json).toMatchObject({ dryRun: true, stored: true });
    expect(await stored()).toBe(1);
    expect((await get(publishOne.GET, "/x", { params: { id: kept.json.id } })).status).toBe(200);
  });

  it("a viewer's rollback dry run answers the plan and stores nothing; a publisher's is stored", async () => {
    const zone = "fresh-dry-back";
    await createZone(zone);
    await createEntitledRover(zone, "mod-dry-back");
    expect((await post(tenants.POST, "/x", { body: { name: "back_a", description: "" } })).status).toBe(201);
    await grant("back_a", "mod-dry-back");
    const done = await post(publish.POST, "/x?wait=true", { params: { name: zone } });
    expect(done.json.status, done.text).toBe("SUCCEEDED");
    const by = { actor: "test", requestId: null };
    const viewer = (await createApiToken({ name: "back-viewer", role: "viewer" }, by)).token;
    const publisher = (await createApiToken({ name: "back-publisher", role: "publisher" }, by)).token;
    const dryRuns = () => prisma.publish.count({ where: { zoneName: zone, dryRun: true } });

    const seen = await post(rollback.POST, "/x?dryRun=true", { params: { id: done.json.id }, token: viewer });
    expect(seen.status, seen.text).toBe(200);
    expect(seen.json).toMatchObject({ dryRun: true, stored: false, sourcePublishId: done.json.id });
    expect(await dryRuns()).toBe(0);

    const kept = await post(rollback.POST, "/x?dryRun=true", { params: { id: done.json.id }, token: publisher });
    expect(kept.json).toMatchObject({ dryRun: true, stored: true, sourcePublishId: done.json.id });
    expect(await dryRuns()).toBe(1);
  });
});
