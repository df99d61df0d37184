import "server-only";
import type { PublishStatus } from "@prisma/client";
import type { SubscriptionRefusal, Warning, ZoneOutput } from "../compiler/types";
import { compiledEstate } from "./compiled";
import { pendingChanges, type ZonePending } from "./pending";
import { prisma } from "./prisma";

/**
 * The estate at a glance, from the cached compile and a few counts: nothing here calls a Kong, so
 * the overview answers at once however many zones are dead. Drift and each node's reachability
 * are per-zone reads of their own (GET /zones/{name}/drift, /zones/{name}/kong-status).
 */
export interface WarningCounts {
  error: number;
  warning: number;
  info: number;
}

export interface ZoneOverview {
  zone: string;
  visibility: "WORLD" | "ENTERPRISE";
  dtcEligible: boolean;
  routes: number;
  inactiveRoutes: number;
  refusals: number;
  warnings: WarningCounts;
  pending: ZonePending;
  /** The newest real publish (any outcome); null when none was made. */
  lastPublish: { id: string; status: PublishStatus; at: string } | null;
}

export interface EstateOverview {
  zones: ZoneOverview[];
  totals: {
    zones: number;
    rovers: number;
    tenants: number;
    entitlements: number;
    routes: number;
    inactiveRoutes: number;
    refusals: number;
    warnings: WarningCounts;
    pendingZones: number;
    pendingRoutes: number;
  };
}

export function warningCounts(warnings: readonly Pick<Warning, "severity">[]): WarningCounts {
  const counts: WarningCounts = { error: 0, warning: 0, info: 0 };
  for (const w of warnings) counts[w.severity] += 1;
  return counts;
}

const addCounts = (a: WarningCounts, b: WarningCounts): WarningCounts => ({
  error: a.error + b.error,
  warning: a.warning + b.warning,
  info: a.info + b.info,
});

async function latestPublishes(): Promise<Map<string, { id: string; status: PublishStatus; at: Date }>> {
  const rows = await prisma.$queryRaw<{ id: string; zoneName: string; status: PublishStatus; at: Date }[]>`
    select distinct on ("zoneName") id::text as id, "zoneName", status, coalesce("finishedAt", "createdAt") as at
      from "Publish"
     where "dryRun" = false
     order by "zoneName", "createdAt" desc`;
  return new Map(rows.map((r) => [r.zoneName, r]));
}

const refusalKey = (r: SubscriptionRefusal) => `${r.subscriberRoverId}\u0000${r.providerRoverId}\u0000${r.basePath}`;

export async function estateOverview(): Promise<EstateOverview> {
  const [compiled, pending, latest, zones, rovers, tenants, entitlements] = await Promise.all([
    compiledEstate(),
    pendingChanges(),
    latestPublishes(),
    prisma.zone.findMany({ select: { name: true, visibility: true }, orderBy: { name: "asc" } }),
    prisma.rover.count(),
    prisma.tenant.count(),
    prisma.entitlement.count(),
  ]);
  const outputs = new Map<string, ZoneOutput>(compiled.zones.map((z) => [z.zone, z]));
  const pendingOf = new Map(pending.all.map((p) => [p.zone, p]));
  const items = zones.flatMap((zone): ZoneOverview[] => {
    const out = outputs.get(zone.name);
    const zonePending = pendingOf.get(zone.name);
    // A zone created after the compile was taken: the next answer has it.
    if (!out || !zonePending) return [];
    const last = latest.get(zone.name);
    return [
      {
        zone: zone.name,
        visibility: zone.visibility,
        dtcEligible: out.dtcEligible,
        routes: out.routes.length,
        inactiveRoutes: out.inactiveRoutes.length,
        refusals: out.refusals.length,
        warnings: warningCounts(out.warnings),
        pending: zonePending,
        lastPublish: last ? { id: last.id, status: last.status, at: last.at.toISOString() } : null,
      },
    ];
  });
  return {
    zones: items,
    totals: {
      zones: items.length,
      rovers,
      tenants,
      entitlements,
      routes: items.reduce((n, z) => n + z.routes, 0),
      inactiveRoutes: items.reduce((n, z) => n + z.inactiveRoutes, 0),
      // A refusal is listed in both the subscriber's and the provider's zone: counted once.
      refusals: new Set(compiled.zones.flatMap((z) => z.refusals.map(refusalKey))).size,
      warnings: items.reduce((c, z) => addCounts(c, z.warnings), { error: 0, warning: 0, info: 0 }),
      pendingZones: items.filter((z) => z.pending.routes > 0).length,
      pendingRoutes: items.reduce((n, z) => n + z.pending.routes, 0),
    },
  };
}

export interface RoverLabel {
  id: string;
  name: string;
  version: string;
  zone: string;
}

/** A subscription the compiler refuses, with both rovers named (GET /refusals). */
export interface RefusalView {
  subscriber: RoverLabel;
  provider: RoverLabel;
  basePath: string;
  reason: string;
}

/**
 * Every refused subscription of the estate (or of one subscribing rover), from the cached compile:
 * an approved subscription can still be refused (e.g. a WORLD zone's rover to an ENTERPRISE
 * exposure), and the rover that subscribes is where the operator looks for it.
 */
export async function subscriptionRefusals(subscriberId?: string): Promise<RefusalView[]> {
  const compiled = await compiledEstate();
  const seen = new Set<string>();
  const refusals = compiled.zones
    .flatMap((z) => z.refusals)
    .filter((r) => !subscriberId || r.subscriberRoverId === subscriberId)
    .filter((r) => {
      const key = refusalKey(r);
      if (seen.has(key)) return false;
      seen.add(key);
      return true;
    });
  if (refusals.length === 0) return [];
  const ids = [...new Set(refusals.flatMap((r) => [r.subscriberRoverId, r.providerRoverId]))];
  const rows = await prisma.rover.findMany({
    where: { id: { in: ids } },
    select: { id: true, name: true, version: true, zone: { select: { name: true } } },
  });
  const labels = new Map(rows.map((r) => [r.id, { id: r.id, name: r.name, version: r.version, zone: r.zone.name }]));
  return refusals.flatMap((r) => {
    const subscriber = labels.get(r.subscriberRoverId);
    const provider = labels.get(r.providerRoverId);
    // A rover deleted after the compile was taken: the next answer no longer has its refusal.
    if (!subscriber || !provider) return [];
    return [{ subscriber, provider, basePath: r.basePath, reason: r.reason }];
  });
}
