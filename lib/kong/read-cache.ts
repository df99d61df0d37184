/**
 * A per-zone cache of a read of Kong (drift check, dry-run plan) so that pages opened by viewers —
 * the Publish page checks every zone on open — send a zone's Kong at most one read per interval,
 * however many browsers ask. One read at a time per zone: concurrent callers share it. An entry is
 * only reused while its `version` (what the read depends on in the database: the zone's revision,
 * its latest publish) is unchanged, so a publish or a new admin URL is seen at once.
 */

export interface CachedRead<T> {
  value: T;
  /** When the read started (ms since epoch): its age is what callers show. */
  at: number;
  /** false when this caller's request made the read. */
  cached: boolean;
}

export interface KongReadCache<T> {
  get(
    zone: string,
    version: string,
    read: () => Promise<T>,
    options?: { fresh?: boolean },
  ): Promise<CachedRead<T>>;
}

export function createKongReadCache<T>({
  ttlMs,
  maxZones = 1000,
}: {
  ttlMs: number;
  maxZones?: number;
}): KongReadCache<T> {
  const entries = new Map<string, { version: string; at: number; value: Promise<T>; settled: boolean }>();
  return {
    async get(zone, version, read, { fresh = false } = {}) {
      const now = Date.now();
      const entry = entries.get(zone);
      // `fresh` skips a finished read, never one still running: a second read would go out beside it.
      if (entry && entry.version === version && (!fresh || !entry.settled) && now - entry.at < ttlMs)
        return { value: await entry.value, at: entry.at, cached: true };
      const value = read();
      const next = { version, at: now, value, settled: false };
      // A zone deleted and recreated many times must not grow the map without end.
      if (!entries.has(zone) && entries.size >= maxZones) entries.delete(entries.keys().next().value!);
      entries.set(zone, next);
      // A read that throws (not a Kong failure: those are answers) is not kept.
      value.then(
        () => (next.settled = true),
        () => {
          if (entries.get(zone) === next) entries.delete(zone);
        },
      );
      return { value: await value, at: now, cached: false };
    },
  };
}
