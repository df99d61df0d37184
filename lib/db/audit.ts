import "server-only";
import type { Prisma, PrismaClient } from "@prisma/client";
import type { AuditEntityType, AuditEvent, AuditListQuery } from "../api/audit";
import type { ListResult, Page } from "./page";
import { prisma } from "./prisma";

/**
 * The audit trail. Every write function of lib/db takes an `AuditContext` and records its event
 * with `recordAudit` on the same transaction client as the change: a change that fails records
 * nothing, and a change that commits can't lose its event. The table is append-only: a trigger
 * refuses every UPDATE, DELETE and TRUNCATE (prisma/migrations/…_audit_append_only), and only
 * `switchyard_prune_audit(keep)` removes events, none younger than a year.
 */
export interface AuditContext {
  /** `ctx.actor.name`: the signed-in user or API token, "seed" for the demo data. */
  actor: string;
  requestId: string | null;
}

export interface AuditEntry {
  action: string;
  entityType: AuditEntityType;
  entityKey: string;
  entityLabel: string;
  before?: unknown;
  after?: unknown;
}

type Db = Prisma.TransactionClient | PrismaClient;

/** The audit context of an API request (what apiHandler passes every handler). */
export const auditBy = (ctx: { actor: { name: string }; requestId: string }): AuditContext => ({
  actor: ctx.actor.name,
  requestId: ctx.requestId,
});

export const REDACTED = "[redacted]";
/** Keys whose values never enter the trail (Kong admin tokens, API tokens, passwords). */
const SECRET_KEY = /token(enc)?$|password|secret|hash$/i;
/** Flags that say whether a secret is set are not secrets. */
const NOT_SECRET = /^has[A-Z]/;

/** A deep copy of a value with every secret-named key's value replaced by `[redacted]`. */
export function redact(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(redact);
  if (value instanceof Date) return value.toISOString();
  if (value && typeof value === "object") {
    return Object.fromEntries(
      Object.entries(value).map(([k, v]) => [
        k,
        SECRET_KEY.test(k) && !NOT_SECRET.test(k) && v !== null && v !== undefined ? REDACTED : redact(v),
      ]),
    );
  }
  return value;
}

const json = (value: unknown): Prisma.InputJsonValue | undefined =>
  value === undefined || value === null ? undefined : (redact(value) as Prisma.InputJsonValue);

/** Records one or more events; pass the change's transaction client so both commit together. */
export async function recordAudit(
  db: Db,
  by: AuditContext,
  entries: AuditEntry | AuditEntry[],
): Promise<void> {
  const list = Array.isArray(entries) ? entries : [entries];
  if (list.length === 0) return;
  await db.auditEvent.createMany({
    data: list.map((e) => ({
      actor: by.actor,
      requestId: by.requestId,
      action: e.action,
      entityType: e.entityType,
      entityKey: e.entityKey,
      entityLabel: e.entityLabel,
      before: json(e.before),
      after: json(e.after),
    })),
  });
}

type AuditRow = Prisma.AuditEventGetPayload<object>;

function toEvent(row: AuditRow): AuditEvent {
  return {
    id: row.id,
    createdAt: row.createdAt.toISOString(),
    actor: row.actor,
    action: row.action,
    entityType: row.entityType,
    entityKey: row.entityKey,
    entityLabel: row.entityLabel,
    before: row.before ?? null,
    after: row.after ?? null,
    requestId: row.requestId,
  };
}

export type AuditFilter = Omit<AuditListQuery, "limit" | "offset">;

function auditWhere(filter: AuditFilter): Prisma.AuditEventWhereInput {
  return {
    ...(filter.actor ? { actor: { contains: filter.actor, mode: "insensitive" } } : {}),
    ...(filter.entityType ? { entityType: filter.entityType } : {}),
    ...(filter.action ? { action: filter.action } : {}),
    ...(filter.entity
      ? {
          OR: [
            { entityKey: filter.entity },
            { entityLabel: { contains: filter.entity, mode: "insensitive" } },
          ],
        }
      : {}),
    ...(filter.from || filter.to
      ? {
          createdAt: {
            ...(filter.from ? { gte: filter.from } : {}),
            ...(filter.to ? { lt: filter.to } : {}),
          },
        }
      : {}),
  };
}

/** Newest first; events of one transaction share a time and keep their order by id. */
export async function listAudit(filter: AuditFilter, page: Page): Promise<ListResult<AuditEvent>> {
  const where = auditWhere(filter);
  const [rows, total] = await prisma.$transaction([
    prisma.auditEvent.findMany({
      where,
      orderBy: [{ createdAt: "desc" }, { id: "desc" }],
      take: page.limit,
      skip: page.offset,
    }),
    prisma.auditEvent.count({ where }),
  ]);
  return { items: rows.map(toEvent), total };
}

/** The distinct actions recorded, for the page's filter. */
export async function auditActions(): Promise<string[]> {
  const rows = await prisma.auditEvent.findMany({
    distinct: ["action"],
    select: { action: true },
    orderBy: { action: "asc" },
  });
  return rows.map((r) => r.action);
}
