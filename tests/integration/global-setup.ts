import type { TestProject } from "vitest/node";
import pg from "pg";
import { migrate, withDatabase } from "../../scripts/lib/database.mjs";

declare module "vitest" {
  export interface ProvidedContext {
    templateDatabase: string;
    adminUrl: string;
  }
}

/** Builds one migrated template database per run; every test file clones it (see setup-db.ts). */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const adminUrl = process.env.TEST_DATABASE_ADMIN_URL ?? "postgresql://postgres@127.0.0.1:5432/postgres";
  const template = `switchyard_it_template_${process.pid}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`drop database if exists ${template} with (force)`);
  await admin.query(`create database ${template}`);
  await migrate(withDatabase(adminUrl, template));
  await admin.end();
  project.provide("templateDatabase", template);
  project.provide("adminUrl", adminUrl);
  return async () => {
    const c = new pg.Client({ connectionString: adminUrl });
    await c.connect();
    await c.query(`drop database if exists ${template} with (force)`);
    await c.end();
  };
}
