import "server-only";
import { createHash, randomBytes } from "node:crypto";
import type { ApiToken, Prisma } from "@prisma/client";
import { recordAudit, type AuditContext } from "../db/audit";
import { cachedRead } from "../db/changes";
import { conflict, fieldErrors, notFound } from "../db/errors";
import type { ListResult, Page } from "../db/page";
import { prisma } from "../db/prisma";
import { isPrismaError } from "../db/prisma-errors";
import { roleAllows, type Role } from "./roles";
import {
  TOKEN_DEFAULT_LIFETIME_DAYS,
  type ApiTokenView,
  type TokenCreate,
  type TokenCreated,
} from "./schemas";

/**
 * API tokens: `sy_` + 256 random bits (base64url). Only the SHA-256 is stored — with that much
 * entropy a fast hash can't be brute-forced, and lookup stays one indexed query per request.
 *
 * A token never outlives the user who vouches for it (`createdById`: its creator, or the user behind
 * the token that made it): disabling or deleting that user revokes it, and it never acts above
 * that user's current role. Tokens expire (TOKEN_DEFAULT_LIFETIME_DAYS unless asked otherwise).
 */
const TOKEN_PREFIX = "sy_";
/** Writing lastUsedAt on every call would turn each read into a write; a minute is exact enough. */
const LAST_USED_RESOLUTION_MS = 60_000;
const DAY_MS = 24 * 60 * 60 * 1000;

export const hashToken = (token: string) => createHash("sha256").update(token).digest("hex");

export function generateToken(): string {
  return TOKEN_PREFIX + randomBytes(32).toString("base64url");
}

function toView(row: ApiToken): ApiTokenView {
  return {
    id: row.id,
    name: row.name,
    role: row.role,
    prefix: row.prefix,
    createdBy: row.createdBy,
    createdById: row.createdById,
    createdAt: row.createdAt.toISOString(),
    expiresAt: row.expiresAt?.toISOString() ?? null,
    lastUsedAt: row.lastUsedAt?.toISOString() ?? null,
    revokedAt: row.revokedAt?.toISOString() ?? null,
  };
}

export async function listApiTokens(page: Page): Promise<ListResult<ApiTokenView>> {
  const [rows, total] = await prisma.$transaction([
    // Active tokens first, newest first within each group.
    prisma.apiToken.findMany({
      orderBy: [{ revokedAt: { sort: "desc", nulls: "first" } }, { createdAt: "desc" }],
      take: page.limit,
      skip: page.offset,
    }),
    prisma.apiToken.count(),
  ]);
  return { items: rows.map(toView), total };
}

const auditEntry = (action: string, view: ApiTokenView, before?: ApiTokenView) => ({
  action,
  entityType: "api-token" as const,
  entityKey: view.id,
  entityLabel: `${view.name} (${view.role})`,
  before,
  after: view,
});

/** Who asks for a token, as authenticated: a signed-in user (by email) or an API token (by name). */
export interface TokenRequester {
  name: string;
  kind: "user" | "token";
}

interface Creator {
  userId: string | null;
  /** A token making a token: what the new one may not exceed. */
  parent: { role: Role; expiresAt: Date | null } | null;
}

async function creatorOf(
  requester: TokenRequester | undefined,
  db: Prisma.TransactionClient,
): Promise<Creator> {
  if (!requester) return { userId: null, parent: null };
  if (requester.kind === "user") {
    const user = await db.user.findUnique({ where: { email: requester.name }, select: { id: true } });
    return { userId: user?.id ?? null, parent: null };
  }
  const parent = await db.apiToken.findUnique({
    where: { name: requester.name },
    select: { createdById: true, role: true, expiresAt: true },
  });
  if (!parent) throw notFound(`API token ${requester.name} does not exist`);
  return { userId: parent.createdById, parent: { role: parent.role, expiresAt: parent.expiresAt } };
}

/** The expiry the new token gets, or the field error saying why the one asked for is refused. */
function expiryFor(asked: string | null | undefined, parent: Creator["parent"], now: number): Date | null {
  const limit = parent?.expiresAt ?? null;
  let expiresAt =
    asked === undefined
      ? new Date(now + TOKEN_DEFAULT_LIFETIME_DAYS * DAY_MS)
      : asked === null
        ? null
        : new Date(asked);
  // Left out, a token's token takes the default or its maker's expiry, whichever comes first.
  if (asked === undefined && limit && expiresAt && expiresAt > limit) expiresAt = limit;
  if (expiresAt && expiresAt.getTime() <= now)
    throw fieldErrors([{ path: "expiresAt", message: "Pick a time in the future" }]);
  // A token minting a longer-lived one would escape its own expiry.
  if (limit && (expiresAt === null || expiresAt > limit)) {
    throw fieldErrors([
      {
        path: "expiresAt",
        message: `A token can't outlive the token that makes it (${limit.toISOString()})`,
      },
    ]);
  }
  return expiresAt;
}

