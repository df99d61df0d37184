import "server-only";
import type { Prisma, ZoneVisibility } from "@prisma/client";
import type { z } from "zod";
import type { Zone, zoneCreateSchema, zoneUpdateSchema } from "../api/schemas";
import { urlHost } from "../domain/rules";
import { checkKongAdminUrl } from "../kong/allowlist";
import { recordAudit, REDACTED, type AuditContext } from "./audit";
import { conflict, fieldErrors, notFound, staleRevision, type FieldProblem } from "./errors";
import type { ListResult, Page } from "./page";
import { cachedQuery } from "./changes";
import { prisma } from "./prisma";
import { roverInclude, roverLabel, toRover } from "./rovers";
import { decryptSecret, encryptSecret, kongTokenContext } from "./secrets";

export type ZoneCreateInput = z.output<typeof zoneCreateSchema>;
export type ZoneUpdateInput = Omit<z.output<typeof zoneUpdateSchema>, "revision">;

export interface ZoneFilter {
  /** Part of the zone name, case-insensitive. */
  q?: string;
  visibility?: ZoneVisibility;
  /** true: zones with a DTC URL; false: zones without. */
  dtc?: boolean;
}

type Tx = Prisma.TransactionClient;

export const zoneInclude = { _count: { select: { rovers: true } } } as const;
type ZoneRow = Prisma.ZoneGetPayload<{ include: typeof zoneInclude }>;

