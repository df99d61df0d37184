#!/usr/bin/env node
// `npm run prisma -- <args>`: Prisma's CLI with the offline environment (see scripts/lib/prisma-env.mjs).
import path from "node:path";
import { prismaEnv, root } from "./lib/prisma-env.mjs";
import { run } from "./lib/run.mjs";

const { code } = await run(process.execPath, [path.join(root, "node_modules", "prisma", "build", "index.js"), ...process.argv.slice(2)], {
  env: prismaEnv(),
});
process.exit(code);
