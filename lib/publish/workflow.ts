import "server-only";
import { randomUUID } from "node:crypto";
import type { KongState } from "../compiler/types";
import {
  beginAttempt,
  createPublish,
  finishPublish,
  getPublish,
  markInterrupted,
  recordOutcomes,
  storedPlan,
  type PublishRecord,
  type PublishSummary,
  type StoredPlan,
  type StoredPlanOp,
} from "../db/publishes";
import { checkGateway } from "../kong/kong-gateway";
import { log } from "../observability/log";
import { metrics } from "../observability/metrics";
import { applyPlan, type OpOutcome } from "./apply";
import type { ZoneGateway } from "./gateway";
import { acquireZoneLock, type ZoneLock } from "./lock";
import { planPublish, type PublishPlan } from "./plan";

/**
 * One publish of one zone: take the zone's lock, read the Kong node's facts, plan the desired
 * state (always recomputed from the database, or an earlier publish's state for a rollback)
 * against the live managed entities, record the plan, apply it, record every write's outcome.
 */
export interface PublishRequest {
  zone: string;
  actor: string;
  dryRun?: boolean;
  /** Re-send this earlier publish's desired state (rollback) instead of the current compile. */
  sourcePublishId?: string | null;
  /** How long to wait for another publish of the zone to finish; 0 answers 409 at once. */
  waitMs?: number;
  concurrency?: number;
  /**
   * The record made when the publish was queued (lib/publish/jobs.ts): this run takes it over
   * instead of creating one; `attempt` says which run of the job this is.
   */
  publishId?: string;
  attempt?: number;
  /**
   * The zone's lock, already held by the caller (an estate publish takes every zone's lock first,
   * in one global order, and releases them itself): the publish neither takes nor releases it.
   */
  heldLock?: ZoneLock;
}

export interface PublishDeps {
  gateway(zone: string): Promise<ZoneGateway>;
  desiredState(zone: string, sourcePublishId?: string | null): Promise<KongState>;
  /** Called once the publish is recorded and running (so an HTTP caller can answer 202 early). */
  onStarted?(publishId: string): void;
  signal?: AbortSignal;
}

const FLUSH_EVERY = 200;
const FLUSH_MS = 250;

export async function publishZone(req: PublishRequest, deps: PublishDeps): Promise<PublishRecord> {
  const done = await measured(req.zone, () => runPublish(req, deps), recordOf);
  return recordOf(done);
}

const recordOf = (done: PublishRecord | DryRun): PublishRecord => (isDryRun(done) ? done.record : done);

const isDryRun = (done: PublishRecord | DryRun): done is DryRun => "record" in done;

/** Metrics and the log line of one publish or dry run, whatever its outcome. */
async function measured<T>(zone: string, run: () => Promise<T>, recordOf: (done: T) => PublishRecord): Promise<T> {
  const started = performance.now();
  try {
    const done = await run();
    const record = recordOf(done);
    metrics.publishes.inc({ zone, status: record.status });
    metrics.publishDuration.observe({ zone, status: record.status }, (performance.now() - started) / 1000);
    if (record.status === "FAILED") metrics.publishFailures.inc({ zone });
    log.info("publish finished", {
      zone,
      publishId: record.id,
      status: record.status,
      dryRun: record.dryRun,
      summary: record.summary,
    });
    return done;
  } catch (error) {
    metrics.publishFailures.inc({ zone });
    log.warn("publish could not run", { zone, error });
    throw error;
  }
}

/** What a dry run answers: the record (stored or not), the plan as stored, and the state planned. */
export interface DryRun {
  record: PublishRecord;
  plan: StoredPlan;
  desiredState: KongState;
  /** False for a dry run that was only answered, not recorded (a viewer's preview). */
  stored: boolean;
}

/**
 * A dry run: the plan against Kong as it is now. `store: false` answers it without recording it —
 * the Publish page opens one per zone for everyone who looks, and each record holds the zone's
 * whole desired state, so only those who may publish (and may roll back to one) leave a record.
 */
