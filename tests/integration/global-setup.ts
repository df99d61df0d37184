import pg from "pg";
import { migrate, withDatabase } from "../../scripts/lib/database.mjs";

export const TEMPLATE = "switchyard_it_template";

/** Builds one migrated template database; every test file clones it (see setup-db.ts). */
export default async function setup(): Promise<() => Promise<void>> {
  const adminUrl = process.env.TEST_DATABASE_ADMIN_URL ?? "postgresql://postgres@127.0.0.1:5432/postgres";
  process.env.TEST_DATABASE_ADMIN_URL = adminUrl;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`drop database if exists ${TEMPLATE} with (force)`);
  await admin.query(`create database ${TEMPLATE}`);
  await migrate(withDatabase(adminUrl, TEMPLATE));
  await admin.end();
  return async () => {
    const c = new pg.Client({ connectionString: adminUrl });
    await c.connect();
    await c.query(`drop database if exists ${TEMPLATE} with (force)`);
    await c.end();
  };
}
