import { describe, expect, it } from "vitest";
import { GET as health } from "@/app/api/health/route";
import { GET as metricsRoute } from "@/app/api/metrics/route";
import { GET as ready } from "@/app/api/ready/route";
import { prisma } from "@/lib/db/prisma";
import { metrics } from "@/lib/observability/metrics";

describe("operations endpoints", () => {
  it("/api/health answers while the process lives", async () => {
    const res = health();
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ status: "ok" });
  });

  it("/api/ready is ready when the database answers and every shipped migration is applied", async () => {
    const res = await ready();
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ status: "ready" });
  });

  it("/api/ready answers 503 and names the migration while one is pending", async () => {
    const [last] = await prisma.$queryRaw<{ id: string; migration_name: string }[]>`
      select id, migration_name from _prisma_migrations order by migration_name desc limit 1`;
    await prisma.$executeRaw`update _prisma_migrations set finished_at = null where id = ${last.id}`;
    try {
      const res = await ready();
      expect(res.status).toBe(503);
      expect(await res.json()).toMatchObject({ status: "not_ready", pending: [last.migration_name] });
    } finally {
      await prisma.$executeRaw`update _prisma_migrations set finished_at = now() where id = ${last.id}`;
    }
  });

  it("/api/metrics exposes publish and API metrics in Prometheus' text format", async () => {
    metrics.publishes.inc({ zone: "eu-central", status: "SUCCEEDED" });
    // A credential is needed (tests/integration/ops-observability.test.ts); the file's admin token.
    const res = await metricsRoute(
      new Request("http://localhost/api/metrics", {
        headers: { authorization: `Bearer ${process.env.SWITCHYARD_TEST_API_TOKEN}` },
      }),
    );
    const text = await res.text();
    expect(res.headers.get("content-type")).toContain("text/plain");
    expect(text).toContain('switchyard_publishes_total{zone="eu-central",status="SUCCEEDED"} 1');
    expect(text).toContain("switchyard_api_request_duration_seconds");
  });
});