export async function dryRunZone(
  req: Omit<PublishRequest, "dryRun" | "waitMs" | "concurrency"> & { store: boolean },
  deps: PublishDeps,
): Promise<DryRun> {
  const done = await measured(req.zone, () => runPublish({ ...req, dryRun: true }, deps), recordOf);
  if (!isDryRun(done)) throw new TypeError("a dry run answered with a publish record");
  return done;
}

interface Planned {
  plan: PublishPlan;
  ops: StoredPlanOp[];
  mode: NonNullable<PublishSummary["mode"]>;
}

/** Node facts, the one gateway check, the live managed entities, the plan. Nothing is written. */
async function planAgainstKong(
  zone: string,
  desired: KongState,
  gateway: ZoneGateway,
  signal: AbortSignal | undefined,
): Promise<Planned> {
  const info = await gateway.info(signal);
  checkGateway(info, zone, desired);
  const live = await gateway.listManaged(signal);
  const plan = planPublish(desired, live);
  const ops = storedPlan(plan).steps.flatMap((s) => s.ops);
  return { plan, ops, mode: info.database === "off" ? "config" : "entities" };
}

/** A zone's plan against its Kong as it is now, with the live entities (an estate plan reads them). Records nothing. */
export async function planZoneNow(zone: string, deps: PublishDeps): Promise<{ plan: PublishPlan; desired: KongState }> {
  const desired = await deps.desiredState(zone);
  const { plan } = await planAgainstKong(zone, desired, await deps.gateway(zone), deps.signal);
  return { plan, desired };
}

