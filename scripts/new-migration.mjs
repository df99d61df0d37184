#!/usr/bin/env node
// `npm run db:migration -- <name>`: writes prisma/migrations/<timestamp>_<name>/migration.sql with the
// SQL that takes the committed schema (HEAD) to the working-tree schema. Prisma's `migrate dev`
// needs the Rust schema engine, which can't be downloaded here; `migrate diff` runs on WASM.
import { execFileSync } from "node:child_process";
import { mkdirSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { prismaEnv, root } from "./lib/prisma-env.mjs";
import { must } from "./lib/run.mjs";

const name = (process.argv[2] ?? "").replace(/[^a-z0-9_]/gi, "_");
if (!name) {
  console.error("usage: npm run db:migration -- <name>");
  process.exit(2);
}
const before = path.join(os.tmpdir(), `switchyard-schema-${process.pid}.prisma`);
writeFileSync(before, execFileSync("git", ["show", "HEAD:prisma/schema.prisma"], { cwd: root }));
const sql = await must(
  process.execPath,
  [path.join(root, "node_modules/prisma/build/index.js"), "migrate", "diff", "--from-schema-datamodel", before, "--to-schema-datamodel", "prisma/schema.prisma", "--script"],
  { env: prismaEnv({ DATABASE_URL: process.env.DATABASE_URL ?? "postgresql://postgres@127.0.0.1:5432/postgres" }), quiet: true },
);
const body = sql.split("\n").filter((l) => !/^(Loaded Prisma config|Prisma config detected)/.test(l)).join("\n").trim();
if (!body || body.startsWith("-- This is an empty migration")) {
  console.error("The schema has not changed since HEAD: no migration written.");
  process.exit(1);
}
const stamp = new Date().toISOString().replace(/[-:T]/g, "").slice(0, 14);
const dir = path.join(root, "prisma", "migrations", `${stamp}_${name}`);
mkdirSync(dir, { recursive: true });
writeFileSync(path.join(dir, "migration.sql"), `${body}\n`);
console.log(`wrote ${path.relative(root, dir)}/migration.sql`);
