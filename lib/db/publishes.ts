import "server-only";
import type { Prisma, PublishStatus } from "@prisma/client";
import type { KongState } from "../compiler/types";
import type { OpOutcome } from "../publish/apply";
import type { PlanOp, PublishPlan } from "../publish/plan";
import { recordAudit, type AuditEntry } from "./audit";
import { prisma } from "./prisma";

/** A real publish (or rollback) in the audit trail, written in the same transaction as its record. */
function publishEntry(
  row: { id: string; zoneName: string; status: PublishStatus; sourcePublishId: string | null; summary: unknown; error?: string | null },
  action: "publish" | "rollback" | "finish" | "interrupted",
): AuditEntry {
  return {
    action,
    entityType: "publish",
    entityKey: row.id,
    entityLabel: `${row.zoneName} publish`,
    after: { publishId: row.id, zone: row.zoneName, status: row.status, sourcePublishId: row.sourcePublishId, summary: row.summary, error: row.error ?? null },
  };
}

/** A plan as stored: what each write does and which fields change — not the whole entities, which
 *  the stored desired state already holds (a large zone's plan would otherwise be tens of MB). */
export interface StoredPlanOp {
  action: PlanOp["action"];
  kind: PlanOp["kind"];
  id: string;
  name: string;
  parentId?: string;
  note?: string;
  changes?: PlanOp["changes"];
}
export interface StoredPlan {
  steps: { name: string; ops: StoredPlanOp[] }[];
  summary: PublishPlan["summary"];
}

export function storedPlan(plan: PublishPlan): StoredPlan {
  return {
    summary: plan.summary,
    steps: plan.steps.map((s) => ({
      name: s.name,
      ops: s.ops.map(({ action, kind, id, name, parentId, note, changes }) => ({ action, kind, id, name, parentId, note, changes })),
    })),
  };
}

export interface PublishSummary {
  create: number;
  update: number;
  delete: number;
  unchanged: number;
  applied?: number;
  failed?: number;
  skipped?: number;
  mode?: "entities" | "config";
  /**
   * Earlier runs of the publish's job that stopped before finishing (their process was killed or
   * lost its database): what each had planned and applied before the next run re-planned.
   */
  earlierAttempts?: { attempt: number; planned: number; applied: number }[];
}

export interface PublishRecord {
  id: string;
  zone: string;
  actor: string;
  status: PublishStatus;
  dryRun: boolean;
  sourcePublishId: string | null;
  summary: PublishSummary;
  error: string | null;
  createdAt: string;
  finishedAt: string | null;
  durationMs: number | null;
  /** The run of the publish's job that wrote the record last; above 1 once another run resumed it. */
  attempt: number;
  progress: { done: number; total: number };
}

type PublishRow = Prisma.PublishGetPayload<object>;

function toRecord(row: PublishRow, progress: { done: number; total: number }): PublishRecord {
  return {
    id: row.id,
    zone: row.zoneName,
    actor: row.actor,
    status: row.status,
    dryRun: row.dryRun,
    sourcePublishId: row.sourcePublishId,
    summary: row.summary as unknown as PublishSummary,
    error: row.error,
    createdAt: row.createdAt.toISOString(),
    finishedAt: row.finishedAt?.toISOString() ?? null,
    durationMs: row.durationMs,
    attempt: row.attempt,
    progress,
  };
}

async function progressOf(publishIds: string[]): Promise<Map<string, { done: number; total: number }>> {
  const rows = await prisma.publishOperation.groupBy({
    by: ["publishId", "status"],
    where: { publishId: { in: publishIds } },
    _count: { _all: true },
  });
  const map = new Map<string, { done: number; total: number }>();
  for (const id of publishIds) map.set(id, { done: 0, total: 0 });
  for (const r of rows) {
    const p = map.get(r.publishId)!;
    p.total += r._count._all;
    if (r.status !== "PENDING") p.done += r._count._all;
  }
  return map;
}

/**
 * Dry runs kept per zone. The publish page records one each time it is opened, each holding the
 * zone's whole desired state; older ones are deleted as new ones come, except one a rollback was
 * made from (its record names it as its source). Real publishes are never pruned.
 */
export const DRY_RUNS_KEPT = 20;