async function runPublish(
  req: PublishRequest & { store?: boolean },
  deps: PublishDeps,
): Promise<PublishRecord | DryRun> {
  const gateway = await deps.gateway(req.zone);
  // A dry run writes nothing, so it needs no lock: it plans against Kong as it is now.
  const lock = req.dryRun ? null : (req.heldLock ?? (await acquireZoneLock(req.zone, { waitMs: req.waitMs ?? 0 })));
  const startedAt = Date.now();
  // Writing on after the lock is lost could interleave with another publish: stop instead.
  const signal = lock ? (deps.signal ? AbortSignal.any([deps.signal, lock.lost]) : lock.lost) : deps.signal;
  try {
    if (lock) await markInterrupted(req.zone, req.publishId);
    // Only now, holding the lock: a publish that waited for another one's lock must send the data
    // as it is when its turn comes, not as it was when it was asked for (else it writes older data
    // over what the publish before it sent).
    const desired = await deps.desiredState(req.zone, req.sourcePublishId);
    const { plan, ops, mode } = await planAgainstKong(req.zone, desired, gateway, signal);
    const base = {
      zone: req.zone,
      actor: req.actor,
      sourcePublishId: req.sourcePublishId,
      desiredState: desired,
      plan,
      ops,
    };

    if (req.dryRun) {
      const summary = { ...plan.summary, mode };
      if (req.store === false) {
        const now = new Date().toISOString();
        const record: PublishRecord = {
          id: randomUUID(),
          zone: req.zone,
          actor: req.actor,
          status: "PLANNED",
          dryRun: true,
          sourcePublishId: req.sourcePublishId ?? null,
          summary,
          error: null,
          createdAt: now,
          finishedAt: now,
          durationMs: 0,
          attempt: 1,
          progress: { done: 0, total: ops.length },
        };
        return { record, plan: storedPlan(plan), desiredState: desired, stored: false };
      }
      const id = await createPublish({ ...base, status: "PLANNED", dryRun: true, summary });
      return { record: (await getPublish(id))!, plan: storedPlan(plan), desiredState: desired, stored: true };
    }
    if (req.publishId) {
      // A queued publish's run: it re-plans from scratch (an earlier run may have applied part of
      // its plan before it stopped), so a run that finds nothing left to do ends with zero writes.
      await beginAttempt(req.publishId, { attempt: req.attempt ?? 1, desiredState: desired, plan, ops, summary: { ...plan.summary, mode } });
      if (ops.length === 0) {
        await finishPublish(req.publishId, { status: "SUCCEEDED", summary: { ...plan.summary, applied: 0, mode }, startedAt });
        return (await getPublish(req.publishId))!;
      }
    } else if (ops.length === 0) {
      const id = await createPublish({
        ...base,
        status: "SUCCEEDED",
        dryRun: false,
        summary: { ...plan.summary, applied: 0, mode },
      });
      return (await getPublish(id))!;
    }

    const id =
      req.publishId ??
      (await createPublish({
        ...base,
        status: "RUNNING",
        dryRun: false,
        summary: { ...plan.summary, mode },
      }));
    deps.onStarted?.(id);

    if (mode === "config") {
      // DB-less Kong takes no entity writes: the whole zone goes at once, atomically.
      let failure: string | null = null;
      let loaded = false;
      try {
        await gateway.loadConfig(desired, signal);
        loaded = true;
        const applied: OpOutcome = { status: "applied", attempts: 1 };
        await recordOutcomes(id, ops.map((_, seq) => ({ seq, outcome: applied })));
      } catch (error) {
        failure = loaded ? `Kong took the configuration, but ${recordingFailed(error)}.` : errorText(error);
      }
      const count = loaded ? ops.length : 0;
      await finishPublish(id, {
        status: failure ? "FAILED" : "SUCCEEDED",
        summary: { ...plan.summary, applied: count, failed: 0, skipped: ops.length - count, mode },
        error: failure,
        startedAt,
      });
      return (await getPublish(id))!;
    }

    // Outcomes are recorded in batches while the writes go on. If recording fails, writing stops
    // (a write nobody can see recorded is a write an operator can't account for), and the record
    // still ends FAILED with every outcome known — never left RUNNING.
    const recording = new AbortController();
    let recordError: unknown = null;
    let pending: { seq: number; outcome: OpOutcome }[] = [];
    let lastFlush = Date.now();
    let flushing: Promise<void> = Promise.resolve();
    const flush = () => {
      const batch = pending;
      pending = [];
      lastFlush = Date.now();
      flushing = flushing
        .then(() => (recordError ? undefined : recordOutcomes(id, batch)))
        .catch((error: unknown) => {
          recordError ??= error;
          recording.abort(new Error(recordingFailed(error)));
        });
      return flushing;
    };
    const result = await applyPlan(plan, gateway.write, {
      concurrency: req.concurrency ?? 10,
      signal: signal ? AbortSignal.any([signal, recording.signal]) : recording.signal,
      onProgress: (p) => {
        pending.push({ seq: p.index, outcome: p.outcome });
        if (pending.length >= FLUSH_EVERY || Date.now() - lastFlush >= FLUSH_MS) void flush();
      },
    });
    await flush();
    if (recordError) {
      // One more try with every outcome (the update is idempotent); the finish below says what happened either way.
      await recordOutcomes(
        id,
        result.outcomes.map((outcome, seq) => ({ seq, outcome })),
      ).catch(() => {});
    }
    const stoppedBy = result.error ?? (recordError ? { op: null, message: recordingFailed(recordError) } : null);
    const error = stoppedBy
      ? `Stopped${stoppedBy.op ? ` at ${stoppedBy.op.action} ${stoppedBy.op.kind} ${stoppedBy.op.name}` : ""}: ${stoppedBy.message.replace(/\.$/, "")}. ` +
        `${result.applied} of ${ops.length} writes applied, ${result.skipped} not attempted; publish again to finish.`
      : null;
    await finishPublish(id, {
      status: result.status === "succeeded" && !recordError ? "SUCCEEDED" : "FAILED",
      summary: {
        ...plan.summary,
        applied: result.applied,
        failed: result.failed,
        skipped: result.skipped,
        mode,
      },
      error,
      startedAt,
    });
    return (await getPublish(id))!;
  } finally {
    if (!req.heldLock) await lock?.release();
  }
}

const errorText = (error: unknown) => (error instanceof Error ? error.message : String(error));
const recordingFailed = (error: unknown) => `recording the publish's outcomes failed (${errorText(error)})`;
