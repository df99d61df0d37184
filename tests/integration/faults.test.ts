import { spawn } from "node:child_process";
import pg from "pg";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import * as publishOne from "@/app/api/v1/publishes/[id]/route";
import * as rovers from "@/app/api/v1/rovers/route";
import * as tenants from "@/app/api/v1/tenants/route";
import * as publish from "@/app/api/v1/zones/[name]/publish/route";
import * as zones from "@/app/api/v1/zones/route";
import { compiledZone } from "@/lib/db/compiled";
import { prisma } from "@/lib/db/prisma";
import { getZoneConnection } from "@/lib/db/zones";
import { kongZoneGateway } from "@/lib/kong/kong-gateway";
import { stopPublishJobs } from "@/lib/publish/jobs";
import { publishZone } from "@/lib/publish/workflow";
import { startKongStandin, type KongStandin } from "@/scripts/kong-standin/server";
import { get, post } from "./http";

/**
 * Faults: the database dropping the app's connections mid-use, a Kong admin API that stops
 * answering, and the app process killed in the middle of a publish. Each must leave no lost or
 * half-written data, and the next publish must converge (its dry run then plans nothing).
 */
let kong: KongStandin;
beforeAll(async () => {
  kong = await startKongStandin({ adminPort: 0, proxyPort: 0, host: "127.0.0.1" });
});
afterAll(async () => {
  await kong.close();
});
afterEach(() => {
  for (const z of kong.state.names()) kong.setFaults(z, {});
});

/**
 * Ends every other session on this test's database, as a PostgreSQL restart or failover would.
 * `keepPublishLocks` spares the publish lock's own connection (losing it stops the publish: the lock
 * is gone, so it must not write on).
 */
async function terminateAppConnections({ keepPublishLocks = false } = {}): Promise<number> {
  const admin = new pg.Client({ connectionString: process.env.DATABASE_URL });
  await admin.connect();
  try {
    const { rows } = await admin.query<{ n: string }>(
      `select count(pg_terminate_backend(pid)) as n from pg_stat_activity
        where datname = current_database() and pid <> pg_backend_pid()
          and ($1::boolean is false or application_name not like 'switchyard-publish-lock:%')`,
      [keepPublishLocks],
    );
    return Number(rows[0].n);
  } finally {
    await admin.end();
  }
}

