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
// The database DATABASE_URL names (or "switchyard"), created when it is missing.
await ensureDatabase(db.adminUrl, decodeURIComponent(new URL(db.databaseUrl).pathname.slice(1)) || "switchyard");
await migrate(db.databaseUrl);
await ensurePrismaClient();

// The Kong stand-in plays every demo zone's Kong; KONG_STANDIN_ADMIN_PORT/KONG_STANDIN_PROXY_PORT move it
// (several developers on one machine), and the seed points the demo zones at the admin port it really uses.
const standin = process.env.SWITCHYARD_KONG_STANDIN !== "off" && existsSync(path.join(root, "scripts", "kong-standin.ts"));
const adminPort = process.env.KONG_STANDIN_ADMIN_PORT ?? "8001";
const proxyPort = process.env.KONG_STANDIN_PROXY_PORT ?? "8000";
const kongAdminBase = process.env.SWITCHYARD_KONG_ADMIN_BASE ?? `http://127.0.0.1:${adminPort}`;
// Kong admin calls may reach public addresses and the stand-in's own address and port — not the rest of
// loopback (PostgreSQL on 5432 is there). SWITCHYARD_KONG_ADMIN_ALLOW set by hand wins (README, Kong).
const kongAdminAllow = process.env.SWITCHYARD_KONG_ADMIN_ALLOW ?? `public,${new URL(kongAdminBase).host}`;
const env = prismaEnv({
  DATABASE_URL: db.databaseUrl,
  SWITCHYARD_KONG_ADMIN_BASE: kongAdminBase,
  SWITCHYARD_KONG_ADMIN_ALLOW: kongAdminAllow,
  ...devSecrets(),
});
const tsx = path.join(root, "node_modules", "tsx", "dist", "cli.mjs");
if (existsSync(path.join(root, "prisma", "seed.ts"))) {
  await must(process.execPath, [tsx, "prisma/seed.ts"], { env });
}
// The demo's first administrator when the database has no user (lib/auth/demo.ts), printed once.
// Production creates its own with `npm run create-admin -- --email …`.
await must(process.execPath, [tsx, "scripts/create-admin.ts", "--demo"], { env });

const children = [];
// SWITCHYARD_KONG_STANDIN=off when the zones point at a real Kong (or another stand-in already runs).
if (standin) {
  // The demo zones enforce issuers with jwt-keycloak, which Kong OSS doesn't bundle: the demo's nodes have it installed.
  const args = ["scripts/kong-standin.ts", "--demo", "--admin-port", adminPort, "--proxy-port", proxyPort, "--plugins", "bundled,jwt-keycloak"];
  children.push(spawn(process.execPath, [tsx, ...args], { cwd: root, env, stdio: "inherit" }));
  console.log(`› Kong stand-in: Admin API http://127.0.0.1:${adminPort}/<zone>, proxy http://127.0.0.1:${proxyPort}`);
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
