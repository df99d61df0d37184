import "server-only";
import { createCompiler } from "../compiler";
import type { CompileResult, ZoneOutput } from "../compiler/types";
import { cachedRead } from "./changes";
import { dataVersion, loadVersionedSnapshot } from "./snapshot";

/**
 * "Load the snapshot and compile it", behind one function. A compile of a large estate (10,000
 * routes) takes long enough that every page view must not redo it: the result is kept per data
 * version (a one-row fingerprint query) and the compiler itself is incremental, so after a small
 * change only the affected exposures and zones are recomputed. Concurrent callers for the same
 * version share one compile. While no change has been announced since (lib/db/changes.ts), not even
 * the fingerprint is read: on a large estate it scans the entitlements.
 */
interface Cached {
  version: string;
  result: Promise<CompileResult>;
}

const globalForCompile = globalThis as unknown as {
  switchyardCompile?: { compiler: ReturnType<typeof createCompiler>; cached: Cached | null };
};
const state = (globalForCompile.switchyardCompile ??= { compiler: createCompiler(), cached: null });

/** The compile of the data version the fingerprint reads now. */
async function compileCurrentVersion(): Promise<CompileResult> {
  const version = await dataVersion();
  if (state.cached?.version === version) return state.cached.result;
  const result = loadVersionedSnapshot().then(({ version: loaded, snapshot }) => {
    const compiled = state.compiler.compile(snapshot);
    // The snapshot may be newer than the fingerprint read above; file it under its own version.
    if (state.cached?.result === result && loaded !== version) state.cached = { version: loaded, result };
    return compiled;
  });
  state.cached = { version, result };
  result.catch(() => {
    if (state.cached?.result === result) state.cached = null;
  });
  return result;
}

export function compiledEstate(): Promise<CompileResult> {
  return cachedRead("domain", "compiled-estate", compileCurrentVersion);
}

/** One zone's compile output, or null when the zone does not exist. */
export async function compiledZone(name: string): Promise<ZoneOutput | null> {
  return (await compiledEstate()).zones.find((z) => z.zone === name) ?? null;
}

/**
 * One zone's compile of the data as it is at this call: the data version is read now, and a cached
 * compile serves only when it is of that version. A publish calls this holding the zone's lock, so
 * every change committed before the lock was taken is in what it sends; a change notification
 * still on its way (lib/db/changes.ts) can't make it send older data.
 */
export async function currentCompiledZone(name: string): Promise<ZoneOutput | null> {
  return (await compileCurrentVersion()).zones.find((z) => z.zone === name) ?? null;
}