async function until<T>(what: string, fn: () => Promise<T | undefined>, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await fn().catch(() => undefined);
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

async function createZoneWithRovers(name: string, count: number) {
  const res = await post(zones.POST, "/api/v1/zones", {
    body: {
      name,
      visibility: "ENTERPRISE",
      gatewayUrl: `https://${name}.gw.example.com`,
      identityProviderUrl: `https://idp.${name}.example.com`,
      enforceIssuers: false,
      kongAdminUrl: kong.zoneAdminUrl(name),
    },
  });
  expect(res.status, res.text).toBe(201);
  for (let i = 0; i < count; i++) {
    const r = await post(rovers.POST, "/api/v1/rovers", {
      body: {
        name: `app${i}`,
        version: "1.0.0",
        zone: name,
        exposures: [
          {
            basePath: `/app${i}`,
            upstreams: [{ url: `http://app${i}.svc.cluster.local:8080` }],
            endpoints: [
              { methods: ["GET"], path: "/items" },
              { methods: ["POST"], path: "/items/{id}" },
            ],
          },
        ],
      },
    });
    expect(r.status, r.text).toBe(201);
  }
}

/** A publish through the API that waits for the zone's lock to come free (a dead holder's lock included). */
async function publishConverged(zone: string, timeoutMs?: number) {
  const res = await until("a publish", async () => {
    const r = await post(publish.POST, `/api/v1/zones/${zone}/publish?wait=true`, { params: { name: zone } });
    return r.status === 409 || r.status === 503 ? undefined : r;
  }, timeoutMs);
  expect(res.status, res.text).toBe(200);
  expect(res.json.status).toBe("SUCCEEDED");
  const dry = await post(publish.POST, `/api/v1/zones/${zone}/publish?dryRun=true`, {
    params: { name: zone },
  });
  expect(dry.status, dry.text).toBe(200);
  expect(dry.json.plan.summary).toMatchObject({ create: 0, update: 0, delete: 0 });
  // What Kong holds is what the compiler wants: every desired entity is there, nothing else.
  const desired = (await compiledZone(zone))!.kong;
  const live = await kongZoneGateway({ name: zone, ...(await getZoneConnection(zone))! }).listManaged();
  for (const kind of ["services", "routes", "upstreams", "plugins"] as const) {
    const ids = (list: { id?: unknown }[]) => list.map((e) => String(e.id)).sort();
    expect(ids(live[kind]), kind).toEqual(ids(desired[kind]));
  }
  expect(desired.routes.length).toBeGreaterThan(0);
  return res.json;
}

/** No publish is left RUNNING or with PENDING writes once no process is publishing. */
async function noHalfWrittenPublishes(zone: string) {
  expect(await prisma.publish.count({ where: { zoneName: zone, status: "RUNNING" } })).toBe(0);
  expect(
    await prisma.publishOperation.count({ where: { status: "PENDING", publish: { zoneName: zone } } }),
  ).toBe(0);
}

describe("faults", () => {
  it("PostgreSQL dropping the app's connections mid-burst: every write is either committed with its audit event or refused with 503, and the app recovers", async () => {
    const names = Array.from({ length: 40 }, (_, i) => `burst_${i}`);
    const pending = names.map((name, i) =>
      new Promise((r) => setTimeout(r, i * 3)).then(() =>
        post(tenants.POST, "/api/v1/tenants", { body: { name } }),
      ),
    );
    await new Promise((r) => setTimeout(r, 40));
    const terminated = await terminateAppConnections();
    const answers = await Promise.all(pending);
    expect(terminated).toBeGreaterThan(0);

    const statuses = answers.map((a) => a.status);
    for (const a of answers) {
      expect([201, 503], a.text).toContain(a.status);
      if (a.status === 503) {
        expect(a.json.error.code).toBe("unavailable");
        expect(a.headers.get("retry-after")).toBeTruthy();
      }
    }
    const committed = names.filter((_, i) => statuses[i] === 201).sort();
    // The app is back: a refused write goes through on retry.
    const retried = await until("the database to answer again", async () => {
      const r = await post(tenants.POST, "/api/v1/tenants", { body: { name: "after_the_fault" } });
      return r.status === 201 ? r : undefined;
    });
    expect(retried.status).toBe(201);

    const stored = (
      await prisma.tenant.findMany({ where: { name: { startsWith: "burst_" } }, select: { name: true } })
    )
      .map((t) => t.name)
      .sort();
    expect(stored).toEqual(committed);
    const audited = (
      await prisma.auditEvent.findMany({
        where: { entityType: "tenant", action: "create", entityKey: { startsWith: "burst_" } },
        select: { entityKey: true },
      })
    )
      .map((e) => e.entityKey)
      .sort();
    expect(audited).toEqual(committed);
  });

  it("PostgreSQL dropping connections during a publish: the publish ends or is found interrupted, and the next converges", async () => {
    const zone = "pg-fault";
    await createZoneWithRovers(zone, 15);
    kong.setFaults(zone, { latencyMs: 40, scope: "admin" });
    const run = publishZone(
      { zone, actor: "fault-test" },
      {
        gateway: async (z) => kongZoneGateway({ name: z, ...(await getZoneConnection(z))! }),
        desiredState: async (z) => (await compiledZone(z))!.kong,
      },
    ).then(
      (record) => ({ record }),
      (error: unknown) => ({ error }),
    );
    await until("writes to start", async () =>
      (await prisma.publishOperation.count({ where: { status: "APPLIED", publish: { zoneName: zone } } })) > 3
        ? true
        : undefined,
    );
    expect(await terminateAppConnections()).toBeGreaterThan(0);
    await run;
    kong.setFaults(zone, {});
    await publishConverged(zone);
    await noHalfWrittenPublishes(zone);
  });

  it("a Kong admin API that stops answering: the publish times out cleanly, nothing is half-written, the next converges", async () => {
    const zone = "kong-timeout";
    await createZoneWithRovers(zone, 10);
    const deps = {
      // The client's real timeout (SWITCHYARD_KONG_TIMEOUT_MS, 5 s) made short so the test doesn't wait for it.
      gateway: async (z: string) =>
        kongZoneGateway({ name: z, ...(await getZoneConnection(z))! }, { timeoutMs: 300, readAttempts: 2 }),
      desiredState: async (z: string) => (await compiledZone(z))!.kong,
    };

    // Before anything is recorded: Kong doesn't answer its node facts.
    kong.setFaults(zone, { latencyMs: 5_000, scope: "admin" });
    await expect(publishZone({ zone, actor: "fault-test" }, deps)).rejects.toThrow(/timed out|timeout/i);
    expect(await prisma.publish.count({ where: { zoneName: zone } })).toBe(0);

    // In the middle: Kong stops answering once writes have begun. The fault goes on as the 9th
    // write is sent (not when a poll notices applied writes: on a fast machine the whole publish
    // could be done by then), so the first writes land and the rest time out.
    kong.setFaults(zone, { latencyMs: 30, scope: "admin" });
    let writes = 0;
    const stopped = await publishZone(
      { zone, actor: "fault-test", concurrency: 4 },
      {
        ...deps,
        gateway: async (z: string) => {
          const gateway = await deps.gateway(z);
          return {
            ...gateway,
            write: (op, signal) => {
              if (++writes === 9) kong.setFaults(zone, { latencyMs: 5_000, scope: "admin" });
              return gateway.write(op, signal);
            },
          };
        },
      },
    );
    expect(stopped.status).toBe("FAILED");
    expect(stopped.error).toMatch(/publish again/);
    const detail = (
      await get(publishOne.GET, `/api/v1/publishes/${stopped.id}`, { params: { id: stopped.id } })
    ).json;
    const applied = detail.operations.filter((o: { status: string }) => o.status === "APPLIED").length;
    expect(applied).toBeGreaterThan(0);
    expect(applied).toBeLessThan(detail.operations.length);
    await noHalfWrittenPublishes(zone);

    kong.setFaults(zone, {});
    await publishConverged(zone);
  });

  it("the app killed in the middle of a publish: this process's worker resumes its job, and the next publish converges", async () => {
    const zone = "crash-zone";
    await createZoneWithRovers(zone, 20);
    kong.setFaults(zone, { latencyMs: 60, scope: "admin" });
    // Earlier tests' publishes started this process's worker: stopped, only the child can claim the job.
    await stopPublishJobs();
    const child = spawn(
      process.execPath,
      ["--conditions=react-server", "--import", "tsx", "tests/integration/faults-child.ts", zone],
      {
        env: { ...process.env, SWITCHYARD_LOG_LEVEL: "error" },
        stdio: ["ignore", "pipe", "pipe"],
      },
    );
    let output = "";
    child.stdout.on("data", (d) => (output += d));
    child.stderr.on("data", (d) => (output += d));
    const exited = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));
    const running = await until(
      "the child's publish to be writing",
      async () => {
        const row = await prisma.publish.findFirst({
          where: { zoneName: zone, status: "RUNNING" },
          select: { id: true },
        });
        if (!row) return undefined;
        const applied = await prisma.publishOperation.count({
          where: { publishId: row.id, status: "APPLIED" },
        });
        return applied >= 5 ? row : undefined;
      },
      60_000,
    ).catch((error: unknown) => {
      child.kill("SIGKILL");
      throw new Error(`${String(error)}; child said: ${output}`);
    });
    child.kill("SIGKILL");
    await exited;

    // The dead process left its publish RUNNING with writes still PENDING, and Kong half-written.
    const left = await prisma.publish.findUniqueOrThrow({
      where: { id: running.id },
      include: { operations: true },
    });
    expect(left.status).toBe("RUNNING");
    expect(left.operations.some((o) => o.status === "PENDING")).toBe(true);

    kong.setFaults(zone, {});
    // The publish below is refused (409) while the dead run's job still holds the zone's key; this
    // process's worker (started by that request) resumes the job once its heartbeat has lapsed.
    await publishConverged(zone, 60_000);
    const after = await prisma.publish.findUniqueOrThrow({
      where: { id: running.id },
      include: { operations: true },
    });
    expect(after).toMatchObject({ status: "SUCCEEDED", attempt: 2 });
    expect(after.operations.filter((o) => o.status === "PENDING")).toHaveLength(0);
    await noHalfWrittenPublishes(zone);
  });
});
