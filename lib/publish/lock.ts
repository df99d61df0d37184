import "server-only";
import pg from "pg";

/**
 * One publish per zone at a time, across every app instance: a PostgreSQL session-level advisory
 * lock held on a dedicated connection for the whole publish. If the process dies mid-publish, the
 * connection drops and PostgreSQL releases the lock by itself — no stale lock rows to clean up.
 * (The spike's routes lost tenants because concurrent read-modify-write cycles interleaved in Kong;
 * here only the lock holder touches a zone's Kong, and it writes state computed from the database.)
 */
export interface ZoneLock {
  /**
   * Aborts when the lock's connection is lost (PostgreSQL restarted or ended the session): the
   * lock is gone with it, so the publish must stop writing before another one can start.
   */
  readonly lost: AbortSignal;
  release(): Promise<void>;
}

export class PublishLockLostError extends Error {
  readonly code = "publish_lock_lost";
  constructor(readonly zone: string) {
    super(
      `The publish lock of zone ${zone} was lost (the database connection ended); publish again to finish.`,
    );
  }
}

export class PublishInProgressError extends Error {
  readonly code = "publish_in_progress";
  constructor(readonly zone: string) {
    super(`A publish of zone ${zone} is already running; try again when it has finished.`);
  }
}

function lockKey(zone: string): string {
  return `switchyard:publish:${zone}`;
}

/**
 * Takes the zone's publish lock. With `waitMs` 0 it answers at once (PublishInProgressError when
 * held); otherwise it waits up to `waitMs` for the holder to finish.
 */
export async function acquireZoneLock(
  zone: string,
  { waitMs = 0, connectionString = process.env.DATABASE_URL } = {},
): Promise<ZoneLock> {
  const client = new pg.Client({ connectionString, application_name: `switchyard-publish-lock:${zone}` });
  const lost = new AbortController();
  let released = false;
  // Without a listener a dropped connection is an uncaught 'error' event that ends the process.
  const onLost = () => {
    if (!released && !lost.signal.aborted) lost.abort(new PublishLockLostError(zone));
  };
  client.on("error", onLost);
  client.on("end", onLost);
  await client.connect();
  try {
    const deadline = Date.now() + waitMs;
    for (;;) {
      const { rows } = await client.query<{ locked: boolean }>(
        "select pg_try_advisory_lock(hashtextextended($1, 0)) as locked",
        [lockKey(zone)],
      );
      if (rows[0].locked) break;
      if (Date.now() >= deadline) throw new PublishInProgressError(zone);
      await new Promise((r) => setTimeout(r, Math.min(250, Math.max(10, deadline - Date.now()))));
    }
  } catch (error) {
    await client.end().catch(() => {});
    throw error;
  }
  return {
    lost: lost.signal,
    async release() {
      if (released) return;
      released = true;
      if (lost.signal.aborted) {
        await client.end().catch(() => {});
        return;
      }
      try {
        await client.query("select pg_advisory_unlock(hashtextextended($1, 0))", [lockKey(zone)]);
      } finally {
        await client.end().catch(() => {});
      }
    },
  };
}

/**
 * Whether some session holds the zone's lock right now (a publish outside the job queue: an
 * estate publish, or a direct caller). Probed with a transaction-level try-lock, which conflicts
 * with the session-level lock and lets go at once, so the probe itself never blocks a publish.
 */
export async function zoneLockHeld(zone: string, connectionString = process.env.DATABASE_URL): Promise<boolean> {
  const client = new pg.Client({ connectionString, application_name: "switchyard-publish-lock-probe" });
  await client.connect();
  try {
    await client.query("begin");
    const { rows } = await client.query<{ locked: boolean }>(
      "select pg_try_advisory_xact_lock(hashtextextended($1, 0)) as locked",
      [lockKey(zone)],
    );
    await client.query("rollback");
    return !rows[0].locked;
  } finally {
    await client.end().catch(() => {});
  }
}
