import { spawn, type ChildProcess } from "node:child_process";
import { createServer, request, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { createInterface } from "node:readline";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import * as batch from "@/app/api/v1/entitlements/batch/route";
import * as rovers from "@/app/api/v1/rovers/route";
import * as tenants from "@/app/api/v1/tenants/route";
import * as zones from "@/app/api/v1/zones/route";
import { compiledZone } from "@/lib/db/compiled";
import { prisma } from "@/lib/db/prisma";
import type { PublishSummary } from "@/lib/db/publishes";
import { getZoneConnection } from "@/lib/db/zones";
import { kongZoneGateway } from "@/lib/kong/kong-gateway";
import { HEARTBEAT_SECONDS } from "@/lib/publish/jobs";
import { startKongStandin, type KongStandin } from "@/scripts/kong-standin/server";
import { post } from "./http";

/**
 * Two (or three) app processes on one database, each running the publish worker as the app server
 * does (tests/integration/publish-replica-child.ts): a publish survives the process running it
 * being killed, the same zone published from two replicas at once is published once, and a change
 * made through one replica is read by the other within a second. This process only sets data up;
 * it never runs a publish worker itself.
 */
let kong: KongStandin;
/** Every write a publish sends to Kong, in arrival order, through a proxy in front of the stand-in. */
let writes: { zone: string; method: string; path: string; at: number }[] = [];
let proxy: Server;
let proxyUrl: string;

beforeAll(async () => {
  kong = await startKongStandin({ adminPort: 0, proxyPort: 0, host: "127.0.0.1" });
  const upstream = new URL(kong.adminUrl);
  proxy = createServer((req, res) => {
    const zone = (req.url ?? "/").split("/")[1];
    if (req.method !== "GET") writes.push({ zone, method: req.method ?? "", path: req.url ?? "", at: Date.now() });
    const forward = request(
      { host: upstream.hostname, port: upstream.port, path: req.url, method: req.method, headers: req.headers },
      (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
      },
    );
    forward.on("error", () => res.destroy());
    req.pipe(forward);
  });
  await new Promise<void>((resolve) => proxy.listen(0, "127.0.0.1", resolve));
  proxyUrl = `http://127.0.0.1:${(proxy.address() as AddressInfo).port}`;
});
afterAll(async () => {
  proxy.closeAllConnections();
  await new Promise((r) => proxy.close(r));
  await kong.close();
});

const replicas: Replica[] = [];
afterEach(async () => {
  for (const z of kong.state.names()) kong.setFaults(z, {});
  await Promise.all(replicas.splice(0).map((r) => r.kill()));
});

interface Reply {
  status: number;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- the replica answers API bodies of any shape
  json: any;
}

interface Replica {
  pid: number;
  /** Log lines the replica wrote, parsed. */
  logs: Record<string, unknown>[];
  send(command: Record<string, unknown>): Promise<Reply>;
  kill(): Promise<void>;
}

async function startReplica(): Promise<Replica> {
  const child: ChildProcess = spawn(
    process.execPath,
    ["--conditions=react-server", "--import", "tsx", "tests/integration/publish-replica-child.ts"],
    { env: { ...process.env }, stdio: ["pipe", "pipe", "pipe"] },
  );
  const logs: Record<string, unknown>[] = [];
  const waiting = new Map<number, (reply: Reply) => void>();
  let said = "";
  let ready!: (pid: number) => void;
  const started = new Promise<number>((resolve) => (ready = resolve));
  for (const stream of [child.stdout!, child.stderr!]) {
    createInterface({ input: stream }).on("line", (line) => {
      said += `${line}\n`;
      let parsed: Record<string, unknown>;
      try {
        parsed = JSON.parse(line) as Record<string, unknown>;
      } catch {
        return;
      }
      if (typeof parsed.ready === "number") ready(parsed.ready);
      else if (typeof parsed.reply === "number") waiting.get(parsed.reply)?.(parsed as unknown as Reply);
      else logs.push(parsed);
    });
  }
  const exited = new Promise<void>((resolve) => child.on("exit", () => resolve()));
  const pid = await Promise.race([
    started,
    exited.then(() => {
      throw new Error(`the replica exited before it was ready: ${said}`);
    }),
    new Promise<never>((_, reject) => setTimeout(() => reject(new Error(`the replica did not start: ${said}`)), 60_000)),
  ]);
  let next = 0;
  const replica: Replica = {
    pid,
    logs,
    send(command) {
      const reply = ++next;
      const answer = new Promise<Reply>((resolve) => waiting.set(reply, resolve));
      child.stdin!.write(`${JSON.stringify({ ...command, reply })}\n`);
      return answer;
    },
    async kill() {
      if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
      await exited;
    },
  };
  replicas.push(replica);
  return replica;
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

async function createZoneWithRovers(name: string, count: number, tenantAccess: "NONE" | "ENTITLED" = "NONE") {
  const res = await post(zones.POST, "/api/v1/zones", {
    body: {
      name,
      visibility: "ENTERPRISE",
      gatewayUrl: `https://${name}.gw.example.com`,
      identityProviderUrl: `https://idp.${name}.example.com`,
      enforceIssuers: false,
      kongAdminUrl: `${proxyUrl}/${name}`,
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
            tenantAccess,
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

/** Kong holds exactly what the compiler wants for the zone: every desired entity once, nothing else. */
async function expectConverged(zone: string) {
  const desired = (await compiledZone(zone))!.kong;
  const live = await kongZoneGateway({ name: zone, ...(await getZoneConnection(zone))! }).listManaged();
  for (const kind of ["services", "routes", "upstreams", "plugins"] as const) {
    const ids = (list: { id?: unknown }[]) => list.map((e) => String(e.id)).sort();
    expect(ids(live[kind]), kind).toEqual(ids(desired[kind]));
    const names = live[kind].map((e) => String(e.name ?? e.id));
    expect(new Set(names).size, `${kind} without duplicates`).toBe(names.length);
  }
  expect(desired.routes.length).toBeGreaterThan(0);
}

const startedRuns = (replica: Replica, publishId: string) =>
  replica.logs.filter((l) => l.message === "publish run started" && l.publishId === publishId);

describe("publishes on two replicas of one database", () => {
  it("the replica running a publish is killed mid-apply: the other resumes the job within a bounded time and Kong converges with no duplicates", async () => {
    const zone = "replica-crash";
    await createZoneWithRovers(zone, 20);
    // Slow writes: the publish is still applying when its process is killed.
    kong.setFaults(zone, { latencyMs: 60, scope: "admin" });
    const [a, b] = await Promise.all([startReplica(), startReplica()]);

    const asked = await a.send({ cmd: "publish", zone });
    expect(asked.status, JSON.stringify(asked.json)).toBe(202);
    const publishId = String(asked.json.id);
    // Either replica's worker may have claimed the job; the one running it is the one to kill.
    const running = await until("a replica to run the publish and apply some writes", async () => {
      const owner = [a, b].find((r) => startedRuns(r, publishId).length > 0);
      const applied = await prisma.publishOperation.count({ where: { publishId, status: "APPLIED" } });
      return owner && applied >= 5 ? owner : undefined;
    }, 60_000);
    const survivor = running === a ? b : a;
    await running.kill();
    const killedAt = Date.now();
    const left = await prisma.publish.findUniqueOrThrow({ where: { id: publishId }, include: { operations: true } });
    expect(left.status).toBe("RUNNING");
    const appliedBeforeKill = left.operations.filter((o) => o.status === "APPLIED").length;
    expect(left.operations.some((o) => o.status === "PENDING")).toBe(true);

    kong.setFaults(zone, {});
    // The heartbeat lapses (HEARTBEAT_SECONDS), pg-boss's monitor on the survivor fails the job and
    // retries it, and the survivor's worker claims it: bounded well under a minute.
    const finished = await until(
      "the survivor to finish the publish",
      async () => {
        const row = await prisma.publish.findUniqueOrThrow({ where: { id: publishId } });
        return row.status === "RUNNING" ? undefined : row;
      },
      45_000,
    );
    const resumedAfterMs = Date.now() - killedAt;
    expect(resumedAfterMs).toBeLessThan((HEARTBEAT_SECONDS + 20) * 1000);
    expect(finished.status).toBe("SUCCEEDED");
    expect(finished.attempt).toBe(2);
    expect(startedRuns(survivor, publishId)).toEqual([expect.objectContaining({ attempt: 2, pid: survivor.pid })]);
    const summary = finished.summary as unknown as PublishSummary;
    // What the killed run applied is kept; the resumed run wrote only what was still missing.
    expect(summary.earlierAttempts).toEqual([{ attempt: 1, planned: left.operations.length, applied: expect.any(Number) }]);
    expect(summary.earlierAttempts![0].applied).toBeGreaterThanOrEqual(appliedBeforeKill);
    // (The killed run may have applied writes it had not recorded yet: the re-plan finds them done.)
    expect(summary.create + summary.update + summary.delete).toBeLessThanOrEqual(left.operations.length - appliedBeforeKill);
    expect(await prisma.publishOperation.count({ where: { publishId, status: { not: "APPLIED" } } })).toBe(0);
    await expectConverged(zone);

    // Nothing is left to do: a publish through the survivor writes nothing.
    const again = await survivor.send({ cmd: "publish", zone, wait: true });
    expect(again.json).toMatchObject({ status: "SUCCEEDED", summary: { create: 0, update: 0, delete: 0, applied: 0 } });
  }, 120_000);

  it("the same zone published from both replicas at once: one publish and one 409; a publish that waits runs after the first, never interleaved", async () => {
    const zone = "replica-race";
    await createZoneWithRovers(zone, 8, "ENTITLED");
    expect((await post(tenants.POST, "/x", { body: { name: "race_a", description: "" } })).status).toBe(201);
    for (const name of ["race_b", "race_c"])
      expect((await post(tenants.POST, "/x", { body: { name, description: "" } })).status).toBe(201);
    const grant = async (tenant: string) => {
      const res = await post(batch.POST, "/x", {
        body: { grant: Array.from({ length: 8 }, (_, i) => ({ tenant, application: `app${i}`, version: "1.0.0" })) },
      });
      expect(res.status, res.text).toBe(200);
    };
    await grant("race_a");
    kong.setFaults(zone, { latencyMs: 40, scope: "admin" });
    const [a, b] = await Promise.all([startReplica(), startReplica()]);

    writes = [];
    const answers = await Promise.all([a.send({ cmd: "publish", zone, wait: true }), b.send({ cmd: "publish", zone, wait: true })]);
    const statuses = answers.map((r) => r.status).sort();
    expect(statuses).toEqual([200, 409]);
    const refused = answers.find((r) => r.status === 409)!;
    expect(refused.json.error.code).toBe("conflict");
    const done = answers.find((r) => r.status === 200)!.json;
    expect(done.status).toBe("SUCCEEDED");
    expect(await prisma.publish.count({ where: { zoneName: zone, dryRun: false } })).toBe(1);
    expect(writes.filter((w) => w.zone === zone)).toHaveLength(done.summary.applied);

    // Both at once again, each willing to wait, with a grant landing while the first writes: the
    // second runs after the first has finished and sends the grant; their writes don't interleave.
    await grant("race_b");
    writes = [];
    const first = a.send({ cmd: "publish-waiting", zone, waitMs: 60_000 });
    const second = b.send({ cmd: "publish-waiting", zone, waitMs: 60_000 });
    await until("a publish to be writing", async () => (writes.length > 0 ? true : undefined), 30_000);
    await grant("race_c");
    const records = (await Promise.all([first, second])).map((r) => r.json).sort((x, y) => x.createdAt.localeCompare(y.createdAt));
    kong.setFaults(zone, {});
    expect(records.map((r) => r.status)).toEqual(["SUCCEEDED", "SUCCEEDED"]);
    const [one, two] = records;
    expect(two.summary.applied).toBeGreaterThan(0);
    const finishedOne = new Date(one.finishedAt).getTime();
    const ofZone = writes.filter((w) => w.zone === zone);
    expect(ofZone).toHaveLength(one.summary.applied + two.summary.applied);
    // Every write of the first publish arrived before it finished, every write of the second after.
    expect(ofZone.filter((w) => w.at <= finishedOne)).toHaveLength(one.summary.applied);
    expect(ofZone.slice(one.summary.applied).every((w) => w.at >= finishedOne)).toBe(true);
    await expectConverged(zone);
  }, 120_000);

  it("a change written through one replica is read by the other within a second", async () => {
    const [a, b] = await Promise.all([startReplica(), startReplica()]);
    // Both replicas have read (and cached) the tenant list before the change.
    for (const r of [a, b]) expect((await r.send({ cmd: "tenants" })).status).toBe(200);
    const created = await a.send({ cmd: "create-tenant", name: "seen_elsewhere" });
    expect(created.status, JSON.stringify(created.json)).toBe(201);
    const writtenAt = Date.now();
    await until(
      "the other replica to read the new tenant",
      async () => {
        const list = await b.send({ cmd: "tenants" });
        return list.json.some((t: { name: string }) => t.name === "seen_elsewhere") ? true : undefined;
      },
      5_000,
    );
    expect(Date.now() - writtenAt).toBeLessThan(1_000);
  }, 120_000);
});
