import "server-only";
import type { Prisma } from "@prisma/client";
import { DEFAULT_ISSUER_PLUGIN } from "../compiler/issuer-plugins";
import type { ExposureInput, RoverInput, Snapshot } from "../compiler/types";
import { prisma } from "./prisma";

/**
 * The compiler's input, read in a fixed number of flat queries (one per table, no per-rover
 * round trips) inside one REPEATABLE READ transaction, so an estate of thousands of rovers loads
 * in a few hundred milliseconds and never mixes two points in time.
 */

/**
 * A cheap fingerprint of everything the compiler reads. Every write the API makes to a rover's
 * exposures or subscriptions bumps the rover's revision, and inserts/deletes change a table's
 * count or id hash, so equal fingerprints mean equal snapshots.
 */
const versionQuery = (tx: Prisma.TransactionClient | typeof prisma) => tx.$queryRaw<{ version: string }[]>`
  select concat_ws('|',
    (select count(*) || ':' || coalesce(sum(revision), 0) || ':' || coalesce(sum(hashtext(id::text)::bigint), 0) || ':' || coalesce(max("updatedAt")::text, '') from "Zone"),
    (select count(*) || ':' || coalesce(sum(revision), 0) || ':' || coalesce(sum(hashtext(id::text)::bigint), 0) || ':' || coalesce(max("updatedAt")::text, '') from "Rover"),
    (select count(*) || ':' || coalesce(sum(hashtext(id::text)::bigint), 0) from "Entitlement"),
    (select coalesce(max(revision || ':' || "updatedAt"::text), '') from "Settings")
  ) as version`;

export async function dataVersion(): Promise<string> {
  const [row] = await versionQuery(prisma);
  return row.version;
}

export async function loadSnapshot(): Promise<Snapshot> {
  return (await loadVersionedSnapshot()).snapshot;
}

export async function loadVersionedSnapshot(): Promise<{ version: string; snapshot: Snapshot }> {
  const [version, settings, zones, rovers, exposures, upstreams, endpoints, subscriptions, entitlements] =
    await prisma.$transaction(
      [
        versionQuery(prisma),
        prisma.settings.findUnique({ where: { id: 1 }, select: { environment: true, tenantHeader: true, issuerPlugin: true } }),
        prisma.zone.findMany({
          select: {
            name: true,
            visibility: true,
            gatewayUrl: true,
            identityProviderUrl: true,
            dtcUrl: true,
            enforceIssuers: true,
          },
          orderBy: { name: "asc" },
        }),
        prisma.rover.findMany({
          select: {
            id: true,
            name: true,
            version: true,
            failoverEnabled: true,
            zone: { select: { name: true } },
          },
          orderBy: [{ name: "asc" }, { version: "asc" }, { id: "asc" }],
        }),
        prisma.exposure.findMany({
          select: { id: true, roverId: true, basePath: true, visibility: true, tenantAccess: true, stripBasePath: true },
          orderBy: [{ roverId: "asc" }, { position: "asc" }],
        }),
        prisma.upstream.findMany({
          select: { exposureId: true, url: true, weight: true },
          orderBy: [{ exposureId: "asc" }, { position: "asc" }],
        }),
        prisma.endpoint.findMany({
          select: { exposureId: true, methods: true, path: true },
          orderBy: [{ exposureId: "asc" }, { position: "asc" }],
        }),
        prisma.subscription.findMany({
          select: { roverId: true, basePath: true, approved: true },
          orderBy: [{ roverId: "asc" }, { position: "asc" }],
        }),
        prisma.entitlement.findMany({
          select: { application: true, version: true, tenant: { select: { name: true } } },
          orderBy: [{ application: "asc" }, { version: "asc" }, { tenant: { name: "asc" } }],
        }),
      ],
      { isolationLevel: "RepeatableRead" },
    );

  const exposureById = new Map<string, ExposureInput>();
  const exposuresByRover = new Map<string, ExposureInput[]>();
  for (const e of exposures) {
    const input: ExposureInput = {
      basePath: e.basePath,
      visibility: e.visibility,
      tenantAccess: e.tenantAccess,
      upstreams: [],
      endpoints: [],
      stripBasePath: e.stripBasePath,
    };
    exposureById.set(e.id, input);
    push(exposuresByRover, e.roverId, input);
  }
  for (const u of upstreams) exposureById.get(u.exposureId)?.upstreams.push({ url: u.url, weight: u.weight });
  for (const p of endpoints)
    exposureById.get(p.exposureId)?.endpoints.push({ methods: p.methods, path: p.path });
  const subscriptionsByRover = new Map<string, RoverInput["subscriptions"]>();
  for (const s of subscriptions)
    push(subscriptionsByRover, s.roverId, { basePath: s.basePath, approved: s.approved });

  return {
    version: version[0].version,
    snapshot: {
      settings: settings ?? { environment: "default", tenantHeader: "x-okapi-tenant", issuerPlugin: DEFAULT_ISSUER_PLUGIN },
      zones: zones.map((z) => ({ ...z })),
      rovers: rovers.map((r) => ({
        id: r.id,
        name: r.name,
        version: r.version,
        zone: r.zone.name,
        failoverEnabled: r.failoverEnabled,
        exposures: exposuresByRover.get(r.id) ?? [],
        subscriptions: subscriptionsByRover.get(r.id) ?? [],
      })),
      entitlements: entitlements.map((e) => ({
        tenant: e.tenant.name,
        application: e.application,
        version: e.version,
      })),
    },
  };
}

function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}
