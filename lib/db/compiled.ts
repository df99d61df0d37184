import "server-only";
import { createCompiler } from "../compiler";
import type { CompileResult, ZoneOutput } from "../compiler/types";
import { dataVersion, loadVersionedSnapshot } from "./snapshot";

/**
 * "Load the snapshot and compile it", behind one function. A compile of a large estate (10,000
 * routes) takes long enough that every page view must not redo it: the result is kept per data
 * version (a one-row fingerprint query) and the compiler itself is incremental, so after a small
 * change only the affected exposures and zones are recomputed. Concurrent callers for the same
 * version share one compile.
 */
interface Cached {
  version: string;
  result: Promise<CompileResult>;
}

const globalForCompile = globalThis as unknown as {
  switchyardCompile?: { compiler: ReturnType<typeof createCompiler>; cached: Cached | null };
};
const state = (globalForCompile.switchyardCompile ??= { compiler: createCompiler(), cached: null });

export async function compiledEstate(): Promise<CompileResult> {
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

/** One zone's compile output, or null when the zone does not exist. */
export async function compiledZone(name: string): Promise<ZoneOutput | null> {
  return (await compiledEstate()).zones.find((z) => z.zone === name) ?? null;
}

/** Forgets the cached compile (tests; never needed for correctness). */
export function resetCompileCache(): void {
  state.cached = null;
}
