import "server-only";
import { createCompiler } from "../compiler";
import type { CompileResult, ZoneOutput } from "../compiler/types";
import { currentGeneration } from "./changes";
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
  /** The domain generation the version was read in (null: the change listener was not connected). */
  generation: number | null;
  result: Promise<CompileResult>;
}

const globalForCompile = globalThis as unknown as {
  switchyardCompile?: { compiler: ReturnType<typeof createCompiler>; cached: Cached | null };
};
const state = (globalForCompile.switchyardCompile ??= { compiler: createCompiler(), cached: null });

export async function compiledEstate(): Promise<CompileResult> {
  const generation = currentGeneration("domain");
  if (generation !== null && state.cached?.generation === generation) return state.cached.result;
  const version = await dataVersion();
  if (state.cached?.version === version) {
    state.cached = { ...state.cached, generation };
    return state.cached.result;
  }
  const result = loadVersionedSnapshot().then(({ version: loaded, snapshot }) => {
    const compiled = state.compiler.compile(snapshot);
    // The snapshot may be newer than the fingerprint read above; file it under its own version.
    if (state.cached?.result === result && loaded !== version) state.cached = { version: loaded, generation, result };
    return compiled;
  });
  state.cached = { version, generation, result };
  result.catch(() => {
    if (state.cached?.result === result) state.cached = null;
  });
  return result;
}

/** One zone's compile output, or null when the zone does not exist. */
export async function compiledZone(name: string): Promise<ZoneOutput | null> {
  return (await compiledEstate()).zones.find((z) => z.zone === name) ?? null;
}

/** Forgets the cached compile (tests; never needed for correctness). */
export function resetCompileCache(): void {
  state.cached = null;
}