/**
 * `by.actor` is the audit actor and the readable `createdBy`; `requester` is who asked (none: a
 * script run from a shell, vouched for by nobody). The token itself never reaches the trail.
 */
export async function createApiToken(
  input: TokenCreate,
  by: AuditContext,
  requester?: TokenRequester,
): Promise<TokenCreated> {
  const token = generateToken();
  try {
    const view = await prisma.$transaction(async (tx) => {
      const creator = await creatorOf(requester, tx);
      if (creator.parent && !roleAllows(creator.parent.role, input.role)) {
        throw fieldErrors([
          { path: "role", message: `A ${creator.parent.role} token can't make a ${input.role} token` },
        ]);
      }
      const row = await tx.apiToken.create({
        data: {
          name: input.name,
          role: input.role,
          tokenHash: hashToken(token),
          prefix: token.slice(0, TOKEN_PREFIX.length + 6),
          createdBy: by.actor,
          createdById: creator.userId,
          expiresAt: expiryFor(input.expiresAt, creator.parent, Date.now()),
        },
      });
      const created = toView(row);
      await recordAudit(tx, by, auditEntry("create", created));
      return created;
    });
    return { ...view, token };
  } catch (error) {
    if (isPrismaError(error, "P2002")) {
      throw conflict(`A token named ${input.name} already exists`, [
        { path: "name", message: "Already taken" },
      ]);
    }
    throw error;
  }
}

/**
 * Revokes every live token the user vouches for (their user is being disabled or deleted), one
 * audit event each, in the caller's transaction.
 */
export async function revokeTokensOf(
  tx: Prisma.TransactionClient,
  userId: string,
  by: AuditContext,
): Promise<number> {
  const live = await tx.apiToken.findMany({ where: { createdById: userId, revokedAt: null } });
  if (live.length === 0) return 0;
  const revokedAt = new Date();
  await tx.apiToken.updateMany({ where: { id: { in: live.map((t) => t.id) } }, data: { revokedAt } });
  await recordAudit(
    tx,
    by,
    live.map((row) => auditEntry("revoke", toView({ ...row, revokedAt }), toView(row))),
  );
  return live.length;
}

/** Revoking keeps the row (who made it, when it was last used); a revoked token never works again. */
export async function revokeApiToken(id: string, by: AuditContext): Promise<ApiTokenView> {
  return prisma.$transaction(async (tx) => {
    const row = await tx.apiToken.findUnique({ where: { id } });
    if (!row) throw notFound(`API token ${id} does not exist`);
    if (row.revokedAt) return toView(row);
    const revoked = toView(await tx.apiToken.update({ where: { id }, data: { revokedAt: new Date() } }));
    await recordAudit(tx, by, auditEntry("revoke", revoked, toView(row)));
    return revoked;
  });
}

/** Tokens whose last-used time is being written, so a burst of calls writes it once. */
const touching = new Set<string>();

/**
 * The token's name and role when it is valid, else null: unknown, revoked, expired, or the user who
 * vouches for it is disabled (the role is capped at that user's own). Records when it was last
 * used. The row is read from memory while no token or user has changed since (lib/db/changes.ts):
 * a revocation anywhere is announced on commit, and this process's own revocations take effect
 * before they answer; expiry is checked on every call, so a cached row stops working on time.
 */
export async function verifyApiToken(token: string): Promise<{ name: string; role: Role } | null> {
  if (!token.startsWith(TOKEN_PREFIX) || token.length > 200) return null;
  const tokenHash = hashToken(token);
  const row = await cachedRead("auth", `token:${tokenHash}`, () =>
    prisma.apiToken.findUnique({
      where: { tokenHash },
      select: {
        id: true,
        name: true,
        role: true,
        lastUsedAt: true,
        revokedAt: true,
        expiresAt: true,
        creator: { select: { role: true, disabled: true } },
      },
    }),
  );
  if (!row || row.revokedAt) return null;
  const now = Date.now();
  if (row.expiresAt && row.expiresAt.getTime() <= now) return null;
  if (row.creator?.disabled) return null;
  if (
    (!row.lastUsedAt || now - row.lastUsedAt.getTime() > LAST_USED_RESOLUTION_MS) &&
    !touching.has(row.id)
  ) {
    touching.add(row.id);
    try {
      await prisma.apiToken.update({ where: { id: row.id }, data: { lastUsedAt: new Date(now) } });
    } finally {
      touching.delete(row.id);
    }
  }
  const role = row.creator && !roleAllows(row.creator.role, row.role) ? row.creator.role : row.role;
  return { name: row.name, role };
}