async function pruneDryRuns(zone: string): Promise<void> {
  const stale = (
    await prisma.publish.findMany({
      where: { zoneName: zone, dryRun: true },
      orderBy: [{ createdAt: "desc" }, { id: "desc" }],
      skip: DRY_RUNS_KEPT,
      select: { id: true },
    })
  ).map((p) => p.id);
  if (stale.length === 0) return;
  const sources = await prisma.publish.findMany({
    where: { sourcePublishId: { in: stale } },
    select: { sourcePublishId: true },
  });
  const kept = new Set(sources.map((p) => p.sourcePublishId));
  // Their operations go with them (onDelete: Cascade).
  await prisma.publish.deleteMany({ where: { id: { in: stale.filter((id) => !kept.has(id)) } } });
}

/** One PENDING row per planned write, in plan order, each with the index of its step. */
function operationRows(publishId: string, plan: PublishPlan, ops: StoredPlanOp[]): Prisma.PublishOperationCreateManyInput[] {
  const stepOf = new Map<string, number>();
  plan.steps.forEach((s, i) => s.ops.forEach((o) => stepOf.set(`${o.kind}:${o.id}:${o.action}`, i)));
  return ops.map((o, seq) => ({
    publishId,
    step: stepOf.get(`${o.kind}:${o.id}:${o.action}`) ?? 0,
    seq,
    action: o.action,
    kind: o.kind,
    entityId: o.id,
    name: o.name,
  }));
}

export async function createPublish(input: {
  /** Given when the record is made for a job that already carries this id (lib/publish/jobs.ts). */
  id?: string;
  zone: string;
  actor: string;
  status: PublishStatus;
  dryRun: boolean;
  sourcePublishId?: string | null;
  desiredState: KongState;
  plan: PublishPlan;
  summary: PublishSummary;
  error?: string | null;
  ops?: StoredPlanOp[];
}): Promise<string> {
  // Dry runs change nothing and stay out of the audit trail; real publishes enter it with their record.
  const row = await prisma.$transaction(async (tx) => {
    const created = await tx.publish.create({
      data: {
        ...(input.id ? { id: input.id } : {}),
        zoneName: input.zone,
        actor: input.actor,
        status: input.status,
        dryRun: input.dryRun,
        sourcePublishId: input.sourcePublishId ?? null,
        desiredState: input.desiredState as unknown as Prisma.InputJsonValue,
        plan: storedPlan(input.plan) as unknown as Prisma.InputJsonValue,
        summary: input.summary as unknown as Prisma.InputJsonValue,
        error: input.error ?? null,
        finishedAt: input.status === "RUNNING" ? null : new Date(),
        durationMs: input.status === "RUNNING" ? null : 0,
      },
    });
    if (!input.dryRun)
      await recordAudit(tx, { actor: input.actor, requestId: null }, publishEntry(created, created.sourcePublishId ? "rollback" : "publish"));
    return created;
  });
  if (input.ops?.length) await prisma.publishOperation.createMany({ data: operationRows(row.id, input.plan, input.ops) });
  if (input.dryRun) await pruneDryRuns(input.zone);
  return row.id;
}

/** Writes a batch of outcomes in one statement (a large publish has tens of thousands of writes). */
export async function recordOutcomes(publishId: string, outcomes: { seq: number; outcome: OpOutcome }[]): Promise<void> {
  if (outcomes.length === 0) return;
  const seqs = outcomes.map((o) => o.seq);
  const statuses = outcomes.map((o) => o.outcome.status.toUpperCase());
  const attempts = outcomes.map((o) => ("attempts" in o.outcome ? o.outcome.attempts : 0));
  const errors = outcomes.map((o) => (o.outcome.status === "failed" ? o.outcome.error : null));
  await prisma.$executeRaw`
    update "PublishOperation" as op
       set status = u.status::"PublishOperationStatus", attempts = u.attempts, error = u.error, "finishedAt" = now()
      from unnest(${seqs}::int[], ${statuses}::text[], ${attempts}::int[], ${errors}::text[]) as u(seq, status, attempts, error)
     where op."publishId" = ${publishId}::uuid and op.seq = u.seq`;
}

export async function finishPublish(
  publishId: string,
  input: { status: PublishStatus; summary: PublishSummary; error?: string | null; startedAt: number },
): Promise<void> {
  await prisma.$transaction(async (tx) => {
    // A resumed publish keeps what its earlier runs planned and applied beside the last run's counts.
    const before = await tx.publish.findUniqueOrThrow({ where: { id: publishId }, select: { summary: true } });
    const earlierAttempts = (before.summary as unknown as PublishSummary).earlierAttempts;
    const row = await tx.publish.update({
      where: { id: publishId },
      data: {
        status: input.status,
        summary: { ...input.summary, ...(earlierAttempts ? { earlierAttempts } : {}) } as unknown as Prisma.InputJsonValue,
        error: input.error ?? null,
        finishedAt: new Date(),
        durationMs: Date.now() - input.startedAt,
      },
    });
    // Writes never attempted (the publish stopped at an error) are skipped, not pending forever.
    await tx.publishOperation.updateMany({ where: { publishId, status: "PENDING" }, data: { status: "SKIPPED" } });
    if (!row.dryRun) await recordAudit(tx, { actor: row.actor, requestId: null }, publishEntry(row, "finish"));
  });
}