export function toZone(row: ZoneRow): Zone {
  return {
    name: row.name,
    visibility: row.visibility,
    gatewayUrl: row.gatewayUrl,
    identityProviderUrl: row.identityProviderUrl,
    dtcUrl: row.dtcUrl,
    enforceIssuers: row.enforceIssuers,
    kongAdminUrl: row.kongAdminUrl,
    hasKongAdminToken: row.kongAdminTokenEnc !== null,
    dtcEligible: row.dtcUrl !== null && row.visibility === "ENTERPRISE",
    roverCount: row._count.rovers,
    revision: row.revision,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}

function zoneWhere(filter: ZoneFilter): Prisma.ZoneWhereInput {
  return {
    ...(filter.q ? { name: { contains: filter.q, mode: "insensitive" } } : {}),
    ...(filter.visibility ? { visibility: filter.visibility } : {}),
    ...(filter.dtc === undefined ? {} : { dtcUrl: filter.dtc ? { not: null } : null }),
  };
}

async function queryZones(filter: ZoneFilter, page: Page): Promise<ListResult<Zone>> {
  const where = zoneWhere(filter);
  const [rows, total] = await prisma.$transaction([
    prisma.zone.findMany({
      where,
      include: zoneInclude,
      orderBy: { name: "asc" },
      take: page.limit,
      skip: page.offset,
    }),
    prisma.zone.count({ where }),
  ]);
  return { items: rows.map(toZone), total };
}

/** The list, from memory while no change has been committed since it was read (lib/db/changes.ts). */
export const listZones = cachedQuery("domain", "zones", queryZones);

export async function getZone(name: string): Promise<Zone | null> {
  const row = await prisma.zone.findUnique({ where: { name }, include: zoneInclude });
  return row ? toZone(row) : null;
}

export async function zoneExists(name: string): Promise<boolean> {
  return (await prisma.zone.count({ where: { name } })) > 0;
}

/** Where a zone's Kong Admin API is and the decrypted token to call it with (server side only). */
export async function getZoneConnection(
  name: string,
): Promise<{ kongAdminUrl: string; kongAdminToken: string | null } | null> {
  const row = await prisma.zone.findUnique({
    where: { name },
    select: { kongAdminUrl: true, kongAdminTokenEnc: true },
  });
  if (!row) return null;
  return {
    kongAdminUrl: row.kongAdminUrl,
    kongAdminToken:
      row.kongAdminTokenEnc === null ? null : decryptSecret(row.kongAdminTokenEnc, kongTokenContext(name)),
  };
}

/**
 * A DTC URL is where a global traffic manager sends a zone's traffic; if its host were another
 * zone's gateway or DTC host, the manager's failover would land on the wrong Kong. Checked under a
 * transaction-scoped advisory lock so two concurrent saves can't both pass.
 */
export async function checkHosts(
  tx: Tx,
  zone: { name: string; gatewayUrl: string; dtcUrl?: string | null },
): Promise<void> {
  await tx.$executeRaw`select pg_advisory_xact_lock(hashtextextended('switchyard:zone-hosts', 0))`;
  const others = await tx.zone.findMany({
    where: { name: { not: zone.name } },
    select: { name: true, gatewayUrl: true, dtcUrl: true },
    orderBy: { name: "asc" },
  });
  const gatewayHost = urlHost(zone.gatewayUrl);
  const dtcHost = zone.dtcUrl ? urlHost(zone.dtcUrl) : null;
  const problems: FieldProblem[] = [];
  if (dtcHost && dtcHost === gatewayHost) {
    problems.push({
      path: "dtcUrl",
      message: `DTC URL host ${dtcHost} must differ from this zone's own gateway host`,
    });
  }
  for (const other of others) {
    const otherGateway = urlHost(other.gatewayUrl);
    const otherDtc = other.dtcUrl ? urlHost(other.dtcUrl) : null;
    if (dtcHost && (dtcHost === otherGateway || dtcHost === otherDtc)) {
      const which = dtcHost === otherGateway ? "gateway" : "DTC";
      problems.push({
        path: "dtcUrl",
        message: `DTC URL host ${dtcHost} is already zone ${other.name}'s ${which} host`,
      });
    }
    if (otherDtc && gatewayHost === otherDtc) {
      problems.push({
        path: "gatewayUrl",
        message: `Gateway URL host ${gatewayHost} is already zone ${other.name}'s DTC host`,
      });
    }
  }
  if (problems.length) {
    // One message per field: the first clash found for it.
    const first = new Map<string, FieldProblem>();
    for (const p of problems) if (!first.has(p.path)) first.set(p.path, p);
    const list = [...first.values()];
    throw conflict(list.map((p) => p.message).join("; "), list);
  }
}

/**
 * A Kong admin URL is where the server sends requests on every drift check and dry run: it must be
 * inside `SWITCHYARD_KONG_ADMIN_ALLOW` (lib/kong/allowlist.ts) when saved, and every call checks
 * again after resolving it.
 */
export async function checkKongAdminUrlAllowed(url: string): Promise<void> {
  const verdict = await checkKongAdminUrl(url);
  if (!verdict.allowed)
    throw fieldErrors([{ path: "kongAdminUrl", message: `Kong admin URL ${verdict.reason}` }]);
}

function tokenData(name: string, token: string | null | undefined): { kongAdminTokenEnc?: string | null } {
  if (token === undefined) return {};
  // An empty token means "no token", the same as null.
  return { kongAdminTokenEnc: token ? encryptSecret(token, kongTokenContext(name)) : null };
}

/** The zone as the trail records it: its API shape, plus a marker when the change set a token. */
const audited = (zone: Zone, token: string | null | undefined) =>
  token === undefined ? zone : { ...zone, kongAdminToken: token ? REDACTED : null };

export async function createZone(input: ZoneCreateInput, by: AuditContext): Promise<Zone> {
  return prisma.$transaction(async (tx) => {
    if (await tx.zone.findUnique({ where: { name: input.name }, select: { id: true } })) {
      throw conflict(`Zone ${input.name} already exists`, [
        { path: "name", message: `Zone ${input.name} already exists` },
      ]);
    }
    await checkHosts(tx, input);
    await checkKongAdminUrlAllowed(input.kongAdminUrl);
    const row = await tx.zone.create({
      data: {
        name: input.name,
        visibility: input.visibility,
        gatewayUrl: input.gatewayUrl,
        identityProviderUrl: input.identityProviderUrl,
        dtcUrl: input.dtcUrl ?? null,
        enforceIssuers: input.enforceIssuers ?? true,
        kongAdminUrl: input.kongAdminUrl,
        ...tokenData(input.name, input.kongAdminToken),
      },
      include: zoneInclude,
    });
    const zone = toZone(row);
    await recordAudit(tx, by, {
      action: "create",
      entityType: "zone",
      entityKey: zone.name,
      entityLabel: zone.name,
      after: audited(zone, input.kongAdminToken),
    });
    return zone;
  });
}

export interface ZoneUpdateOptions {
  /**
   * Called inside the update's transaction when the Kong admin URL would really change (the row as
   * it is then); throws to refuse. The compare-and-set on `revision` below makes the decision hold:
   * a concurrent save (an admin setting a token) makes this update fail instead of slipping past.
   */
  authorizeKongAdminUrlChange?: () => void;
}

/**
 * Applies a partial update. With `expectedRevision` the update only happens if nobody saved in
 * between (compare-and-set on `revision` in the same statement, so two stale saves can't both win).
 */
export async function updateZone(
  name: string,
  input: ZoneUpdateInput,
  expectedRevision: number | undefined,
  by: AuditContext,
  options: ZoneUpdateOptions = {},
): Promise<Zone> {
  return prisma.$transaction(async (tx) => {
    const current = await tx.zone.findUnique({ where: { name }, include: zoneInclude });
    if (!current) throw notFound(`Zone ${name} does not exist`);
    if (expectedRevision !== undefined && current.revision !== expectedRevision) {
      throw staleRevision(`Zone ${name}`, expectedRevision, current.revision);
    }
    if (input.kongAdminUrl !== undefined && input.kongAdminUrl !== current.kongAdminUrl) {
      options.authorizeKongAdminUrlChange?.();
      await checkKongAdminUrlAllowed(input.kongAdminUrl);
    }
    const gatewayUrl = input.gatewayUrl ?? current.gatewayUrl;
    const dtcUrl = input.dtcUrl === undefined ? current.dtcUrl : input.dtcUrl;
    if (input.gatewayUrl !== undefined || input.dtcUrl !== undefined)
      await checkHosts(tx, { name, gatewayUrl, dtcUrl });
    const { count } = await tx.zone.updateMany({
      where: { id: current.id, revision: current.revision },
      data: {
        visibility: input.visibility,
        gatewayUrl: input.gatewayUrl,
        identityProviderUrl: input.identityProviderUrl,
        dtcUrl: input.dtcUrl,
        enforceIssuers: input.enforceIssuers,
        kongAdminUrl: input.kongAdminUrl,
        ...tokenData(name, input.kongAdminToken),
        revision: { increment: 1 },
      },
    });
    if (count === 0) {
      const now = await tx.zone.findUnique({ where: { id: current.id }, select: { revision: true } });
      if (!now) throw notFound(`Zone ${name} does not exist`);
      throw staleRevision(`Zone ${name}`, expectedRevision ?? current.revision, now.revision);
    }
    const zone = toZone(await tx.zone.findUniqueOrThrow({ where: { id: current.id }, include: zoneInclude }));
    await recordAudit(tx, by, {
      action: "update",
      entityType: "zone",
      entityKey: name,
      entityLabel: name,
      before: toZone(current),
      after: audited(zone, input.kongAdminToken),
    });
    return zone;
  });
}

const REFERENCE_LIST_LIMIT = 20;

/**
 * Deletes a zone. Rovers deployed in it would lose their zone, so without `cascade` a zone that
 * still holds rovers is refused with the list of those rovers.
 */
export async function deleteZone(
  name: string,
  options: { cascade: boolean },
  by: AuditContext,
): Promise<{ deletedRovers: number }> {
  return prisma.$transaction(async (tx) => {
    const zone = await tx.zone.findUnique({ where: { name }, include: zoneInclude });
    if (!zone) throw notFound(`Zone ${name} does not exist`);
    let deletedRovers = 0;
    if (options.cascade) {
      const rovers = await tx.rover.findMany({
        where: { zoneId: zone.id },
        include: roverInclude,
        orderBy: [{ name: "asc" }, { version: "asc" }],
      });
      deletedRovers = (await tx.rover.deleteMany({ where: { zoneId: zone.id } })).count;
      await recordAudit(
        tx,
        by,
        rovers.map((r) => ({
          action: "delete",
          entityType: "rover",
          entityKey: r.id,
          entityLabel: roverLabel(r.name, r.version, name),
          before: toRover(r),
        })),
      );
    } else {
      // One connection per transaction: queries run one after the other.
      const count = await tx.rover.count({ where: { zoneId: zone.id } });
      if (count > 0) {
        const rovers = await tx.rover.findMany({
          where: { zoneId: zone.id },
          select: { id: true, name: true, version: true },
          orderBy: [{ name: "asc" }, { version: "asc" }],
          take: REFERENCE_LIST_LIMIT,
        });
        const names = rovers.map((r) => `${r.name} ${r.version}`).join(", ");
        throw conflict(
          `Zone ${name} still holds ${count} rover${count === 1 ? "" : "s"} (${names}${count > rovers.length ? ", …" : ""}); ` +
            "delete them first or delete with ?cascade=true",
          { references: { rovers: { count, items: rovers.map((r) => ({ ...r, zone: name })) } } },
        );
      }
    }
    await tx.zone.delete({ where: { id: zone.id } });
    await recordAudit(tx, by, {
      action: "delete",
      entityType: "zone",
      entityKey: name,
      entityLabel: name,
      before: toZone(zone),
    });
    return { deletedRovers };
  });
}
