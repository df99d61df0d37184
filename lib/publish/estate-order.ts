/**
 * The order of an estate publish. A proxy or failover route in zone Y forwards to the real route of
 * its provider zone P (`upstream.viaZone`). While routes are added, P must be published before Y:
 * otherwise Y's new proxy forwards to a P that has no route for it yet (a dead end). While routes
 * are removed it is the other way round: Y drops its proxy before P drops what the proxy reached.
 * Zones are ordered so every such edge is honoured; a zone that can't be (a cycle: Y adds a proxy
 * to P while P adds one to Y and one of them also removes…) keeps the zones in name order and says so.
 */
import type { CompiledRoute, ZoneOutput } from "../compiler/types";
import { compareStrings } from "../compiler/semver";
import type { LiveEntity, PlanOp, PublishPlan } from "./plan";

export interface EstateZoneWrites {
  zone: string;
  /** Provider zones that this zone's created or updated proxy/failover routes forward to. */
  addsVia: string[];
  /** Provider zones that this zone's deleted proxy/failover routes forwarded to. */
  removesVia: string[];
}

export interface EstateDependency {
  /** Published first. */
  before: string;
  after: string;
  why: "adds-proxy" | "removes-proxy";
}

export interface EstateOrder {
  /** Every zone, in the order to publish them. */
  order: string[];
  dependencies: EstateDependency[];
  /** Zones caught in a cycle of dependencies, published in name order among themselves. */
  cycle: string[];
}

export function estateDependencies(zones: readonly EstateZoneWrites[]): EstateDependency[] {
  const known = new Set(zones.map((z) => z.zone));
  const seen = new Set<string>();
  const out: EstateDependency[] = [];
  const add = (d: EstateDependency) => {
    const key = `${d.before}>${d.after}`;
    if (d.before === d.after || !known.has(d.before) || !known.has(d.after) || seen.has(key)) return;
    seen.add(key);
    out.push(d);
  };
  for (const z of zones) {
    for (const provider of z.addsVia) add({ before: provider, after: z.zone, why: "adds-proxy" });
    for (const provider of z.removesVia) add({ before: z.zone, after: provider, why: "removes-proxy" });
  }
  return out.sort((a, b) => compareStrings(a.before, b.before) || compareStrings(a.after, b.after));
}

/** A topological order of the zones (Kahn's, smallest name first among the ready ones, so it is deterministic). */
export function orderEstate(zones: readonly EstateZoneWrites[]): EstateOrder {
  const dependencies = estateDependencies(zones);
  const names = zones.map((z) => z.zone).sort(compareStrings);
  const waitingFor = new Map(names.map((n) => [n, 0]));
  for (const d of dependencies) waitingFor.set(d.after, waitingFor.get(d.after)! + 1);
  const order: string[] = [];
  const ready = names.filter((n) => waitingFor.get(n) === 0);
  while (ready.length > 0) {
    ready.sort(compareStrings);
    const next = ready.shift()!;
    order.push(next);
    for (const d of dependencies) {
      if (d.before !== next) continue;
      const left = waitingFor.get(d.after)! - 1;
      waitingFor.set(d.after, left);
      if (left === 0) ready.push(d.after);
    }
  }
  const cycle = names.filter((n) => !order.includes(n));
  return { order: [...order, ...cycle], dependencies, cycle };
}

/** Zones that must not be published once `failed` has failed: everything after it along the dependencies. */
export function dependentsOf(failed: string, dependencies: readonly EstateDependency[]): Set<string> {
  const stopped = new Set<string>();
  const visit = (zone: string) => {
    for (const d of dependencies)
      if (d.before === zone && !stopped.has(d.after)) {
        stopped.add(d.after);
        visit(d.after);
      }
  };
  visit(failed);
  return stopped;
}

const WRITES: PlanOp["action"][] = ["create", "update"];

/**
 * What a zone's plan does to proxy routes, from its compile (desired proxies carry `viaZone`) and
 * the plan (a deleted route's live service points at the provider's gateway host).
 */
export function zoneWrites(
  compiled: Pick<ZoneOutput, "zone" | "routes">,
  plan: PublishPlan,
  zoneOfHost: ReadonlyMap<string, string>,
): EstateZoneWrites {
  const ops = plan.steps.flatMap((s) => s.ops);
  const routesWritten = new Set(ops.filter((o) => o.kind === "route" && WRITES.includes(o.action)).map((o) => o.name));
  const servicesWritten = new Set(ops.filter((o) => o.kind === "service" && WRITES.includes(o.action)).map((o) => o.name));
  const proxies = compiled.routes.filter((r): r is CompiledRoute & { upstream: { viaZone: string } } => !!r.upstream.viaZone);
  const addsVia = proxies
    .filter((r) => routesWritten.has(r.name) || servicesWritten.has(r.name))
    .map((r) => r.upstream.viaZone);
  const liveServices = new Map(
    ops.filter((o) => o.kind === "service" && o.live).map((o) => [o.id, o.live as LiveEntity]),
  );
  const removesVia: string[] = [];
  for (const op of ops) {
    if (op.kind !== "route" || op.action !== "delete" || !op.live) continue;
    const serviceId = (op.live.service as { id?: unknown } | null | undefined)?.id;
    const service = typeof serviceId === "string" ? liveServices.get(serviceId) : undefined;
    const host = service && typeof service.host === "string" ? service.host : undefined;
    const provider = host ? zoneOfHost.get(host) : undefined;
    if (provider && provider !== compiled.zone) removesVia.push(provider);
  }
  const unique = (list: string[]) => [...new Set(list)].sort(compareStrings);
  return { zone: compiled.zone, addsVia: unique(addsVia), removesVia: unique(removesVia) };
}

/** Every gateway and DTC host of the estate's zones → the zone it belongs to. */
export function zonesByHost(zones: readonly Pick<ZoneOutput, "zone" | "realms">[]): Map<string, string> {
  const map = new Map<string, string>();
  for (const z of zones)
    for (const realm of z.realms)
      for (const entry of realm.entries) {
        // A DTC realm lists every DTC zone's URL; only the zone's own entries name it.
        if (realm.name === "dtc" && entry !== realm.entries[0]) continue;
        try {
          map.set(new URL(entry.url).hostname, z.zone);
        } catch {
          // A realm URL is validated at the API boundary; nothing to map otherwise.
        }
      }
  return map;
}
