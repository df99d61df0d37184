import { PgBoss } from "pg-boss";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createPublish, recordOutcomes } from "@/lib/db/publishes";
import { prisma } from "@/lib/db/prisma";
import { PUBLISH_GAVE_UP_QUEUE, stopPublishJobs, type PublishJobData } from "@/lib/publish/jobs";
import { planPublish } from "@/lib/publish/plan";
import { startPublishing } from "@/lib/publish/service";
import type { KongState } from "@/lib/compiler/types";

/**
 * A publish whose job used up its retries (its runs kept dying): pg-boss copies the job to the
 * dead-letter queue, and that queue's worker ends the record INTERRUPTED with what was applied —
 * never RUNNING for good. This test plays pg-boss's copy with its own client; the worker is the app's.
 */
let boss: PgBoss;
beforeAll(async () => {
  await startPublishing();
  boss = new PgBoss({ connectionString: process.env.DATABASE_URL!, supervise: false, schedule: false });
  boss.on("error", () => {});
  await boss.start();
});
afterAll(async () => {
  await boss.stop({ graceful: false });
  await stopPublishJobs();
});

const TAGS = ["switchyard", "zone:gave-up"];
const desired: KongState = {
  services: ["a", "b", "c"].map((n) => ({ id: `00000000-0000-4000-8000-00000000000${n.charCodeAt(0) - 96}`, name: n, protocol: "http", host: `${n}.svc`, port: 80, path: null, tags: TAGS })),
  upstreams: [],
  routes: [],
  targets: [],
  plugins: [],
};

describe("a publish whose retries are spent", () => {
  it("is ended INTERRUPTED with what was applied, once, and a finished record is left alone", async () => {
    const plan = planPublish(desired, { services: [], upstreams: [], routes: [], targets: [], plugins: [] });
    const ops = plan.steps.flatMap((s) => s.ops);
    const id = await createPublish({
      zone: "gave-up",
      actor: "test",
      status: "RUNNING",
      dryRun: false,
      desiredState: desired,
      plan,
      summary: { ...plan.summary, mode: "entities" },
      ops,
    });
    await recordOutcomes(id, [{ seq: 0, outcome: { status: "applied", attempts: 1 } }]);
    const data: PublishJobData = { publishId: id, zone: "gave-up", actor: "test", sourcePublishId: null };
    await boss.send(PUBLISH_GAVE_UP_QUEUE, data);

    const deadline = Date.now() + 20_000;
    let row = await prisma.publish.findUniqueOrThrow({ where: { id } });
    while (row.status === "RUNNING" && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 100));
      row = await prisma.publish.findUniqueOrThrow({ where: { id } });
    }
    expect(row.status).toBe("INTERRUPTED");
    expect(row.error).toMatch(/stopped 4 times before it finished.*1 of 3 writes applied; publish again to finish/);
    expect(row.summary).toMatchObject({ applied: 1, skipped: 2 });
    expect(await prisma.publishOperation.count({ where: { publishId: id, status: "PENDING" } })).toBe(0);
    expect(await prisma.auditEvent.count({ where: { entityKey: id, action: "interrupted" } })).toBe(1);

    // Delivered again (pg-boss delivers at least once): the finished record doesn't change.
    await boss.send(PUBLISH_GAVE_UP_QUEUE, data);
    await new Promise((r) => setTimeout(r, 2_000));
    expect(await prisma.auditEvent.count({ where: { entityKey: id, action: "interrupted" } })).toBe(1);
    expect((await prisma.publish.findUniqueOrThrow({ where: { id } })).error).toBe(row.error);
  }, 60_000);
});
