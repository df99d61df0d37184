import "server-only";
import { ApiError } from "../api/errors";
import { compareStrings } from "../compiler/semver";
import { compiledEstate } from "../db/compiled";
import { getPublish, type PublishSummary } from "../db/publishes";
import { log } from "../observability/log";
import {
  dependentsOf,
  orderEstate,
  zonesByHost,
  zoneWrites,
  type EstateDependency,
} from "./estate-order";
import { acquireZoneLock, PublishInProgressError, type ZoneLock } from "./lock";
import type { PublishPlan } from "./plan";
import { apiErrorOf, deps } from "./service";
import { planZoneNow, publishZone } from "./workflow";

/**
 * One plan and one publish for the whole estate (`POST /api/v1/publish`). Every zone's lock is
 * taken first, in zone-name order — the one global order, so two estate publishes (or an estate
 * publish and zone publishes, which take one lock each) can't deadlock — then each zone is planned
 * against its Kong, the zones are ordered by their proxy dependencies (estate-order.ts), and
 * published one after the other. A zone that fails stops every zone that depends on it; the answer
 * says per zone what was and wasn't applied.
 */
export interface EstateZonePlan {
  zone: string;
  /** 1-based place in the publish order. */
  position: number;
  /** Zones published before this one because of a proxy between them. */
  after: { zone: string; why: EstateDependency["why"] }[];
  summary: PublishPlan["summary"];
  writes: number;
  steps: { name: string; writes: number }[];
  /** Why the zone could not be planned (its Kong unreachable, unsupported…). */
  error: string | null;
}

export interface EstatePlan {
  zones: EstateZonePlan[];
  dependencies: EstateDependency[];
  /** Zones whose dependencies form a cycle: published in name order among themselves. */
  cycle: string[];
  writes: number;
}

export type EstateZoneOutcome = "SUCCEEDED" | "FAILED" | "INTERRUPTED" | "UNCHANGED" | "NOT_STARTED";

export interface EstatePublishResult extends EstatePlan {
  status: "SUCCEEDED" | "FAILED";
  zones: (EstateZonePlan & {
    outcome: EstateZoneOutcome;
    publishId: string | null;
    applied: number;
    failed: number;
    skipped: number;
    /** The failure, or for a zone not started, which failed zone it depends on. */
    reason: string | null;
  })[];
}

const LOCK_WAIT_MS = 30_000;

interface Planned {
  plan: EstatePlan;
  plans: Map<string, PublishPlan | null>;
}

async function planEstate(signal?: AbortSignal): Promise<Planned> {
  const estate = await compiledEstate();
  const zoneOfHost = zonesByHost(estate.zones);
  const plans = new Map<string, PublishPlan | null>();
  const errors = new Map<string, string>();
  const writes = [];
  for (const compiled of estate.zones) {
    try {
      const { plan } = await planZoneNow(compiled.zone, { ...deps(), signal });
      plans.set(compiled.zone, plan);
      writes.push(zoneWrites(compiled, plan, zoneOfHost));
    } catch (error) {
      const api = apiErrorOf(error, compiled.zone);
      errors.set(compiled.zone, api instanceof Error ? api.message : String(api));
      plans.set(compiled.zone, null);
      // Unplanned, it still has its desired proxies: zones it forwards to go first, as they would.
      writes.push({ zone: compiled.zone, addsVia: compiled.routes.flatMap((r) => (r.upstream.viaZone ? [r.upstream.viaZone] : [])), removesVia: [] });
    }
  }
  const order = orderEstate(writes);
  const zones = order.order.map((zone, i): EstateZonePlan => {
    const plan = plans.get(zone) ?? null;
    return {
      zone,
      position: i + 1,
      after: order.dependencies.filter((d) => d.after === zone).map((d) => ({ zone: d.before, why: d.why })),
      summary: plan?.summary ?? { create: 0, update: 0, delete: 0, unchanged: 0 },
      writes: plan ? plan.steps.reduce((n, s) => n + s.ops.length, 0) : 0,
      steps: plan ? plan.steps.map((s) => ({ name: s.name, writes: s.ops.length })) : [],
      error: errors.get(zone) ?? null,
    };
  });
  return {
    plan: { zones, dependencies: order.dependencies, cycle: order.cycle, writes: zones.reduce((n, z) => n + z.writes, 0) },
    plans,
  };
}

