import "server-only";
import { Prisma } from "@prisma/client";
import { prisma } from "../db/prisma";

/**
 * Sign-in backoff per account, on top of better-auth's per-address limit (lib/auth/auth.ts), so
 * that neither guessing one account's password from many addresses nor one address's failures can
 * lock a user out for long. Counted in PostgreSQL (SignInThrottle) on the database's clock, so every
 * replica sees the same counts and a restart forgets nothing.
 *
 * - Per account and client address: after CLIENT_FREE_FAILURES failures in a row, each further
 *   attempt waits 1 s, 2 s, 4 s … up to CLIENT_MAX_DELAY_S. A success from that client resets it.
 *   This is what stops a guesser on one address.
 * - Per account, all addresses together: after ACCOUNT_FREE_FAILURES failures, attempts from
 *   clients that have not signed in to the account before wait 1 s, 2 s … up to ACCOUNT_MAX_DELAY_S
 *   after each failure. This is what stops a guesser rotating addresses: at most one guess per
 *   ACCOUNT_MAX_DELAY_S per account. A client that signed in to the account within
 *   KNOWN_CLIENT_DAYS is not slowed by it (only by its own failures), and anyone else waits at most
 *   ACCOUNT_MAX_DELAY_S at a time: another client's failures never lock a user out for longer.
 * - Failures are forgotten FAILURE_MEMORY_HOURS after the last one.
 *
 * Every attempt is counted as a failure when it starts (one statement per row, under its row lock),
 * so a burst of parallel guesses can't all pass before the first is counted; a success takes its
 * count back.
 */
export const CLIENT_FREE_FAILURES = 5;
export const CLIENT_MAX_DELAY_S = 15 * 60;
export const ACCOUNT_FREE_FAILURES = 10;
export const ACCOUNT_MAX_DELAY_S = 30;
const FAILURE_MEMORY_HOURS = 24;
const KNOWN_CLIENT_DAYS = 30;
/** How often one process sweeps rows nothing will read again. */
const SWEEP_EVERY_MS = 10 * 60 * 1000;

const accountKey = (email: string) => `account:${email}`;
const clientKey = (email: string, address: string) => `client:${email}|${address}`;

/** The wait after `failures` failures (SQL, on the row's new count), doubling from 1 s past `free`. */
const delay = (failures: Prisma.Sql, free: number, maxSeconds: number) =>
  Prisma.sql`make_interval(secs => CASE WHEN ${failures} < ${free} THEN 0 ELSE least(${maxSeconds}, power(2, least(${failures} - ${free}, 30))) END)`;

const memory = Prisma.sql`interval '${Prisma.raw(String(FAILURE_MEMORY_HOURS))} hours'`;

/**
 * Counts one failure on `key` unless the key is waiting (`gated`), and answers whether it was
 * counted; when not, how many seconds are left.
 */
async function countAttempt(
  tx: Prisma.TransactionClient,
  key: string,
  free: number,
  maxSeconds: number,
  gated: boolean,
): Promise<{ counted: true; lastSuccessAt: Date | null } | { counted: false; retryAfter: number }> {
  const next = Prisma.sql`CASE WHEN t."lastFailureAt" < now() - ${memory} THEN 1 ELSE t.failures + 1 END`;
  const rows = await tx.$queryRaw<{ lastSuccessAt: Date | null }[]>`
    INSERT INTO "SignInThrottle" AS t (key, failures, "lastFailureAt", "blockedUntil")
    VALUES (${key}, 1, now(), now() + ${delay(Prisma.sql`1`, free, maxSeconds)})
    ON CONFLICT (key) DO UPDATE SET
      failures = ${next},
      "lastFailureAt" = now(),
      "blockedUntil" = now() + ${delay(next, free, maxSeconds)}
    WHERE ${gated ? Prisma.sql`t."blockedUntil" <= now()` : Prisma.sql`true`}
    RETURNING t."lastSuccessAt"`;
  if (rows.length > 0) return { counted: true, lastSuccessAt: rows[0].lastSuccessAt };
  const [{ seconds }] = await tx.$queryRaw<{ seconds: number }[]>`
    SELECT greatest(1, ceil(extract(epoch FROM "blockedUntil" - now())))::int AS seconds
    FROM "SignInThrottle" WHERE key = ${key}`;
  return { counted: false, retryAfter: seconds };
}

class Throttled extends Error {
  constructor(readonly retryAfter: number) {
    super("throttled");
  }
}

export type SignInAttempt = { allowed: true } | { allowed: false; retryAfter: number };

/** Called before the password is checked: whether this attempt may go ahead, counting it if so. */
export async function beginSignIn(email: string, address: string | null): Promise<SignInAttempt> {
  const client = clientKey(email, address ?? "unknown");
  try {
    await prisma.$transaction(async (tx) => {
      const own = await countAttempt(tx, client, CLIENT_FREE_FAILURES, CLIENT_MAX_DELAY_S, true);
      if (!own.counted) throw new Throttled(own.retryAfter);
      const known =
        own.lastSuccessAt !== null &&
        Date.now() - own.lastSuccessAt.getTime() < KNOWN_CLIENT_DAYS * 86_400_000;
      const account = await countAttempt(
        tx,
        accountKey(email),
        ACCOUNT_FREE_FAILURES,
        ACCOUNT_MAX_DELAY_S,
        !known,
      );
      // Refused by the account's wait: the client's count is rolled back with the transaction.
      if (!account.counted) throw new Throttled(account.retryAfter);
    });
    return { allowed: true };
  } catch (error) {
    if (error instanceof Throttled) return { allowed: false, retryAfter: error.retryAfter };
    throw error;
  } finally {
    sweep();
  }
}

/** Called after a successful sign-in: the attempt was no failure, and this client is now known. */
export async function signInSucceeded(email: string, address: string | null): Promise<void> {
  const client = clientKey(email, address ?? "unknown");
  await prisma.$transaction([
    prisma.$executeRaw`
      UPDATE "SignInThrottle" SET failures = 0, "blockedUntil" = now(), "lastSuccessAt" = now()
      WHERE key = ${client}`,
    prisma.$executeRaw`
      UPDATE "SignInThrottle" SET
        failures = greatest(failures - 1, 0),
        "blockedUntil" = CASE WHEN failures - 1 < ${ACCOUNT_FREE_FAILURES} THEN now() ELSE "blockedUntil" END
      WHERE key = ${accountKey(email)}`,
  ]);
}

let lastSweep = 0;

/** Rows of failures long forgotten and of clients no longer known go, now and then, off the request's path. */
function sweep(): void {
  const now = Date.now();
  if (now - lastSweep < SWEEP_EVERY_MS) return;
  lastSweep = now;
  void prisma.$executeRaw`
    DELETE FROM "SignInThrottle"
    WHERE "lastFailureAt" < now() - ${memory}
      AND ("lastSuccessAt" IS NULL OR "lastSuccessAt" < now() - make_interval(days => ${KNOWN_CLIENT_DAYS}))`.catch(
    () => {
      lastSweep = 0;
    },
  );
}
