import "server-only";
import pg from "pg";
import { log } from "../observability/log";

/**
 * In-memory reads that stay correct across processes. Triggers announce every committed change on
 * the `switchyard_changes` channel (prisma/migrations/…_change_notifications); one LISTEN
 * connection per process turns each announcement into a new *generation* of its topic, and a
 * cached read is only served for the generation it was loaded in.
 *
 * Three things bump a generation:
 * - a notification: any process's commit (also psql, scripts, another replica), after it committed;
 * - this process's own writes, as soon as Prisma returns them (lib/db/prisma.ts), and again when an
 *   API write has answered (lib/api/handler.ts): a caller's next read sees its write even before
 *   the notification arrives;
 * - (re)connecting the listener: whatever happened while it was deaf is unknown.
 *
 * While the listener is not connected nothing is cached: every read goes to the database, as if this
 * module did not exist. Correctness never depends on a notification arriving, only freshness within
 * the few milliseconds one takes.
 */
export type Topic = "domain" | "auth";
const TOPICS: readonly Topic[] = ["domain", "auth"];
const CHANNEL = "switchyard_changes";
/**
 * Entries per topic; the oldest go first. Lists are keyed by filter and page (a large estate's
 * page of 500 rovers is a few megabytes); token and session lookups are small, one per caller.
 */
const MAX_ENTRIES: Record<Topic, number> = { domain: 100, auth: 2_000 };
const RECONNECT_MIN_MS = 250;
const RECONNECT_MAX_MS = 10_000;

interface Entry {
  generation: number;
  value: Promise<unknown>;
}

interface State {
  generation: Record<Topic, number>;
  entries: Record<Topic, Map<string, Entry>>;
  listening: boolean;
  client: pg.Client | null;
  connecting: Promise<void> | null;
  retryMs: number;
  retryTimer: NodeJS.Timeout | null;
  stopped: boolean;
}

const globalForChanges = globalThis as unknown as { switchyardChanges?: State };
const state: State = (globalForChanges.switchyardChanges ??= {
  generation: { domain: 0, auth: 0 },
  entries: { domain: new Map(), auth: new Map() },
  listening: false,
  client: null,
  connecting: null,
  retryMs: RECONNECT_MIN_MS,
  retryTimer: null,
  stopped: false,
});

/** Everything cached for these topics (default: all) is stale from now on. */
export function invalidate(topics: readonly Topic[] = TOPICS): void {
  for (const topic of topics) {
    state.generation[topic]++;
    state.entries[topic].clear();
  }
}

const isTopic = (s: string): s is Topic => (TOPICS as readonly string[]).includes(s);

function scheduleReconnect(): void {
  if (state.stopped || state.retryTimer) return;
  state.retryTimer = setTimeout(() => {
    state.retryTimer = null;
    void listen();
  }, state.retryMs);
  state.retryTimer.unref();
  state.retryMs = Math.min(state.retryMs * 2, RECONNECT_MAX_MS);
}

function deaf(client: pg.Client, error?: Error): void {
  if (state.client !== client) return;
  if (state.listening && error) log.warn("change listener lost its connection; reads go to the database until it is back", { error: error.message });
  state.client = null;
  state.listening = false;
  invalidate();
  client.removeAllListeners("notification");
  void client.end().catch(() => {});
  scheduleReconnect();
}

async function listen(): Promise<void> {
  // A reconnect already waits its turn (backoff): reads must not open a connection each.
  if (state.listening || state.connecting || state.stopped || state.retryTimer) return state.connecting ?? undefined;
  const connectionString = process.env.DATABASE_URL;
  if (!connectionString) return;
  const client = new pg.Client({ connectionString, application_name: "switchyard-changes" });
  state.client = client;
  state.connecting = (async () => {
    try {
      client.on("error", (error) => deaf(client, error));
      client.on("end", () => deaf(client, new Error("connection ended")));
      client.on("notification", (message) => {
        if (message.payload && isTopic(message.payload)) invalidate([message.payload]);
        else invalidate();
      });
      await client.connect();
      // The socket must not keep a script or a test worker alive on its own.
      (client as unknown as { connection?: { stream?: { unref?: () => void } } }).connection?.stream?.unref?.();
      await client.query(`LISTEN ${CHANNEL}`);
      // Stopped while connecting: this connection is nobody's.
      if (state.client !== client) {
        await client.end().catch(() => {});
        return;
      }
      // Changes made before LISTEN took effect were never announced: start from a clean slate.
      invalidate();
      state.listening = true;
      state.retryMs = RECONNECT_MIN_MS;
    } catch (error) {
      deaf(client, error as Error);
    } finally {
      state.connecting = null;
    }
  })();
  return state.connecting;
}

/**
 * `load()`'s answer for `key`, shared while no change to `topic` has been committed since it was
 * loaded. Concurrent callers share one load; a failed load is not kept. The value is shared: callers
 * must not modify it.
 */
export function cachedRead<T>(topic: Topic, key: string, load: () => Promise<T>): Promise<T> {
  if (!state.listening) {
    void listen();
    return load();
  }
  // The generation before the load: a change committed while it runs makes the entry stale at once.
  const generation = state.generation[topic];
  const entries = state.entries[topic];
  const hit = entries.get(key);
  if (hit && hit.generation === generation) return hit.value as Promise<T>;
  const value = load();
  if (entries.size >= MAX_ENTRIES[topic]) entries.delete(entries.keys().next().value!);
  const entry = { generation, value };
  entries.set(key, entry);
  value.catch(() => {
    if (entries.get(key) === entry) entries.delete(key);
  });
  return value;
}

/**
 * `query` with its answers cached per arguments (JSON) under `topic`, e.g. a list by filter and
 * page. Same rules as cachedRead.
 */
export function cachedQuery<A extends unknown[], T>(
  topic: Topic,
  name: string,
  query: (...args: A) => Promise<T>,
): (...args: A) => Promise<T> {
  return (...args) => cachedRead(topic, `${name}:${JSON.stringify(args)}`, () => query(...args));
}

/**
 * The generation of `topic` while the listener is connected, else null (nothing may be assumed
 * unchanged). Tests read it to know that the notifications sent so far have arrived.
 */
export function currentGeneration(topic: Topic): number | null {
  if (!state.listening) {
    void listen();
    return null;
  }
  return state.generation[topic];
}

/** Whether cached reads are being served (for /api/ready and tests). */
export function isListening(): boolean {
  return state.listening;
}

/** Connects the listener now and waits for it (tests; production connects on first use). */
export async function startListening(): Promise<boolean> {
  state.stopped = false;
  if (state.retryTimer) clearTimeout(state.retryTimer);
  state.retryTimer = null;
  await listen();
  return state.listening;
}

/** Closes the listener; reads go to the database from now on (tests, scripts at exit). */
export async function stopListening(): Promise<void> {
  state.stopped = true;
  if (state.retryTimer) clearTimeout(state.retryTimer);
  state.retryTimer = null;
  const client = state.client;
  state.client = null;
  state.listening = false;
  invalidate();
  await client?.end().catch(() => {});
}
