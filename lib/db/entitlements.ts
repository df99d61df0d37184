import "server-only";
import type { Prisma } from "@prisma/client";
import type { Entitlement, EntitlementCreate } from "../api/schemas";
import { recordAudit, type AuditContext, type AuditEntry } from "./audit";
import { conflict, fieldErrors, notFound, type FieldProblem } from "./errors";
import type { ListResult, Page } from "./page";
import { cachedQuery } from "./changes";
import { prisma } from "./prisma";
import { isPrismaError } from "./prisma-errors";

export interface EntitlementFilter {
  tenant?: string;
  application?: string;
  version?: string;
  /** Part of the application or tenant name, case-insensitive. */
  q?: string;
}

export const entitlementInclude = { tenant: { select: { name: true } } } as const;
type EntitlementRow = Prisma.EntitlementGetPayload<{ include: typeof entitlementInclude }>;

export function toEntitlement(row: EntitlementRow): Entitlement {
  return {
    id: row.id,
    tenant: row.tenant.name,
    application: row.application,
    version: row.version,
    createdAt: row.createdAt.toISOString(),
  };
}

async function queryEntitlements(
  filter: EntitlementFilter,
  page: Page,
): Promise<ListResult<Entitlement>> {
  const where: Prisma.EntitlementWhereInput = {
    ...(filter.tenant ? { tenant: { name: filter.tenant } } : {}),
    ...(filter.application ? { application: filter.application } : {}),
    ...(filter.version ? { version: filter.version } : {}),
    ...(filter.q
      ? {
          OR: [
            { application: { contains: filter.q, mode: "insensitive" } },
            { tenant: { name: { contains: filter.q, mode: "insensitive" } } },
          ],
        }
      : {}),
  };
  const [rows, total] = await prisma.$transaction([
    prisma.entitlement.findMany({
      where,
      include: entitlementInclude,
      orderBy: [{ tenant: { name: "asc" } }, { application: "asc" }, { version: "asc" }],
      take: page.limit,
      skip: page.offset,
    }),
    prisma.entitlement.count({ where }),
  ]);
  return { items: rows.map(toEntitlement), total };
}

/** The list, from memory while no change has been committed since it was read (lib/db/changes.ts). */
export const listEntitlements = cachedQuery("domain", "entitlements", queryEntitlements);

const label = (e: EntitlementCreate) => `${e.tenant} → ${e.application} ${e.version}`;

/** A grant (after) or revocation (before) as the audit trail records it. */
export function entitlementEntry(action: "grant" | "revoke", e: Entitlement): AuditEntry {
  return {
    action,
    entityType: "entitlement",
    entityKey: e.id,
    entityLabel: label(e),
    ...(action === "grant" ? { after: e } : { before: e }),
  };
}

export async function createEntitlement(input: EntitlementCreate, by: AuditContext): Promise<Entitlement> {
  const tenant = await prisma.tenant.findUnique({ where: { name: input.tenant }, select: { id: true } });
  if (!tenant) throw fieldErrors([{ path: "tenant", message: `Tenant ${input.tenant} does not exist` }]);
  try {
    return await prisma.$transaction(async (tx) => {
      const entitlement = toEntitlement(
        await tx.entitlement.create({
          data: { tenantId: tenant.id, application: input.application, version: input.version },
          include: entitlementInclude,
        }),
      );
      await recordAudit(tx, by, entitlementEntry("grant", entitlement));
      return entitlement;
    });
  } catch (error) {
    if (isPrismaError(error, "P2002")) {
      throw conflict(`Tenant ${input.tenant} is already entitled to ${input.application} ${input.version}`, [
        { path: "version", message: `Entitlement ${label(input)} already exists` },
      ]);
    }
    // The tenant was deleted between the lookup and the insert.
    if (isPrismaError(error, "P2003"))
      throw fieldErrors([{ path: "tenant", message: `Tenant ${input.tenant} does not exist` }]);
    throw error;
  }
}

