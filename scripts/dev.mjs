#!/usr/bin/env node
// `npm run dev`: Switchyard with its demo data on http://localhost:3000, from a fresh clone.
// Installs dependencies, finds or starts PostgreSQL, migrates, seeds an empty database, serves.
import { spawn } from "node:child_process";
import { existsSync } from "node:fs";
import path from "node:path";
import { ensureDependencies, ensurePrismaClient } from "./lib/ensure-deps.mjs";
import { prismaEnv, root } from "./lib/prisma-env.mjs";
import { must } from "./lib/run.mjs";

await ensureDependencies();
const { resolveDatabase, ensureDatabase, migrate } = await import("./lib/database.mjs");
const db = await resolveDatabase({ database: "switchyard" });
console.log(`› database: ${db.source}`);
await ensureDatabase(db.adminUrl, "switchyard");
await migrate(db.databaseUrl);
await ensurePrismaClient();

const env = prismaEnv({ DATABASE_URL: db.databaseUrl, ...devSecrets() });
const tsx = path.join(root, "node_modules", "tsx", "dist", "cli.mjs");
if (existsSync(path.join(root, "prisma", "seed.ts"))) {
  await must(process.execPath, [tsx, "prisma/seed.ts"], { env });
}

const children = [];
// SWITCHYARD_KONG_STANDIN=off when the zones point at a real Kong (or another stand-in already runs).
if (process.env.SWITCHYARD_KONG_STANDIN !== "off" && existsSync(path.join(root, "scripts", "kong-standin.ts"))) {
  children.push(spawn(process.execPath, [tsx, "scripts/kong-standin.ts", "--demo"], { cwd: root, env, stdio: "inherit" }));
}
const port = process.env.PORT ?? "3000";
const next = spawn(process.execPath, [path.join(root, "node_modules", "next", "dist", "bin", "next"), "dev", "-p", port], {
  cwd: root,
  env,
  stdio: "inherit",
});
children.push(next);
console.log(`› Switchyard: http://localhost:${port}`);

let stopping = false;
async function stop(code) {
  if (stopping) return;
  stopping = true;
  for (const c of children) c.kill("SIGTERM");
  await db.stop().catch(() => {});
  process.exit(code);
}
process.on("SIGINT", () => stop(0));
process.on("SIGTERM", () => stop(0));
next.on("exit", (code) => stop(code ?? 0));

/** Development-only secrets, so a fresh clone runs with nothing to configure. Production sets its own. */
function devSecrets() {
  return {
    SWITCHYARD_SECRET_KEY: process.env.SWITCHYARD_SECRET_KEY ?? "dev-only-secret-key-change-me-in-production-0000",
  };
}
