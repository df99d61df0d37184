/**
 * The bounds on every call to a zone's Kong. A listener that answers every list with 20,000
 * entities and no `offset`, or with a new `offset` forever, once held a drift check at 100% CPU for
 * 11 minutes and 9.3 GB; every read is now cut off at one of these, with a message naming the
 * limit and the variable that raises it.
 *
 * The defaults are sized from the large estate (lib/compiler/fixtures/large-estate.ts, compiled):
 * its biggest zone holds 3,147 routes + 3,147 services (+ up to 2,953 plugins, 150 upstreams, 300
 * targets) — about 9,500 entities, the "~10,000" zone. A route is 2.9 KB of JSON on average and
 * 6.5 KB at most (its expression lists the tenants); Kong adds ~0.4 KB of defaults and timestamps.
 *
 * - one answer ≤ 16 MiB: a full page of 1,000 of the largest routes is ~7 MB;
 * - entities per list ≤ 50,000 and pages per list ≤ 100: 5× that zone's 10 pages of routes;
 *   a page with more entities than the `size` asked for is refused (Kong never sends more);
 * - bytes per read ≤ 128 MiB over all answers of one drift check, plan or publish read: a drift
 *   check reads that zone twice (managed and all entities), ~30 MB;
 * - one call ≤ 5 s (`POST /config` of a DB-less node ≤ 60 s: Kong parses and swaps the whole
 *   configuration inside that request); a whole read (drift check, plan, the reads before a
 *   publish writes) ≤ 30 s — that zone's ~25 GETs take well under 5 s against a real node.
 *
 * Read from the environment when a client is made, so a test (or an operator) can change them.
 */

export interface KongLimits {
  timeoutMs: number;
  configTimeoutMs: number;
  readDeadlineMs: number;
  maxResponseBytes: number;
  maxReadBytes: number;
  maxListEntities: number;
  maxListPages: number;
}

export const KONG_LIMIT_ENV = {
  timeoutMs: "SWITCHYARD_KONG_TIMEOUT_MS",
  configTimeoutMs: "SWITCHYARD_KONG_CONFIG_TIMEOUT_MS",
  readDeadlineMs: "SWITCHYARD_KONG_READ_DEADLINE_MS",
  maxResponseBytes: "SWITCHYARD_KONG_MAX_RESPONSE_BYTES",
  maxReadBytes: "SWITCHYARD_KONG_MAX_READ_BYTES",
  maxListEntities: "SWITCHYARD_KONG_MAX_LIST_ENTITIES",
  maxListPages: "SWITCHYARD_KONG_MAX_LIST_PAGES",
} as const satisfies Record<keyof KongLimits, string>;

export const DEFAULT_KONG_LIMITS: KongLimits = {
  timeoutMs: 5_000,
  configTimeoutMs: 60_000,
  readDeadlineMs: 30_000,
  maxResponseBytes: 16 * 1024 * 1024,
  maxReadBytes: 128 * 1024 * 1024,
  maxListEntities: 50_000,
  maxListPages: 100,
};

/** The defaults, each replaced by its variable when that is a positive integer. */
export function kongLimits(env: NodeJS.ProcessEnv = process.env): KongLimits {
  const out = { ...DEFAULT_KONG_LIMITS };
  for (const key of Object.keys(KONG_LIMIT_ENV) as (keyof KongLimits)[]) {
    const text = env[KONG_LIMIT_ENV[key]];
    if (text === undefined || text.trim() === "") continue;
    const value = Number(text);
    if (!Number.isSafeInteger(value) || value <= 0)
      throw new RangeError(`${KONG_LIMIT_ENV[key]} must be a positive integer, not "${text}"`);
    out[key] = value;
  }
  return out;
}

export function formatBytes(bytes: number): string {
  return bytes >= 1024 * 1024 && bytes % (1024 * 1024) === 0
    ? `${bytes / (1024 * 1024)} MiB`
    : bytes >= 1024 && bytes % 1024 === 0
      ? `${bytes / 1024} KiB`
      : `${bytes} bytes`;
}
