import { describe, expect, it } from "vitest";
import { PublishInProgressError, acquireZoneLock } from "@/lib/publish/lock";

describe("zone publish lock (PostgreSQL advisory lock)", () => {
  it("refuses a second publish of the same zone while the first holds the lock", async () => {
    const first = await acquireZoneLock("eu-central");
    await expect(acquireZoneLock("eu-central")).rejects.toBeInstanceOf(PublishInProgressError);
    await first.release();
    const again = await acquireZoneLock("eu-central");
    await again.release();
  });

  it("lets different zones publish at the same time", async () => {
    const a = await acquireZoneLock("zone-a");
    const b = await acquireZoneLock("zone-b");
    await Promise.all([a.release(), b.release()]);
  });

  it("waits for the holder when asked to, and gets the lock once it is released", async () => {
    const first = await acquireZoneLock("eu-west");
    const started = Date.now();
    setTimeout(() => void first.release(), 300);
    const second = await acquireZoneLock("eu-west", { waitMs: 5_000 });
    expect(Date.now() - started).toBeGreaterThanOrEqual(250);
    await second.release();
  });

  it("is released by PostgreSQL when the holder's connection dies (a crashed app instance)", async () => {
    const pg = await import("pg");
    const client = new pg.default.Client({ connectionString: process.env.DATABASE_URL });
    await client.connect();
    client.on("error", () => {}); // the terminated backend reports FATAL 57P01 on this connection
    await client.query("select pg_advisory_lock(hashtextextended('switchyard:publish:us-east', 0))");
    await expect(acquireZoneLock("us-east")).rejects.toBeInstanceOf(PublishInProgressError);
    // Kill the holder's backend from outside, as a crash would.
    const killer = new pg.default.Client({ connectionString: process.env.DATABASE_URL });
    await killer.connect();
    await killer.query("select pg_terminate_backend($1)", [(client as unknown as { processID: number }).processID]);
    await killer.end();
    const lock = await acquireZoneLock("us-east", { waitMs: 5_000 });
    await lock.release();
  });
});
