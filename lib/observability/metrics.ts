import "server-only";
import { Counter, Histogram, Registry, collectDefaultMetrics } from "prom-client";
import { prisma } from "../db/prisma";

/**
 * Prometheus metrics, one registry per process (cached on globalThis so Next's hot reload doesn't
 * register the same metric twice). Scraped at /api/metrics, with a token (app/api/metrics/route.ts).
 *
 * Every label value is one of a known few or a name from the database: each new value is a new
 * series kept for the life of the process, so a value a caller can make up would let anyone grow
 * the process and the Prometheus server without bound.
 */
interface ZoneCounter {
  inc(labels: { zone: string }): void;
}

interface Metrics {
  registry: Registry;
  /** Recorded after the zone's state was read from the database: the zone exists. */
  publishes: Counter<"zone" | "status">;
  publishDuration: Histogram<"zone" | "status">;
  /** Also counts publishes that could not start, e.g. of a zone that does not exist (see below). */
  publishFailures: ZoneCounter;
  apiLatency: Histogram<"method" | "route" | "status">;
  /** The text of a scrape, once the counts still being labelled have landed. */
  render(): Promise<string>;
}

/** The label of every zone the database doesn't know. */
export const UNKNOWN_ZONE = "unknown";

const globalForMetrics = globalThis as unknown as { switchyardMetrics?: Metrics };

/**
 * A per-zone counter whose zone label is checked against the database first: the name of a
 * publish that could not start comes from the request's URL, not from a zone that was read.
 */
function databaseZoneCounter(counter: Counter<"zone">, pending: Set<Promise<void>>): ZoneCounter {
  return {
    inc({ zone }) {
      const counted: Promise<void> = prisma.zone
        .count({ where: { name: zone } })
        .then(
          (found) => counter.inc({ zone: found > 0 ? zone : UNKNOWN_ZONE }),
          () => counter.inc({ zone: UNKNOWN_ZONE }),
        )
        .finally(() => pending.delete(counted));
      pending.add(counted);
    },
  };
}

function createMetrics(): Metrics {
  const registry = new Registry();
  const pending = new Set<Promise<void>>();
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
    publishFailures: databaseZoneCounter(
      new Counter({
        name: "switchyard_publish_failures_total",
        help: `Publishes that stopped at a permanent error or could not start (zone "${UNKNOWN_ZONE}": one that does not exist).`,
        labelNames: ["zone"],
        registers: [registry],
      }),
      pending,
    ),
    apiLatency: new Histogram({
      name: "switchyard_api_request_duration_seconds",
      help: "Latency of /api/v1 requests by method, route pattern and status.",
      labelNames: ["method", "route", "status"],
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
      registers: [registry],
    }),
    async render() {
      await Promise.all(pending);
      return registry.metrics();
    },
  };
}

export const metrics: Metrics = globalForMetrics.switchyardMetrics ?? createMetrics();
globalForMetrics.switchyardMetrics = metrics;
