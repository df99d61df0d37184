import { randomBytes } from "node:crypto";
import pg from "pg";
import { afterAll, inject } from "vitest";

/**
 * Runs before each integration test file is imported: gives the file its own database, cloned from
 * the run's migrated template, and points DATABASE_URL (and so lib/db/prisma.ts) at it.
 */
const adminUrl = inject("adminUrl");
const database = `switchyard_it_${randomBytes(6).toString("hex")}`;
const admin = new pg.Client({ connectionString: adminUrl });
await admin.connect();
await admin.query(`create database ${database} template ${inject("templateDatabase")}`);
const url = new URL(adminUrl);
url.pathname = `/${database}`;
process.env.DATABASE_URL = url.toString();
process.env.SWITCHYARD_SECRET_KEY ??= "test-only-secret-key-0000000000000000000000";

afterAll(async () => {
  const g = globalThis as unknown as { switchyardPrisma?: { $disconnect(): Promise<void> } };
  await g.switchyardPrisma?.$disconnect();
  await admin.query(`drop database if exists ${database} with (force)`);
  await admin.end();
});
