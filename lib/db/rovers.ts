import "server-only";
import type { Prisma } from "@prisma/client";
import type { z } from "zod";
import type {
  Rover,
  exposureSchema,
  roverCreateSchema,
  roverUpdateSchema,
  subscriptionSchema,
} from "../api/schemas";
import { recordAudit, type AuditContext } from "./audit";
import { conflict, fieldErrors, notFound, staleRevision } from "./errors";
import type { ListResult, Page } from "./page";
import { cachedQuery } from "./changes";
import { prisma } from "./prisma";
import { isPrismaError } from "./prisma-errors";

export type RoverCreateInput = z.output<typeof roverCreateSchema>;
export type RoverUpdateInput = Omit<z.output<typeof roverUpdateSchema>, "revision">;
type ExposureData = z.output<typeof exposureSchema>;
type SubscriptionData = z.output<typeof subscriptionSchema>;

export interface RoverFilter {
  /** Part of the application name, case-insensitive. */
  q?: string;
  zone?: string;
  name?: string;
  version?: string;
}

export const roverInclude = {
  zone: { select: { name: true } },
  exposures: {
    orderBy: { position: "asc" },
    include: { upstreams: { orderBy: { position: "asc" } }, endpoints: { orderBy: { position: "asc" } } },
  },
  subscriptions: { orderBy: { position: "asc" } },
} as const satisfies Prisma.RoverInclude;
type RoverRow = Prisma.RoverGetPayload<{ include: typeof roverInclude }>;

