import { metrics } from "@/lib/observability/metrics";

export const dynamic = "force-dynamic";

/** Prometheus scrape endpoint: publishes (count, duration, failures), API latency, process metrics. */
export async function GET(): Promise<Response> {
  return new Response(await metrics.registry.metrics(), { headers: { "Content-Type": metrics.registry.contentType } });
}
