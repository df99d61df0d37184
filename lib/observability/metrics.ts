import "server-only";
import { Counter, Histogram, Registry, collectDefaultMetrics } from "prom-client";

/**
 * Prometheus metrics, one registry per process (cached on globalThis so Next's hot reload doesn't
 * register the same metric twice). Scraped at /api/metrics.
 */
interface Metrics {
  registry: Registry;
  publishes: Counter<"zone" | "status">;
  publishDuration: Histogram<"zone" | "status">;
  publishFailures: Counter<"zone">;
  apiLatency: Histogram<"method" | "route" | "status">;
}

const globalForMetrics = globalThis as unknown as { switchyardMetrics?: Metrics };

function createMetrics(): Metrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: "switchyard_" });
  return {
    registry,
    publishes: new Counter({
      name: "switchyard_publishes_total",
      help: "Publishes by zone and final status (dry runs included as PLANNED).",
      labelNames: ["zone", "status"],
      registers: [registry],
    }),
    publishDuration: new Histogram({
      name: "switchyard_publish_duration_seconds",
      help: "Wall time of a publish, from taking the zone lock to the last recorded write.",
      labelNames: ["zone", "status"],
      buckets: [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300],
      registers: [registry],
    }),
    publishFailures: new Counter({
      name: "switchyard_publish_failures_total",
      help: "Publishes that stopped at a permanent error or could not start.",
      labelNames: ["zone"],
      registers: [registry],
    }),
    apiLatency: new Histogram({
      name: "switchyard_api_request_duration_seconds",
      help: "Latency of /api/v1 requests by method, route pattern and status.",
      labelNames: ["method", "route", "status"],
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
      registers: [registry],
    }),
  };
}

export const metrics: Metrics = globalForMetrics.switchyardMetrics ?? createMetrics();
globalForMetrics.switchyardMetrics = metrics;
