import "server-only";
import { PrismaPg } from "@prisma/adapter-pg";
import { PrismaClient } from "@prisma/client";

const globalForPrisma = globalThis as unknown as { switchyardPrisma?: PrismaClient };

function createClient(): PrismaClient {
  const connectionString = process.env.DATABASE_URL;
  if (!connectionString) throw new Error("DATABASE_URL is not set");
  return new PrismaClient({
    adapter: new PrismaPg({ connectionString }),
    // Interactive transactions queue for one of the pool's connections. Prisma's default wait (2 s)
    // turned bursts of concurrent writes (50-120 entitlement batches at once) into 500s; a burst
    // should wait its turn, and only a stuck database should fail a request.
    transactionOptions: { maxWait: 15_000, timeout: 20_000 },
  });
}

/** One client per process; cached on globalThis outside production so hot reloads don't leak pools. */
export const prisma: PrismaClient = globalForPrisma.switchyardPrisma ?? createClient();
if (process.env.NODE_ENV !== "production") globalForPrisma.switchyardPrisma = prisma;
