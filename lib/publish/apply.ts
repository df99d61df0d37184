/**
 * Applies a publish plan step by step. Within a step the writes are independent (Kong needs only
 * the order between steps), so they run with bounded concurrency. Every write is idempotent (PUT by
 * deterministic id, DELETE that answers 204 when already gone), so a retry after a 5xx or a dropped
 * connection cannot duplicate anything. The first permanent error stops the run cleanly: in-flight
 * writes finish, nothing new starts, and the result says what was and wasn't applied — a re-publish
 * then plans against the live state and finishes the job.
 */
import type { PlanOp, PublishPlan } from "./plan";

/** Performs one planned write against Kong. Throws an error with `retryable: true` for transient failures. */
export type WriteOp = (op: PlanOp, signal: AbortSignal) => Promise<void>;

export type OpOutcome =
  | { status: "applied"; attempts: number }
  | { status: "failed"; attempts: number; error: string }
  | { status: "skipped" };

export interface ApplyProgress {
  done: number;
  total: number;
  /** Index of the op in plan order (steps flattened). */
  index: number;
  op: PlanOp;
  outcome: OpOutcome;
}

export interface ApplyOptions {
  concurrency?: number;
  /** Attempts per write, the first included. */
  maxAttempts?: number;
  /** Base delay of the exponential backoff; each retry waits base · 2^(attempt-1), with jitter. */
  backoffMs?: number;
  onProgress?: (p: ApplyProgress) => void | Promise<void>;
  signal?: AbortSignal;
  /** For tests: replaces setTimeout-based sleeping. */
  sleep?: (ms: number) => Promise<void>;
}

export interface ApplyResult {
  status: "succeeded" | "failed";
  outcomes: OpOutcome[];
  applied: number;
  failed: number;
  skipped: number;
  /**
   * The first permanent error, with the op it stopped at; no op when the publish was aborted
   * between writes (the signal's reason, e.g. a lost publish lock, is the message).
   */
  error?: { index: number; op: PlanOp; message: string } | { index: null; op: null; message: string };
}

export function isRetryable(error: unknown): boolean {
  return typeof error === "object" && error !== null && (error as { retryable?: unknown }).retryable === true;
}

const defaultSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

export async function applyPlan(
  plan: PublishPlan,
  write: WriteOp,
  options: ApplyOptions = {},
): Promise<ApplyResult> {
  const { concurrency = 10, maxAttempts = 5, backoffMs = 100, onProgress, sleep = defaultSleep } = options;
  const signal = options.signal ?? new AbortController().signal;
  const ops = plan.steps.flatMap((s) => s.ops);
  const outcomes: OpOutcome[] = ops.map(() => ({ status: "skipped" }));
  let done = 0;
  let stop: ApplyResult["error"];

  const attempt = async (index: number): Promise<void> => {
    const op = ops[index];
    let attempts = 0;
    for (;;) {
      attempts += 1;
      try {
        await write(op, signal);
        outcomes[index] = { status: "applied", attempts };
        break;
      } catch (error) {
        const message = error instanceof Error ? error.message : String(error);
        if (isRetryable(error) && attempts < maxAttempts && !signal.aborted) {
          await sleep(backoffMs * 2 ** (attempts - 1) * (0.75 + Math.random() * 0.5));
          continue;
        }
        outcomes[index] = { status: "failed", attempts, error: message };
        stop ??= { index, op, message };
        break;
      }
    }
    done += 1;
    await onProgress?.({ done, total: ops.length, index, op, outcome: outcomes[index] });
  };

  let offset = 0;
  for (const step of plan.steps) {
    const indexes = step.ops.map((_, i) => offset + i);
    offset += step.ops.length;
    if (stop || signal.aborted) break;
    let next = 0;
    const worker = async () => {
      while (!stop && !signal.aborted && next < indexes.length) await attempt(indexes[next++]);
    };
    await Promise.all(Array.from({ length: Math.min(concurrency, indexes.length) }, worker));
  }
  if (!stop && signal.aborted)
    stop = { index: null, op: null, message: signal.reason instanceof Error ? signal.reason.message : "publish aborted" };

  const count = (s: OpOutcome["status"]) => outcomes.filter((o) => o.status === s).length;
  return {
    status: stop ? "failed" : "succeeded",
    outcomes,
    applied: count("applied"),
    failed: count("failed"),
    skipped: count("skipped"),
    error: stop,
  };
}
