import "server-only";
import type { KongState } from "../compiler/types";
import {
  createPublish,
  finishPublish,
  getPublish,
  markInterrupted,
  recordOutcomes,
  storedPlan,
  type PublishRecord,
  type PublishSummary,
} from "../db/publishes";
import { log } from "../observability/log";
import { metrics } from "../observability/metrics";
import { applyPlan, type OpOutcome } from "./apply";
import { checkGateway, type ZoneGateway } from "./gateway";
import { acquireZoneLock } from "./lock";
import { planPublish } from "./plan";

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
  const started = performance.now();
  try {
    const record = await runPublish(req, deps);
    metrics.publishes.inc({ zone: req.zone, status: record.status });
    metrics.publishDuration.observe(
      { zone: req.zone, status: record.status },
      (performance.now() - started) / 1000,
    );
    if (record.status === "FAILED") metrics.publishFailures.inc({ zone: req.zone });
    log.info("publish finished", {
      zone: req.zone,
      publishId: record.id,
      status: record.status,
      dryRun: record.dryRun,
      summary: record.summary,
    });
    return record;
  } catch (error) {
    metrics.publishFailures.inc({ zone: req.zone });
    log.warn("publish could not run", { zone: req.zone, error });
    throw error;
  }
}

async function runPublish(req: PublishRequest, deps: PublishDeps): Promise<PublishRecord> {
  const desired = await deps.desiredState(req.zone, req.sourcePublishId);
  const gateway = await deps.gateway(req.zone);
  // A dry run writes nothing, so it needs no lock: it plans against Kong as it is now.
  const lock = req.dryRun ? null : await acquireZoneLock(req.zone, { waitMs: req.waitMs ?? 0 });
  const startedAt = Date.now();
  // Writing on after the lock is lost could interleave with another publish: stop instead.
  const signal = lock ? (deps.signal ? AbortSignal.any([deps.signal, lock.lost]) : lock.lost) : deps.signal;
  try {
    if (lock) await markInterrupted(req.zone);
    const info = await gateway.info(signal);
    checkGateway(info);
    const live = await gateway.listManaged(signal);
    const plan = planPublish(desired, live);
    const ops = storedPlan(plan).steps.flatMap((s) => s.ops);
    const mode: PublishSummary["mode"] = info.database === "off" ? "config" : "entities";
    const base = {
      zone: req.zone,
      actor: req.actor,
      sourcePublishId: req.sourcePublishId,
      desiredState: desired,
      plan,
      ops,
    };

    if (req.dryRun) {
      const id = await createPublish({
        ...base,
        status: "PLANNED",
        dryRun: true,
        summary: { ...plan.summary, mode },
      });
      return (await getPublish(id))!;
    }
    if (ops.length === 0) {
      const id = await createPublish({
        ...base,
        status: "SUCCEEDED",
        dryRun: false,
        summary: { ...plan.summary, applied: 0, mode },
      });
      return (await getPublish(id))!;
    }

    const id = await createPublish({
      ...base,
      status: "RUNNING",
      dryRun: false,
      summary: { ...plan.summary, mode },
    });
    deps.onStarted?.(id);

    if (mode === "config") {
      // DB-less Kong takes no entity writes: the whole zone goes at once, atomically.
      try {
        await gateway.loadConfig(desired, signal);
        await recordOutcomes(
          id,
          ops.map((_, seq) => ({ seq, outcome: { status: "applied", attempts: 1 } as OpOutcome })),
        );
        await finishPublish(id, {
          status: "SUCCEEDED",
          summary: { ...plan.summary, applied: ops.length, failed: 0, skipped: 0, mode },
          startedAt,
        });
      } catch (error) {
        const message = error instanceof Error ? error.message : String(error);
        await finishPublish(id, {
          status: "FAILED",
          summary: { ...plan.summary, applied: 0, failed: 0, skipped: ops.length, mode },
          error: message,
          startedAt,
        });
      }
      return (await getPublish(id))!;
    }

    let pending: { seq: number; outcome: OpOutcome }[] = [];
    let lastFlush = Date.now();
    let flushing: Promise<void> = Promise.resolve();
    const flush = () => {
      const batch = pending;
      pending = [];
      lastFlush = Date.now();
      flushing = flushing.then(() => recordOutcomes(id, batch));
      return flushing;
    };
    const result = await applyPlan(plan, gateway.write, {
      concurrency: req.concurrency ?? 10,
      signal: signal,
      onProgress: (p) => {
        pending.push({ seq: p.index, outcome: p.outcome });
        if (pending.length >= FLUSH_EVERY || Date.now() - lastFlush >= FLUSH_MS) void flush();
      },
    });
    await flush();
    const error = result.error
      ? `Stopped${result.error.op ? ` at ${result.error.op.action} ${result.error.op.kind} ${result.error.op.name}` : ""}: ${result.error.message.replace(/\.$/, "")}. ` +
        `${result.applied} of ${ops.length} writes applied, ${result.skipped} not attempted; publish again to finish.`
      : null;
    await finishPublish(id, {
      status: result.status === "succeeded" ? "SUCCEEDED" : "FAILED",
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
    await lock?.release();
  }
}
