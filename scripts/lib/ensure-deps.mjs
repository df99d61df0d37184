import { existsSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { prismaEnv, root } from "./prisma-env.mjs";
import { must } from "./run.mjs";

/** Installs dependencies when node_modules is missing or older than the lock file. */
export async function ensureDependencies() {
  const marker = path.join(root, "node_modules", ".package-lock.json");
  const lock = path.join(root, "package-lock.json");
  const stale = !existsSync(marker) || statSync(marker).mtimeMs < statSync(lock).mtimeMs;
  if (stale) {
    // `npm install`, not `npm ci`: the lock file is written on one platform and lists only its
    // optional native packages, which `npm ci` refuses as out of sync.
    console.log("› installing dependencies…");
    await must("npm", ["install", "--no-audit", "--no-fund"], { env: prismaEnv() });
  }
}

/** Generates the Prisma client when it is missing or older than the schema. */
export async function ensurePrismaClient() {
  const generated = path.join(root, "node_modules", ".prisma", "client", "schema.prisma");
  const schema = path.join(root, "prisma", "schema.prisma");
  const fresh = existsSync(generated) && readFileSync(generated, "utf8") === readFileSync(schema, "utf8");
  if (!fresh) {
    console.log("› generating the Prisma client…");
    await must(process.execPath, [path.join(root, "node_modules", "prisma", "build", "index.js"), "generate"], {
      env: prismaEnv({ DATABASE_URL: process.env.DATABASE_URL ?? "postgresql://localhost/unused" }),
      quiet: true,
    });
  }
}