/**
 * A job's run (attempt) takes its record over, holding the zone's lock: the fresh plan and state
 * replace the earlier run's, whose planned and applied counts stay in `summary.earlierAttempts`.
 */
export async function beginAttempt(
  publishId: string,
  input: {
    attempt: number;
    desiredState: KongState;
    plan: PublishPlan;
    summary: PublishSummary;
    ops: StoredPlanOp[];
  },
): Promise<void> {
  await prisma.$transaction(async (tx) => {
    const before = await tx.publish.findUniqueOrThrow({ where: { id: publishId }, select: { summary: true, attempt: true } });
    const earlier = (before.summary as unknown as PublishSummary).earlierAttempts ?? [];
    const [planned, applied] = await Promise.all([
      tx.publishOperation.count({ where: { publishId } }),
      tx.publishOperation.count({ where: { publishId, status: "APPLIED" } }),
    ]);
    // The first run's own record starts empty (made when the job was queued): nothing to keep.
    const earlierAttempts = planned > 0 || earlier.length > 0 ? [...earlier, { attempt: before.attempt, planned, applied }] : [];
    await tx.publishOperation.deleteMany({ where: { publishId } });
    await tx.publish.update({
      where: { id: publishId },
      data: {
        status: "RUNNING",
        attempt: input.attempt,
        desiredState: input.desiredState as unknown as Prisma.InputJsonValue,
        plan: storedPlan(input.plan) as unknown as Prisma.InputJsonValue,
        summary: { ...input.summary, ...(earlierAttempts.length ? { earlierAttempts } : {}) } as unknown as Prisma.InputJsonValue,
        error: null,
      },
    });
    if (input.ops.length) await tx.publishOperation.createMany({ data: operationRows(publishId, input.plan, input.ops) });
  });
}

/**
 * A queued publish whose job gave up (its retries are spent, or it could not start at all): the
 * record ends with what was applied, never RUNNING. Returns false when it had already finished.
 */
export async function endUnfinishedPublish(
  publishId: string,
  input: { status: "FAILED" | "INTERRUPTED"; error: string },
): Promise<boolean> {
  return prisma.$transaction(async (tx) => {
    const row = await tx.publish.findUnique({ where: { id: publishId } });
    if (!row || row.status !== "RUNNING") return false;
    const applied = await tx.publishOperation.count({ where: { publishId, status: "APPLIED" } });
    const total = await tx.publishOperation.count({ where: { publishId } });
    await tx.publishOperation.updateMany({ where: { publishId, status: "PENDING" }, data: { status: "SKIPPED" } });
    const summary = row.summary as unknown as PublishSummary;
    const finished = await tx.publish.update({
      where: { id: publishId },
      data: {
        status: input.status,
        error: `${input.error.replace(/\.$/, "")}. ${applied} of ${total} writes applied; publish again to finish.`,
        summary: { ...summary, applied, failed: 0, skipped: total - applied } as unknown as Prisma.InputJsonValue,
        finishedAt: new Date(),
        durationMs: Date.now() - row.createdAt.getTime(),
      },
    });
    await recordAudit(tx, { actor: "system", requestId: null }, publishEntry(finished, input.status === "INTERRUPTED" ? "interrupted" : "finish"));
    return true;
  });
}

/**
 * Publishes left RUNNING by a process that died: only called while holding the zone's lock, so
 * no other publish is writing to this zone. A record whose pg-boss job is still queued, waiting for
 * a retry or claimed is not dead — the job will run (or resume) it — and is left alone.
 */
export async function markInterrupted(zone: string, exceptId?: string): Promise<number> {
  const queued = await publishesWithLiveJobs(zone);
  if (exceptId) queued.push(exceptId);
  return prisma.$transaction(async (tx) => {
    const rows = await tx.publish.updateManyAndReturn({
      where: { zoneName: zone, status: "RUNNING", id: { notIn: queued } },
      data: { status: "INTERRUPTED", error: "The publishing process stopped before it finished; the next publish converges.", finishedAt: new Date() },
    });
    await tx.publishOperation.updateMany({
      where: { status: "PENDING", publish: { zoneName: zone, status: "INTERRUPTED" } },
      data: { status: "SKIPPED" },
    });
    await recordAudit(tx, { actor: "system", requestId: null }, rows.map((r) => publishEntry(r, "interrupted")));
    return rows.length;
  });
}

