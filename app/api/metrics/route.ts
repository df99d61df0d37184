import { apiHandler } from "@/lib/api/handler";
import { metrics } from "@/lib/observability/metrics";

export const dynamic = "force-dynamic";

/**
 * Prometheus scrape endpoint: publishes (count, duration, failures), API latency, process metrics.
 * Like every API call it needs a credential; a viewer token is enough (zone names and latencies
 * are what a viewer reads anyway): `Authorization: Bearer sy_…` (README "Metrics").
 */
export const GET = apiHandler({ route: "/api/metrics", auth: "viewer" }, async () => {
  return new Response(await metrics.render(), {
    headers: { "Content-Type": metrics.registry.contentType, "Cache-Control": "no-store" },
  });
});