export async function deleteEntitlement(id: string, by: AuditContext): Promise<void> {
  await prisma.$transaction(async (tx) => {
    const current = await tx.entitlement.findUnique({ where: { id }, include: entitlementInclude });
    const { count } = await tx.entitlement.deleteMany({ where: { id } });
    if (!current || count === 0) throw notFound(`Entitlement ${id} does not exist`);
    await recordAudit(tx, by, entitlementEntry("revoke", toEntitlement(current)));
  });
}

export interface BatchResult {
  /** Entitlements created by this batch. */
  granted: number;
  /** Grants that already existed (a grant is idempotent). */
  alreadyGranted: number;
  /** Entitlements deleted by this batch. */
  revoked: number;
  /** Revocations of entitlements that did not exist. */
  notFound: number;
}

/**
 * Grants and revokes many entitlements in one transaction: an operator moving tenants from one
 * version to the next never leaves a moment where a tenant is entitled to neither (or both).
 * Grants of existing entitlements and revocations of missing ones are no-ops, counted apart.
 */
export async function applyEntitlementBatch(
  batch: { grant: EntitlementCreate[]; revoke: EntitlementCreate[] },
  by: AuditContext,
): Promise<BatchResult> {
  return prisma.$transaction(async (tx) => {
    const names = [...new Set([...batch.grant, ...batch.revoke].map((e) => e.tenant))];
    const tenants = await tx.tenant.findMany({
      where: { name: { in: names } },
      select: { id: true, name: true },
    });
    const idOf = new Map(tenants.map((t) => [t.name, t.id]));
    const problems: FieldProblem[] = [];
    batch.grant.forEach((e, i) => {
      if (!idOf.has(e.tenant))
        problems.push({ path: `grant.${i}.tenant`, message: `Tenant ${e.tenant} does not exist` });
    });
    batch.revoke.forEach((e, i) => {
      if (!idOf.has(e.tenant))
        problems.push({ path: `revoke.${i}.tenant`, message: `Tenant ${e.tenant} does not exist` });
    });
    if (problems.length) throw fieldErrors(problems);

    const key = (e: EntitlementCreate) => `${e.tenant}\u0000${e.application}\u0000${e.version}`;
    const grants = [...new Map(batch.grant.map((e) => [key(e), e])).values()];
    const revokes = [...new Map(batch.revoke.map((e) => [key(e), e])).values()];
    const both = grants.filter((g) => revokes.some((r) => key(r) === key(g)));
    if (both.length) {
      throw fieldErrors([
        { path: "grant", message: `${label(both[0])} is both granted and revoked; name it in one list only` },
      ]);
    }

    // Only what this batch actually changed enters the trail: the rows it deleted and created.
    let revokedRows: EntitlementRow[] = [];
    if (revokes.length) {
      const where = {
        OR: revokes.map((e) => ({
          tenantId: idOf.get(e.tenant)!,
          application: e.application,
          version: e.version,
        })),
      };
      revokedRows = await tx.entitlement.findMany({ where, include: entitlementInclude });
      await tx.entitlement.deleteMany({ where: { id: { in: revokedRows.map((r) => r.id) } } });
    }
    let grantedRows: EntitlementRow[] = [];
    if (grants.length) {
      grantedRows = await tx.entitlement.createManyAndReturn({
        data: grants.map((e) => ({
          tenantId: idOf.get(e.tenant)!,
          application: e.application,
          version: e.version,
        })),
        skipDuplicates: true,
        include: entitlementInclude,
      });
    }
    await recordAudit(tx, by, [
      ...revokedRows.map((r) => entitlementEntry("revoke", toEntitlement(r))),
      ...grantedRows.map((r) => entitlementEntry("grant", toEntitlement(r))),
    ]);
    const revoked = revokedRows.length;
    const granted = grantedRows.length;
    return { granted, alreadyGranted: grants.length - granted, revoked, notFound: revokes.length - revoked };
  });
}