/** Ids of the zone's RUNNING records whose job pg-boss still holds (created, retry or active). */
async function publishesWithLiveJobs(zone: string): Promise<string[]> {
  const rows = await prisma.$queryRaw<{ id: string }[]>`
    select p.id::text as id from "Publish" p
     where p."zoneName" = ${zone} and p.status = 'RUNNING'
       and to_regclass('pgboss.job') is not null`;
  if (rows.length === 0) return [];
  const live = await prisma.$queryRaw<{ id: string }[]>`
    select id::text as id from pgboss.job
     where id = any(${rows.map((r) => r.id)}::uuid[]) and state in ('created', 'retry', 'active')`;
  return live.map((r) => r.id);
}

export async function getPublish(id: string): Promise<PublishRecord | null> {
  const row = await prisma.publish.findUnique({ where: { id } });
  if (!row) return null;
  return toRecord(row, (await progressOf([id])).get(id)!);
}

export async function getPublishDetail(id: string) {
  const row = await prisma.publish.findUnique({
    where: { id },
    include: { operations: { orderBy: { seq: "asc" } } },
  });
  if (!row) return null;
  const done = row.operations.filter((o) => o.status !== "PENDING").length;
  return {
    ...toRecord(row, { done, total: row.operations.length }),
    plan: row.plan as unknown as StoredPlan,
    desiredState: row.desiredState as unknown as KongState,
    operations: row.operations.map((o) => ({
      seq: o.seq,
      step: o.step,
      action: o.action,
      kind: o.kind,
      entityId: o.entityId,
      name: o.name,
      status: o.status,
      attempts: o.attempts,
      error: o.error,
    })),
  };
}

export async function listPublishes(filter: {
  zone?: string;
  /** Dry runs are previews, not history: left out unless asked for. */
  includeDryRuns?: boolean;
  status?: PublishStatus;
  limit?: number;
  offset?: number;
}): Promise<{ items: PublishRecord[]; total: number }> {
  const where: Prisma.PublishWhereInput = {
    ...(filter.zone ? { zoneName: filter.zone } : {}),
    ...(filter.includeDryRuns ? {} : { dryRun: false }),
    ...(filter.status ? { status: filter.status } : {}),
  };
  const [rows, total] = await Promise.all([
    prisma.publish.findMany({ where, orderBy: { createdAt: "desc" }, take: filter.limit ?? 50, skip: filter.offset ?? 0 }),
    prisma.publish.count({ where }),
  ]);
  const progress = await progressOf(rows.map((r) => r.id));
  return { items: rows.map((r) => toRecord(r, progress.get(r.id)!)), total };
}

/** The desired state of the zone's last successful publish: what Kong should still hold (drift). */
export async function lastSucceededPublish(zone: string): Promise<{ id: string; desiredState: KongState; finishedAt: Date | null } | null> {
  const row = await prisma.publish.findFirst({
    where: { zoneName: zone, status: "SUCCEEDED", dryRun: false },
    orderBy: { createdAt: "desc" },
    select: { id: true, desiredState: true, finishedAt: true },
  });
  return row ? { id: row.id, desiredState: row.desiredState as unknown as KongState, finishedAt: row.finishedAt } : null;
}

/** The successful publish of `zone` made before `before` (the baseline a publish's route diff starts from). */
export async function previousSucceededPublish(
  zone: string,
  before: string,
  excludeId: string,
): Promise<{ id: string; desiredState: KongState } | null> {
  const row = await prisma.publish.findFirst({
    where: { zoneName: zone, status: "SUCCEEDED", dryRun: false, createdAt: { lte: new Date(before) }, id: { not: excludeId } },
    orderBy: { createdAt: "desc" },
    select: { id: true, desiredState: true },
  });
  return row ? { id: row.id, desiredState: row.desiredState as unknown as KongState } : null;
}

/** An earlier publish's desired state, to send again (rollback). */
export async function publishDesiredState(id: string): Promise<{ zone: string; desiredState: KongState } | null> {
  const row = await prisma.publish.findUnique({ where: { id }, select: { zoneName: true, desiredState: true } });
  return row ? { zone: row.zoneName, desiredState: row.desiredState as unknown as KongState } : null;
}
