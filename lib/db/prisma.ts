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

/**
 * The topics a raw statement's writes may touch: the cached tables its text names (they can only be
 * reached by their quoted names, being mixed-case), or null, meaning all, when there is no text.
 */
function rawTopics(args: unknown): Topic[] | null {
  // $executeRaw gets a Prisma.Sql (its literal parts in `strings`), $executeRawUnsafe [text, ...values].
  const text = Array.isArray(args) ? args[0] : (args as { strings?: unknown } | null)?.strings;
  const sql = Array.isArray(text) ? text.join(" ") : text;
  if (typeof sql !== "string") return null;
  const topics = new Set<Topic>();
  for (const [, table] of sql.matchAll(/"(\w+)"/g)) if (TOPIC_OF[table]) topics.add(TOPIC_OF[table]);
  return [...topics];
}

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
  // notification comes back (lib/db/changes.ts). A publish's batched outcome updates are raw
  // statements on "PublishOperation": they must not empty every cache each time.
  const extended = client.$extends({
    query: {
      async $allOperations({ model, operation, args, query }) {
        const result = await query(args);
        if (WRITES.has(operation)) {
          const topics = model ? (TOPIC_OF[model] ? [TOPIC_OF[model]] : []) : rawTopics(args);
          if (topics === null) invalidate();
          else if (topics.length) invalidate(topics);
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
