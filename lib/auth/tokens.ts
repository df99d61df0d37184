import "server-only";
import { createHash, randomBytes } from "node:crypto";
import type { ApiToken } from "@prisma/client";
import { recordAudit, type AuditContext } from "../db/audit";
import { cachedRead } from "../db/changes";
import { conflict, notFound } from "../db/errors";
import type { ListResult, Page } from "../db/page";
import { prisma } from "../db/prisma";
import { isPrismaError } from "../db/prisma-errors";
import type { Role } from "./roles";
import type { ApiTokenView, TokenCreate, TokenCreated } from "./schemas";

/**
 * API tokens: `sy_` + 256 random bits (base64url). Only the SHA-256 is stored — with that much
 * entropy a fast hash can't be brute-forced, and lookup stays one indexed query per request.
 */
const TOKEN_PREFIX = "sy_";
/** Writing lastUsedAt on every call would turn each read into a write; a minute is exact enough. */
const LAST_USED_RESOLUTION_MS = 60_000;

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
    createdAt: row.createdAt.toISOString(),
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

/** The token's creator is the audit actor (`by.actor`); the token itself never reaches the trail. */
export async function createApiToken(input: TokenCreate, by: AuditContext): Promise<TokenCreated> {
  const token = generateToken();
  try {
    const view = await prisma.$transaction(async (tx) => {
      const row = await tx.apiToken.create({
        data: {
          name: input.name,
          role: input.role,
          tokenHash: hashToken(token),
          prefix: token.slice(0, TOKEN_PREFIX.length + 6),
          createdBy: by.actor,
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
 * The token's name and role when it is valid, else null. Records when it was last used. The row is
 * read from memory while no token has changed since (lib/db/changes.ts): a revocation anywhere is
 * announced on commit, and this process's own revocations take effect before they answer.
 */
export async function verifyApiToken(token: string): Promise<{ name: string; role: Role } | null> {
  if (!token.startsWith(TOKEN_PREFIX) || token.length > 200) return null;
  const tokenHash = hashToken(token);
  const row = await cachedRead("auth", `token:${tokenHash}`, () =>
    prisma.apiToken.findUnique({
      where: { tokenHash },
      select: { id: true, name: true, role: true, lastUsedAt: true, revokedAt: true },
    }),
  );
  if (!row || row.revokedAt) return null;
  const now = Date.now();
  if ((!row.lastUsedAt || now - row.lastUsedAt.getTime() > LAST_USED_RESOLUTION_MS) && !touching.has(row.id)) {
    touching.add(row.id);
    try {
      await prisma.apiToken.update({ where: { id: row.id }, data: { lastUsedAt: new Date(now) } });
    } finally {
      touching.delete(row.id);
    }
  }
  return { name: row.name, role: row.role };
}