export function toRover(row: RoverRow): Rover {
  return {
    id: row.id,
    name: row.name,
    version: row.version,
    zone: row.zone.name,
    failoverEnabled: row.failoverEnabled,
    exposures: row.exposures.map((e) => ({
      basePath: e.basePath,
      upstreams: e.upstreams.map((u) => ({ url: u.url, weight: u.weight })),
      visibility: e.visibility,
      tenantAccess: e.tenantAccess,
      endpoints: e.endpoints.map((p) => ({ methods: p.methods, path: p.path })),
      stripBasePath: e.stripBasePath,
    })),
    subscriptions: row.subscriptions.map((s) => ({ basePath: s.basePath, approved: s.approved })),
    revision: row.revision,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}

export function exposureCreates(exposures: ExposureData[]): Prisma.ExposureCreateWithoutRoverInput[] {
  return exposures.map((e, position) => ({
    position,
    basePath: e.basePath,
    visibility: e.visibility,
    tenantAccess: e.tenantAccess,
    stripBasePath: e.stripBasePath,
    upstreams: { create: e.upstreams.map((u, i) => ({ position: i, url: u.url, weight: u.weight })) },
    endpoints: { create: e.endpoints.map((p, i) => ({ position: i, methods: p.methods, path: p.path })) },
  }));
}

export function subscriptionCreates(
  subscriptions: SubscriptionData[],
): Prisma.SubscriptionCreateWithoutRoverInput[] {
  return subscriptions.map((s, position) => ({ position, basePath: s.basePath, approved: s.approved }));
}

function roverWhere(filter: RoverFilter): Prisma.RoverWhereInput {
  return {
    ...(filter.q ? { name: { contains: filter.q, mode: "insensitive" } } : {}),
    ...(filter.name ? { name: filter.name } : {}),
    ...(filter.version ? { version: filter.version } : {}),
    ...(filter.zone ? { zone: { name: filter.zone } } : {}),
  };
}

async function queryRovers(filter: RoverFilter, page: Page): Promise<ListResult<Rover>> {
  const where = roverWhere(filter);
  const [rows, total] = await prisma.$transaction([
    prisma.rover.findMany({
      where,
      include: roverInclude,
      orderBy: [{ name: "asc" }, { version: "asc" }, { zone: { name: "asc" } }],
      take: page.limit,
      skip: page.offset,
    }),
    prisma.rover.count({ where }),
  ]);
  return { items: rows.map(toRover), total };
}

/** The list, from memory while no change has been committed since it was read (lib/db/changes.ts). */
export const listRovers = cachedQuery("domain", "rovers", queryRovers);

export async function getRover(id: string): Promise<Rover | null> {
  const row = await prisma.rover.findUnique({ where: { id }, include: roverInclude });
  return row ? toRover(row) : null;
}

/** The rover deployed as (name, version) in zone, if any: the identity a rover file names. */
export async function findRover(name: string, version: string, zone: string): Promise<Rover | null> {
  const row = await prisma.rover.findFirst({
    where: { name, version, zone: { name: zone } },
    include: roverInclude,
  });
  return row ? toRover(row) : null;
}

async function zoneIdOf(tx: Prisma.TransactionClient, zone: string, path = "zone"): Promise<string> {
  const row = await tx.zone.findUnique({ where: { name: zone }, select: { id: true } });
  if (!row) throw fieldErrors([{ path, message: `Zone ${zone} does not exist` }]);
  return row.id;
}

/** How the audit trail names a rover: its identity, not its id. */
export const roverLabel = (name: string, version: string, zone: string) => `${name} ${version} in ${zone}`;

const duplicate = (name: string, version: string, zone: string) =>
  conflict(`Rover ${name} ${version} already exists in zone ${zone}`, [
    { path: "version", message: `${name} ${version} is already deployed in zone ${zone}` },
  ]);

/** `action` is "import" when the rover came from a rover file. */
export async function createRover(
  input: RoverCreateInput,
  by: AuditContext,
  action: "create" | "import" = "create",
): Promise<Rover> {
  try {
    return await prisma.$transaction(async (tx) => {
      const zoneId = await zoneIdOf(tx, input.zone);
      const row = await tx.rover.create({
        data: {
          name: input.name,
          version: input.version,
          zoneId,
          failoverEnabled: input.failoverEnabled,
          exposures: { create: exposureCreates(input.exposures) },
          subscriptions: { create: subscriptionCreates(input.subscriptions) },
        },
        include: roverInclude,
      });
      const rover = toRover(row);
      await recordAudit(tx, by, {
        action,
        entityType: "rover",
        entityKey: rover.id,
        entityLabel: roverLabel(rover.name, rover.version, rover.zone),
        after: rover,
      });
      return rover;
    });
  } catch (error) {
    if (isPrismaError(error, "P2002")) throw duplicate(input.name, input.version, input.zone);
    throw error;
  }
}

/**
 * Updates a rover; exposures and subscriptions, when given, replace the stored lists wholesale
 * (in the same transaction, so the compiler never sees half a rover).
 */
export async function updateRover(
  id: string,
  input: RoverUpdateInput,
  expectedRevision: number | undefined,
  by: AuditContext,
  action: "update" | "import" = "update",
): Promise<Rover> {
  try {
    return await prisma.$transaction(async (tx) => {
      const current = await tx.rover.findUnique({ where: { id }, include: roverInclude });
      if (!current) throw notFound(`Rover ${id} does not exist`);
      if (expectedRevision !== undefined && current.revision !== expectedRevision) {
        throw staleRevision(`Rover ${current.name} ${current.version}`, expectedRevision, current.revision);
      }
      const zoneId = input.zone === undefined ? undefined : await zoneIdOf(tx, input.zone);
      const { count } = await tx.rover.updateMany({
        where: { id, revision: current.revision },
        data: { failoverEnabled: input.failoverEnabled, zoneId, revision: { increment: 1 } },
      });
      if (count === 0) {
        const now = await tx.rover.findUnique({ where: { id }, select: { revision: true } });
        if (!now) throw notFound(`Rover ${id} does not exist`);
        throw staleRevision(
          `Rover ${current.name} ${current.version}`,
          expectedRevision ?? current.revision,
          now.revision,
        );
      }
      if (input.exposures !== undefined || input.subscriptions !== undefined) {
        await tx.rover.update({
          where: { id },
          data: {
            ...(input.exposures === undefined
              ? {}
              : { exposures: { deleteMany: {}, create: exposureCreates(input.exposures) } }),
            ...(input.subscriptions === undefined
              ? {}
              : { subscriptions: { deleteMany: {}, create: subscriptionCreates(input.subscriptions) } }),
          },
        });
      }
      const rover = toRover(await tx.rover.findUniqueOrThrow({ where: { id }, include: roverInclude }));
      await recordAudit(tx, by, {
        action,
        entityType: "rover",
        entityKey: id,
        entityLabel: roverLabel(rover.name, rover.version, rover.zone),
        before: toRover(current),
        after: rover,
      });
      return rover;
    });
  } catch (error) {
    if (isPrismaError(error, "P2002") && input.zone) {
      const row = await prisma.rover.findUnique({ where: { id }, select: { name: true, version: true } });
      if (row) throw duplicate(row.name, row.version, input.zone);
    }
    throw error;
  }
}

/** Nothing references a rover by key (subscriptions name base paths), so a rover deletes freely. */
export async function deleteRover(id: string, by: AuditContext): Promise<void> {
  await prisma.$transaction(async (tx) => {
    const current = await tx.rover.findUnique({ where: { id }, include: roverInclude });
    const { count } = await tx.rover.deleteMany({ where: { id } });
    if (!current || count === 0) throw notFound(`Rover ${id} does not exist`);
    await recordAudit(tx, by, {
      action: "delete",
      entityType: "rover",
      entityKey: id,
      entityLabel: roverLabel(current.name, current.version, current.zone.name),
      before: toRover(current),
    });
  });
}
