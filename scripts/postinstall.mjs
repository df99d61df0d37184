// Dependency install scripts are blocked by npm here; generate the Prisma client ourselves, offline.
import { ensurePrismaClient } from "./lib/ensure-deps.mjs";

await ensurePrismaClient().catch((e) => {
  console.warn(`prisma generate skipped: ${e.message}`);
});
