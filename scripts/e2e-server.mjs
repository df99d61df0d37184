#!/usr/bin/env node
// The server Playwright tests against: a fresh database with the demo data, a production build
// (`next build` + `next start`), on E2E_PORT. Started by playwright.config.ts.
import { spawn } from "node:child_process";
import { existsSync } from "node:fs";
import path from "node:path";
import { ensurePrismaClient } from "./lib/ensure-deps.mjs";
import { prismaEnv, root } from "./lib/prisma-env.mjs";
import { must } from "./lib/run.mjs";

const { resolveDatabase, withDatabase, migrate } = await import("./lib/database.mjs");
const adminUrl = process.env.TEST_DATABASE_ADMIN_URL ?? (await resolveDatabase()).adminUrl;
const database = `switchyard_e2e_${process.pid}`;
const { default: pg } = await import("pg");
const admin = new pg.Client({ connectionString: adminUrl });
await admin.connect();
await admin.query(`drop database if exists "${database}" with (force)`);
await admin.query(`create database "${database}"`);
const databaseUrl = withDatabase(adminUrl, database);
await migrate(databaseUrl);
await ensurePrismaClient();

const port = process.env.E2E_PORT ?? "3100";
// The stand-in below runs with --e2e (Admin API 8101, proxy 8100): the demo zones must point at it.
const env = prismaEnv({
  DATABASE_URL: databaseUrl,
  PORT: port,
  NODE_ENV: "production",
  SWITCHYARD_KONG_ADMIN_BASE: "http://127.0.0.1:8101",
  // A production build refuses loopback Kong admin URLs by default; the journeys' stand-in and their
  // deliberately dead zones (closed loopback ports) live there.
  SWITCHYARD_KONG_ADMIN_ALLOW: process.env.SWITCHYARD_KONG_ADMIN_ALLOW ?? "public,127.0.0.1",
});
const tsx = path.join(root, "node_modules", "tsx", "dist", "cli.mjs");
if (existsSync(path.join(root, "prisma", "seed.ts"))) await must(process.execPath, [tsx, "prisma/seed.ts"], { env });
// Sign-in needs a signing secret in production mode; the journeys sign in as the demo admin (e2e/global-setup.ts).
env.BETTER_AUTH_SECRET ??= "e2e-only-session-secret-0000000000000000000000000000";
await must(process.execPath, [tsx, "scripts/create-admin.ts", "--demo"], { env });

const next = path.join(root, "node_modules", "next", "dist", "bin", "next");
await must(process.execPath, [next, "build"], { env, quiet: true });
const children = [];
if (existsSync(path.join(root, "scripts", "kong-standin.ts"))) {
  // Like the demo's nodes, the journeys' nodes have the issuer plugin the demo zones enforce (not bundled with Kong OSS).
  const standinArgs = ["scripts/kong-standin.ts", "--e2e", "--plugins", "bundled,jwt-keycloak"];
  children.push(spawn(process.execPath, [tsx, ...standinArgs], { cwd: root, env, stdio: "inherit" }));
}
const server = spawn(process.execPath, [next, "start", "-p", port, "-H", "127.0.0.1"], { cwd: root, env, stdio: "inherit" });
children.push(server);

async function cleanup() {
  for (const c of children) c.kill("SIGTERM");
  await admin.query(`drop database if exists "${database}" with (force)`).catch(() => {});
  await admin.end().catch(() => {});
  process.exit(0);
}
process.on("SIGTERM", cleanup);
process.on("SIGINT", cleanup);
server.on("exit", cleanup);
