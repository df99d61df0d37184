import "server-only";
import { PrismaPg } from "@prisma/adapter-pg";
import { PrismaClient } from "@prisma/client";
import { invalidate, type Topic } from "./changes";

const globalForPrisma = globalThis as unknown as { switchyardPrisma?: PrismaClient };

/** The tables whose changes make in-memory reads stale (lib/db/changes.ts), by the topic they feed. */
const TOPIC_OF: Record<string, Topic> = {
  Settings: "domain",
  Zone: "domain",
  Rover: "domain",
  Exposure: "domain",
  Upstream: "domain",
  Endpoint: "domain",
  Subscription: "domain",
  Tenant: "domain",
  Entitlement: "domain",
  ApiToken: "auth",
  User: "auth",
  Session: "auth",
};
const WRITES = new Set([
  "create",
  "createMany",
  "createManyAndReturn",
  "update",
  "updateMany",
  "updateManyAndReturn",
  "upsert",
  "delete",
  "deleteMany",
  "$executeRaw",
  "$executeRawUnsafe",
]);

function createClient(): PrismaClient {
  const connectionString = process.env.DATABASE_URL;
  if (!connectionString) throw new Error("DATABASE_URL is not set");
  const client = new PrismaClient({
    adapter: new PrismaPg({ connectionString }),
    // Interactive transactions queue for one of the pool's connections. Prisma's default wait (2 s)
    // turned bursts of concurrent writes (50-120 entitlement batches at once) into 500s; a burst
    // should wait its turn, and only a stuck database should fail a request.
    transactionOptions: { maxWait: 15_000, timeout: 20_000 },
  });
  // This process's own writes make its cached reads stale at once, before the commit's
  // notification comes back (lib/db/changes.ts); raw statements may touch anything.
  const extended = client.$extends({
    query: {
      async $allOperations({ model, operation, args, query }) {
        const result = await query(args);
        if (WRITES.has(operation)) {
          const topic = model ? TOPIC_OF[model] : undefined;
          if (topic) invalidate([topic]);
          else if (!model) invalidate();
        }
        return result;
      },
    },
  });
  // A query extension changes no method's signature; the rest of the code keeps the plain type.
  return extended as unknown as PrismaClient;
}

/** One client per process; cached on globalThis outside production so hot reloads don't leak pools. */
export const prisma: PrismaClient = globalForPrisma.switchyardPrisma ?? createClient();
if (process.env.NODE_ENV !== "production") globalForPrisma.switchyardPrisma = prisma;