/** The estate's plan against every zone's Kong as it is now; nothing is locked or recorded. */
export async function previewEstate(): Promise<EstatePlan> {
  return (await planEstate()).plan;
}

/** Takes every zone's lock in name order; on a refusal releases what it took (409). */
async function lockAll(zones: string[]): Promise<Map<string, ZoneLock>> {
  const locks = new Map<string, ZoneLock>();
  try {
    for (const zone of [...zones].sort(compareStrings)) locks.set(zone, await acquireZoneLock(zone, { waitMs: LOCK_WAIT_MS }));
  } catch (error) {
    await Promise.all([...locks.values()].map((l) => l.release()));
    if (error instanceof PublishInProgressError)
      throw new ApiError("conflict", `${error.message} The estate publish took no zone's lock and wrote nothing.`);
    throw error;
  }
  return locks;
}

export async function publishEstate(actor: string): Promise<EstatePublishResult> {
  const estate = await compiledEstate();
  const locks = await lockAll(estate.zones.map((z) => z.zone));
  try {
    // Planned holding every lock: what is ordered is what each zone's publish then finds.
    const { plan } = await planEstate();
    const stopped = new Map<string, string>();
    const zones: EstatePublishResult["zones"] = [];
    for (const z of plan.zones) {
      const blockedBy = stopped.get(z.zone);
      if (blockedBy || z.error) {
        zones.push({ ...z, outcome: z.error ? "FAILED" : "NOT_STARTED", publishId: null, applied: 0, failed: 0, skipped: z.writes, reason: z.error ?? blockedBy! });
        for (const d of dependentsOf(z.zone, plan.dependencies))
          if (!stopped.has(d)) stopped.set(d, `Not published: it depends on zone ${z.zone}, which ${z.error ? "failed" : "was not published"}.`);
        continue;
      }
      if (z.writes === 0) {
        zones.push({ ...z, outcome: "UNCHANGED", publishId: null, applied: 0, failed: 0, skipped: 0, reason: null });
        continue;
      }
      let outcome: EstateZoneOutcome;
      let publishId: string | null = null;
      let summary: PublishSummary = { ...z.summary };
      let reason: string | null = null;
      try {
        const record = await publishZone({ zone: z.zone, actor, heldLock: locks.get(z.zone) }, deps());
        publishId = record.id;
        outcome = record.status === "SUCCEEDED" ? "SUCCEEDED" : record.status === "INTERRUPTED" ? "INTERRUPTED" : "FAILED";
        summary = (await getPublish(record.id))?.summary ?? record.summary;
        reason = record.error;
      } catch (error) {
        const api = apiErrorOf(error, z.zone);
        outcome = "FAILED";
        reason = api instanceof Error ? api.message : String(api);
        log.warn("estate publish: a zone failed", { zone: z.zone, error });
      }
      zones.push({
        ...z,
        outcome,
        publishId,
        applied: summary.applied ?? 0,
        failed: summary.failed ?? 0,
        skipped: summary.skipped ?? (outcome === "SUCCEEDED" ? 0 : z.writes),
        reason,
      });
      if (outcome !== "SUCCEEDED")
        for (const d of dependentsOf(z.zone, plan.dependencies))
          if (!stopped.has(d)) stopped.set(d, `Not published: it depends on zone ${z.zone}, whose publish ${outcome === "FAILED" ? "failed" : "stopped"}.`);
    }
    const ok = zones.every((z) => z.outcome === "SUCCEEDED" || z.outcome === "UNCHANGED");
    return { ...plan, zones, status: ok ? "SUCCEEDED" : "FAILED" };
  } finally {
    await Promise.all([...locks.values()].map((l) => l.release()));
  }
}
