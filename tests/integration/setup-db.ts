import { createHash, randomBytes } from "node:crypto";
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

// A real admin API token in this file's database: tests/integration/http.ts sends it by default, so
// every call goes through the same authentication as production (no test-only bypass exists).
const testToken = `sy_${randomBytes(32).toString("base64url")}`;
{
  const db = new pg.Client({ connectionString: process.env.DATABASE_URL });
  await db.connect();
  await db.query(
    `insert into "ApiToken" (id, name, role, "tokenHash", prefix, "createdBy") values (gen_random_uuid(), 'integration-tests', 'admin', $1, $2, 'tests')`,
    [createHash("sha256").update(testToken).digest("hex"), testToken.slice(0, 9)],
  );
  await db.end();
}
process.env.SWITCHYARD_TEST_API_TOKEN = testToken;

afterAll(async () => {
  const g = globalThis as unknown as { switchyardPrisma?: { $disconnect(): Promise<void> } };
  await g.switchyardPrisma?.$disconnect();
  await admin.query(`drop database if exists ${database} with (force)`);
  await admin.end();
});
