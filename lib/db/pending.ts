import "server-only";
import type { KongState, ZoneOutput } from "../compiler/types";
import { routeImpact } from "../publish/views";
import { compiledEstate } from "./compiled";
import { prisma } from "./prisma";

/**
 * What each zone's Kong does not have yet: the cached compile's desired state against the state its
 * last successful publish sent, route by route — the same comparison as the zone's publish page
 * ("since the last publish"), so the counts agree. Cheap enough for every page of the shell: the
 * compile is cached per data version, a publish's state is read once per publish (it never
 * changes), and a zone's count is kept per (compile output, publish).
 */
export interface ZonePending {
  zone: string;
  /** Routes added, removed or changed since the last successful publish (all routes if none). */
  routes: number;
  added: number;
  removed: number;
  changed: number;
  /** The publish compared with; null when the zone was never published. */
  baselinePublishId: string | null;
  publishedAt: string | null;
}

export interface PendingChanges {
  /** Zones whose routes differ from their last publish, by name. */
  zones: ZonePending[];
  /** Every zone's count, pending or not, by name. */
  all: ZonePending[];
}

interface Baseline {
  id: string;
  state: KongState;
}

interface PendingState {
  /** The last publish's state per zone: only the newest is ever compared with. */
  baselines: Map<string, Baseline>;
  counts: WeakMap<ZoneOutput, { baselineId: string | null; pending: ZonePending }>;
}

const globalForPending = globalThis as unknown as { switchyardPending?: PendingState };
const state = (globalForPending.switchyardPending ??= { baselines: new Map(), counts: new WeakMap() });

/** Each zone's newest successful publish, without its (large) desired state. */
async function lastPublishes(): Promise<Map<string, { id: string; finishedAt: Date | null }>> {
  const rows = await prisma.$queryRaw<{ id: string; zoneName: string; finishedAt: Date | null }[]>`
    select distinct on ("zoneName") id::text as id, "zoneName", "finishedAt"
      from "Publish"
     where status = 'SUCCEEDED' and "dryRun" = false
     order by "zoneName", "createdAt" desc`;
  return new Map(rows.map((r) => [r.zoneName, { id: r.id, finishedAt: r.finishedAt }]));
}

async function baselineState(zone: string, publishId: string): Promise<KongState> {
  const cached = state.baselines.get(zone);
  if (cached?.id === publishId) return cached.state;
  const row = await prisma.publish.findUnique({ where: { id: publishId }, select: { desiredState: true } });
  const desired = (row?.desiredState ?? { services: [], upstreams: [], targets: [], routes: [], plugins: [] }) as unknown as KongState;
  state.baselines.set(zone, { id: publishId, state: desired });
  return desired;
}

export async function pendingChanges(): Promise<PendingChanges> {
  const [compiled, published] = await Promise.all([compiledEstate(), lastPublishes()]);
  const all = await Promise.all(
    compiled.zones.map(async (zone): Promise<ZonePending> => {
      const last = published.get(zone.zone) ?? null;
      const known = state.counts.get(zone);
      if (known && known.baselineId === (last?.id ?? null)) return known.pending;
      const impact = routeImpact(last ? await baselineState(zone.zone, last.id) : null, zone.kong);
      const pending: ZonePending = {
        zone: zone.zone,
        routes: impact.added.length + impact.removed.length + impact.changed.length,
        added: impact.added.length,
        removed: impact.removed.length,
        changed: impact.changed.length,
        baselinePublishId: last?.id ?? null,
        publishedAt: last?.finishedAt?.toISOString() ?? null,
      };
      state.counts.set(zone, { baselineId: last?.id ?? null, pending });
      return pending;
    }),
  );
  // Zones deleted since: their cached publish state would only hold memory.
  for (const zone of state.baselines.keys()) if (!compiled.zones.some((z) => z.zone === zone)) state.baselines.delete(zone);
  return { zones: all.filter((z) => z.routes > 0), all };
}
