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
  release(): Promise<void>;
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
  let released = false;
  return {
    async release() {
      if (released) return;
      released = true;
      try {
        await client.query("select pg_advisory_unlock(hashtextextended($1, 0))", [lockKey(zone)]);
      } finally {
        await client.end().catch(() => {});
      }
    },
  };
}
