import { readdir } from "node:fs/promises";
import path from "node:path";
import { prisma } from "@/lib/db/prisma";

export const dynamic = "force-dynamic";

/**
 * Readiness: the database answers and every migration shipped with this build is applied.
 * 503 with the reason otherwise, so a load balancer keeps traffic away until it's true.
 */
export async function GET(): Promise<Response> {
  try {
    const shipped = (await readdir(path.join(process.cwd(), "prisma", "migrations"), { withFileTypes: true }))
      .filter((d) => d.isDirectory())
      .map((d) => d.name)
      .sort();
    const applied = await prisma.$queryRaw<{ migration_name: string }[]>`
      select migration_name from _prisma_migrations where finished_at is not null and rolled_back_at is null`;
    const done = new Set(applied.map((r) => r.migration_name));
    const pending = shipped.filter((m) => !done.has(m));
    if (pending.length) {
      return Response.json({ status: "not_ready", reason: "migrations pending", pending }, { status: 503 });
    }
    return Response.json({ status: "ready", migrations: shipped.length });
  } catch {
    return Response.json({ status: "not_ready", reason: "database unreachable" }, { status: 503 });
  }
}
