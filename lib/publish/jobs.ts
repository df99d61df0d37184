import "server-only";
import { PgBoss, type Job } from "pg-boss";
import { endUnfinishedPublish, getPublish } from "../db/publishes";
import { log } from "../observability/log";

/**
 * Publishes as pg-boss jobs in PostgreSQL (README "Why pg-boss"). A publish request records the
 * publish and queues its job; whichever app process's worker claims it runs the workflow (lock,
 * fresh desired state, plan against live Kong, apply). The worker heartbeats while it runs: a
 * process that dies stops heartbeating, pg-boss's monitor (on any live process) fails the job and
 * retries it, and the next run re-plans under the lock and finishes. That is safe because every
 * write is idempotent and the plan is recomputed against Kong as it is then; a retry with nothing
 * left to do ends SUCCEEDED with zero writes. When the retries are spent, the dead-letter queue's
 * worker marks the record INTERRUPTED with what was applied.
 */
export const PUBLISH_QUEUE = "switchyard-publish";
export const PUBLISH_GAVE_UP_QUEUE = "switchyard-publish-gave-up";

/**
 * Detection time of a dead worker: its heartbeat lapses after HEARTBEAT_SECONDS (pg-boss's minimum
 * is 10), and the monitor looks every SUPERVISE_SECONDS, so another process resumes a killed
 * publish within about 10 + 2 + the polling interval ≈ 13 s.
 */
export const HEARTBEAT_SECONDS = 10;
const SUPERVISE_SECONDS = 2;
const POLLING_SECONDS = 0.5;
/** Runs after the first: a publish killed three times in a row is left INTERRUPTED for a person to look at. */
export const PUBLISH_RETRY_LIMIT = 3;

export interface PublishJobData {
  publishId: string;
  zone: string;
  actor: string;
  sourcePublishId: string | null;
}

/** One run of a publish job; `attempt` counts from 1 (pg-boss's retryCount + 1). */
export type RunPublishJob = (data: PublishJobData, run: { attempt: number; signal: AbortSignal }) => Promise<void>;

interface Queues {
  boss: PgBoss;
  connectionString: string;
  working: boolean;
}

// One pg-boss instance per process and database (tests point DATABASE_URL at a database per file).
const holder = globalThis as unknown as { switchyardPublishJobs?: Promise<Queues> };

async function startBoss(connectionString: string): Promise<Queues> {
  const boss = new PgBoss({
    connectionString,
    application_name: "switchyard-publish-jobs",
    max: 4,
    superviseIntervalSeconds: SUPERVISE_SECONDS,
    monitorIntervalSeconds: SUPERVISE_SECONDS,
    // Nothing here is scheduled; skipping the cron monitor saves a timer and its queries.
    schedule: false,
  });
  // Without a listener a dropped database connection is an uncaught 'error' event that ends the
  // process. While the database is away every timer fails the same way: one line per cause a minute.
  const lastLogged = new Map<string, number>();
  boss.on("error", (error: unknown) => {
    const cause = error instanceof Error ? error.message : String(error);
    if (Date.now() - (lastLogged.get(cause) ?? 0) < 60_000) return;
    lastLogged.set(cause, Date.now());
    log.warn("publish job queue error", { error: cause });
  });
  // start() installs or migrates the pgboss schema itself (under pg-boss's own advisory lock, so
  // replicas starting together don't race): no separate migration step.
  await boss.start();
  await boss.createQueue(PUBLISH_GAVE_UP_QUEUE, { retryLimit: 5, retryDelay: 2 });
  await boss.createQueue(PUBLISH_QUEUE, {
    // One job per zone created, waiting for a retry, or running: a second publish of the zone is
    // refused at once (409) while one is queued or running, on every replica.
    policy: "exclusive",
    heartbeatSeconds: HEARTBEAT_SECONDS,
    retryLimit: PUBLISH_RETRY_LIMIT,
    retryDelay: 1,
    retryBackoff: true,
    retryDelayMax: 30,
    // The heartbeat is what detects a dead worker; expiry only bounds a run that is alive but stuck.
    expireInSeconds: 6 * 3600,
    deadLetter: PUBLISH_GAVE_UP_QUEUE,
  });
  return { boss, connectionString, working: false };
}

async function queues(): Promise<Queues> {
  const connectionString = process.env.DATABASE_URL;
  if (!connectionString) throw new Error("DATABASE_URL is not set");
  const current = holder.switchyardPublishJobs ? await holder.switchyardPublishJobs.catch(() => null) : null;
  if (current && current.connectionString === connectionString) return current;
  if (current) await current.boss.stop({ graceful: false }).catch(() => {});
  const started = startBoss(connectionString);
  holder.switchyardPublishJobs = started;
  started.catch(() => {
    if (holder.switchyardPublishJobs === started) holder.switchyardPublishJobs = undefined;
  });
  return started;
}

/** Queues a publish's job under the zone's key; false when one is already queued or running. */
export async function enqueuePublish(data: PublishJobData): Promise<boolean> {
  const { boss } = await queues();
  const id = await boss.send(PUBLISH_QUEUE, data, { id: data.publishId, singletonKey: data.zone });
  return id !== null;
}

/** The record appears just after its job (the request queues first, so a refused job leaves no record). */
const RECORD_WAIT_MS = 15_000;

/**
 * Starts this process's publish worker (idempotent). The app server starts it at boot
 * (instrumentation.ts), so a replica that takes no requests still resumes other replicas' publishes.
 */
export async function startPublishWorker(run: RunPublishJob): Promise<void> {
  const q = await queues();
  if (q.working) return;
  q.working = true;
  await q.boss.work<PublishJobData>(
    PUBLISH_QUEUE,
    { pollingIntervalSeconds: POLLING_SECONDS, localConcurrency: 4 },
    async ([job]) => runJob(job, run),
  );
  await q.boss.work<PublishJobData>(
    PUBLISH_GAVE_UP_QUEUE,
    { pollingIntervalSeconds: POLLING_SECONDS },
    async ([job]) => {
      const ended = await endUnfinishedPublish(job.data.publishId, {
        status: "INTERRUPTED",
        error: `The publish stopped ${PUBLISH_RETRY_LIMIT + 1} times before it finished (its workers stopped or lost the database)`,
      });
      if (ended) log.warn("publish gave up after its retries", { zone: job.data.zone, publishId: job.data.publishId });
    },
  );
}

async function runJob(job: Job<PublishJobData>, run: RunPublishJob): Promise<void> {
  const deadline = Date.now() + RECORD_WAIT_MS;
  let record = await getPublish(job.data.publishId);
  while (!record && Date.now() < deadline && !job.signal.aborted) {
    await new Promise((r) => setTimeout(r, 50));
    record = await getPublish(job.data.publishId);
  }
  // The request that queued it died before recording it: nobody asked for a publish anyone can see.
  if (!record) return;
  // A run that finished the publish but died before pg-boss heard so: nothing is left to do.
  if (record.status !== "RUNNING") return;
  const attempt = job.retryCount + 1;
  log.info("publish run started", { zone: job.data.zone, publishId: job.data.publishId, attempt, pid: process.pid });
  await run(job.data, { attempt, signal: job.signal });
}

/** Stops this process's workers and pg-boss (tests; a server's shutdown). In-flight runs are left to be resumed. */
export async function stopPublishJobs(): Promise<void> {
  const current = holder.switchyardPublishJobs;
  holder.switchyardPublishJobs = undefined;
  const q = current ? await current.catch(() => null) : null;
  await q?.boss.stop({ graceful: false, timeout: 2_000 }).catch(() => {});
}
