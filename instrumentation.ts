/**
 * Next calls register() once when the server starts. Every app process runs a publish worker, so a
 * publish queued on one replica (or left by a killed one) is run or resumed by any live replica.
 * Not during `next build`, and not in the edge runtime (no PostgreSQL connection there).
 */
export async function register(): Promise<void> {
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  if (process.env.NEXT_PHASE === "phase-production-build") return;
  if (process.env.SWITCHYARD_PUBLISH_WORKER === "off") return;
  const { startPublishing } = await import("./lib/publish/service");
  const { log } = await import("./lib/observability/log");
  // A database that isn't up yet must not stop the server: the first publish request starts the worker.
  await startPublishing().catch((error: unknown) => log.warn("publish worker did not start", { error }));
}
