import "server-only";
import type { Prisma } from "@prisma/client";
import type { z } from "zod";
import type { Tenant, tenantCreateSchema, tenantUpdateSchema } from "../api/schemas";
import { recordAudit, type AuditContext } from "./audit";
import { conflict, notFound, staleRevision } from "./errors";
import type { ListResult, Page } from "./page";
import { entitlementEntry } from "./entitlements";
import { cachedQuery } from "./changes";
import { prisma } from "./prisma";
import { isPrismaError } from "./prisma-errors";

export type TenantCreateInput = z.output<typeof tenantCreateSchema>;
export type TenantUpdateInput = Omit<z.output<typeof tenantUpdateSchema>, "revision">;

export interface TenantFilter {
  /** Part of the name or description, case-insensitive. */
  q?: string;
}

export const tenantInclude = { _count: { select: { entitlements: true } } } as const;
type TenantRow = Prisma.TenantGetPayload<{ include: typeof tenantInclude }>;

export function toTenant(row: TenantRow): Tenant {
  return {
    name: row.name,
    description: row.description,
    entitlementCount: row._count.entitlements,
    revision: row.revision,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}

async function queryTenants(filter: TenantFilter, page: Page): Promise<ListResult<Tenant>> {
  const where: Prisma.TenantWhereInput = filter.q
    ? {
        OR: [
          { name: { contains: filter.q, mode: "insensitive" } },
          { description: { contains: filter.q, mode: "insensitive" } },
        ],
      }
    : {};
  const [rows, total] = await prisma.$transaction([
    prisma.tenant.findMany({
      where,
      include: tenantInclude,
      orderBy: { name: "asc" },
      take: page.limit,
      skip: page.offset,
    }),
    prisma.tenant.count({ where }),
  ]);
  return { items: rows.map(toTenant), total };
}

/** The list, from memory while no change has been committed since it was read (lib/db/changes.ts). */
export const listTenants = cachedQuery("domain", "tenants", queryTenants);

export async function getTenant(name: string): Promise<Tenant | null> {
  const row = await prisma.tenant.findUnique({ where: { name }, include: tenantInclude });
  return row ? toTenant(row) : null;
}

export async function createTenant(input: TenantCreateInput, by: AuditContext): Promise<Tenant> {
  try {
    return await prisma.$transaction(async (tx) => {
      const tenant = toTenant(
        await tx.tenant.create({
          data: { name: input.name, description: input.description },
          include: tenantInclude,
        }),
      );
      await recordAudit(tx, by, {
        action: "create",
        entityType: "tenant",
        entityKey: tenant.name,
        entityLabel: tenant.name,
        after: tenant,
      });
      return tenant;
    });
  } catch (error) {
    if (isPrismaError(error, "P2002")) {
      throw conflict(`Tenant ${input.name} already exists`, [
        { path: "name", message: `Tenant ${input.name} already exists` },
      ]);
    }
    throw error;
  }
}

export async function updateTenant(
  name: string,
  input: TenantUpdateInput,
  expectedRevision: number | undefined,
  by: AuditContext,
): Promise<Tenant> {
  return prisma.$transaction(async (tx) => {
    const current = await tx.tenant.findUnique({ where: { name }, include: tenantInclude });
    if (!current) throw notFound(`Tenant ${name} does not exist`);
    const expected = expectedRevision ?? current.revision;
    const { count } = await tx.tenant.updateMany({
      where: { id: current.id, revision: expected },
      data: { description: input.description, revision: { increment: 1 } },
    });
    if (count === 0) {
      const now = await tx.tenant.findUnique({ where: { id: current.id }, select: { revision: true } });
      if (!now) throw notFound(`Tenant ${name} does not exist`);
      throw staleRevision(`Tenant ${name}`, expected, now.revision);
    }
    const tenant = toTenant(
      await tx.tenant.findUniqueOrThrow({ where: { id: current.id }, include: tenantInclude }),
    );
    await recordAudit(tx, by, {
      action: "update",
      entityType: "tenant",
      entityKey: name,
      entityLabel: name,
      before: toTenant(current),
      after: tenant,
    });
    return tenant;
  });
}

const REFERENCE_LIST_LIMIT = 20;

/**
 * Deletes a tenant. Its entitlements decide which routes match it, so a tenant that still holds
 * entitlements is refused (with what it is entitled to) unless `cascade` revokes them too.
 */
export async function deleteTenant(
  name: string,
  options: { cascade: boolean },
  by: AuditContext,
): Promise<{ revokedEntitlements: number }> {
  return prisma.$transaction(async (tx) => {
    const tenant = await tx.tenant.findUnique({ where: { name }, include: tenantInclude });
    if (!tenant) throw notFound(`Tenant ${name} does not exist`);
    let revokedEntitlements = 0;
    if (options.cascade) {
      const revoked = await tx.entitlement.findMany({
        where: { tenantId: tenant.id },
        orderBy: [{ application: "asc" }, { version: "asc" }],
      });
      revokedEntitlements = (await tx.entitlement.deleteMany({ where: { tenantId: tenant.id } })).count;
      await recordAudit(
        tx,
        by,
        revoked.map((e) =>
          entitlementEntry("revoke", {
            id: e.id,
            tenant: name,
            application: e.application,
            version: e.version,
            createdAt: e.createdAt.toISOString(),
          }),
        ),
      );
    } else {
      const count = await tx.entitlement.count({ where: { tenantId: tenant.id } });
      if (count > 0) {
        const items = await tx.entitlement.findMany({
          where: { tenantId: tenant.id },
          select: { id: true, application: true, version: true },
          orderBy: [{ application: "asc" }, { version: "asc" }],
          take: REFERENCE_LIST_LIMIT,
        });
        const names = items.map((e) => `${e.application} ${e.version}`).join(", ");
        throw conflict(
          `Tenant ${name} still holds ${count} entitlement${count === 1 ? "" : "s"} (${names}${count > items.length ? ", …" : ""}); ` +
            "revoke them first or delete with ?cascade=true",
          { references: { entitlements: { count, items: items.map((e) => ({ ...e, tenant: name })) } } },
        );
      }
    }
    await tx.tenant.delete({ where: { id: tenant.id } });
    await recordAudit(tx, by, {
      action: "delete",
      entityType: "tenant",
      entityKey: name,
      entityLabel: name,
      before: toTenant(tenant),
    });
    return { revokedEntitlements };
  });
}
