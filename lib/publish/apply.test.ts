import { describe, expect, it } from "vitest";
import { applyPlan, type WriteOp } from "./apply";
import type { PlanOp, PublishPlan } from "./plan";

const op = (kind: PlanOp["kind"], id: string): PlanOp => ({ action: "create", kind, id, name: id });

function plan(): PublishPlan {
  return {
    steps: [
      {
        name: "services and upstreams",
        ops: [op("service", "s1"), op("service", "s2"), op("service", "s3")],
      },
      { name: "routes and targets", ops: [op("route", "r1"), op("route", "r2")] },
      { name: "plugins", ops: [op("plugin", "p1")] },
    ],
    summary: { create: 6, update: 0, delete: 0, unchanged: 0 },
  };
}

class Transient extends Error {
  retryable = true;
}

const noSleep = async () => {};

describe("applyPlan", () => {
  it("aborted between writes: stops, names no write, and says why (the signal's reason)", async () => {
    const controller = new AbortController();
    const write: WriteOp = async (o) => {
      // The last service write succeeds, then the lock goes: no route is attempted.
      if (o.id === "s3") controller.abort(new Error("The publish lock of zone z was lost"));
    };
    const result = await applyPlan(plan(), write, { concurrency: 1, signal: controller.signal });
    expect(result).toMatchObject({ status: "failed", applied: 3, skipped: 3 });
    expect(result.error).toEqual({ index: null, op: null, message: "The publish lock of zone z was lost" });
  });

  it("finishes every step before the next starts", async () => {
    const events: string[] = [];
    const write: WriteOp = async (o) => {
      events.push(`start ${o.id}`);
      await new Promise((r) => setTimeout(r, o.id === "s1" ? 20 : 1));
      events.push(`end ${o.id}`);
    };
    const result = await applyPlan(plan(), write, { concurrency: 3 });
    expect(result).toMatchObject({ status: "succeeded", applied: 6, failed: 0, skipped: 0 });
    // No route write starts before the slowest service write ended.
    expect(events.indexOf("start r1")).toBeGreaterThan(events.indexOf("end s1"));
  });

  it("never runs more writes at once than the concurrency bound", async () => {
    let running = 0;
    let peak = 0;
    const write: WriteOp = async () => {
      running += 1;
      peak = Math.max(peak, running);
      await new Promise((r) => setTimeout(r, 5));
      running -= 1;
    };
    await applyPlan(plan(), write, { concurrency: 2 });
    expect(peak).toBe(2);
  });

  it("retries transient failures with growing backoff and then succeeds", async () => {
    const failures = new Map([["r1", 2]]);
    const waits: number[] = [];
    const write: WriteOp = async (o) => {
      const left = failures.get(o.id) ?? 0;
      if (left > 0) {
        failures.set(o.id, left - 1);
        throw new Transient("HTTP 500");
      }
    };
    const result = await applyPlan(plan(), write, {
      backoffMs: 100,
      sleep: async (ms) => void waits.push(ms),
    });
    expect(result.status).toBe("succeeded");
    expect(result.outcomes[3]).toEqual({ status: "applied", attempts: 3 });
    expect(waits).toHaveLength(2);
    expect(waits[1]).toBeGreaterThan(waits[0]);
  });

  it("stops at the first permanent error: later steps are skipped and reported", async () => {
    const write: WriteOp = async (o) => {
      if (o.id === "r2") throw new Error("schema violation (expression: parse error)");
    };
    const progress: number[] = [];
    const result = await applyPlan(plan(), write, {
      concurrency: 1,
      sleep: noSleep,
      onProgress: (p) => void progress.push(p.done),
    });
    expect(result.status).toBe("failed");
    expect(result.error).toMatchObject({ index: 4, message: "schema violation (expression: parse error)" });
    expect(result.outcomes.map((o) => o.status)).toEqual([
      "applied",
      "applied",
      "applied",
      "applied",
      "failed",
      "skipped",
    ]);
    expect(result).toMatchObject({ applied: 4, failed: 1, skipped: 1 });
    expect(progress).toEqual([1, 2, 3, 4, 5]);
  });

  it("gives up on a transient failure after the last attempt", async () => {
    const write: WriteOp = async (o) => {
      if (o.id === "p1") throw new Transient("connection reset");
    };
    const result = await applyPlan(plan(), write, { maxAttempts: 3, sleep: noSleep });
    expect(result.status).toBe("failed");
    expect(result.outcomes[5]).toEqual({ status: "failed", attempts: 3, error: "connection reset" });
  });
});
