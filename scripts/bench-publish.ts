/**
 * Publish benchmark on the large estate (lib/compiler/fixtures/large-estate.ts: 12 zones, ~72,000
 * Kong entities) against the Kong stand-in, through the same plan and apply code a publish uses
 * (lib/publish/plan.ts, lib/publish/apply.ts) and the real Admin API client (lib/kong/client.ts).
 * Prints figures; not a timed test.   npm run bench:publish
 *
 * 1. first estate publish: writes against the minimum (every desired entity once) and wall time;
 * 2. yardstick: the same writes, recorded on the wire during (1), replayed as bare HTTP requests
 *    with the same bodies, the same step barriers and the same concurrency against a fresh stand-in;
 * 3. second publish with nothing changed (target: zero writes);
 * 4. one entitlement grant (target: writes = routes whose tenant list changed);
 * 5. a new version of an existing application (target: its own entities plus the routes whose
 *    expression or tenants actually change); priority-only updates of other routes are counted.
 *
 * The stand-in runs in this process, so the figures include its own work (routing tables are
 * rebuilt lazily, on the first proxied request, and no request is proxied here).
 */
import { loadavg } from "node:os";
import { compile } from "../lib/compiler";
import { LARGE_ESTATE, largeEstate } from "../lib/compiler/fixtures/large-estate";
import type { CompileResult, KongState, RoverInput, Snapshot } from "../lib/compiler/types";
import { kongZoneGateway } from "../lib/kong/kong-gateway";
import { applyPlan } from "../lib/publish/apply";
import { planPublish, type PlanOp } from "../lib/publish/plan";
import { startKongStandin, type KongStandin } from "./kong-standin/server";

const CONCURRENCY = 10;
const ms = (t: number) => `${(t / 1000).toFixed(1)} s`;
const load = () => loadavg().map((l) => l.toFixed(2)).join(", ");

interface Recorded {
  zone: string;
  step: number;
  method: string;
  path: string;
  body: string | undefined;
}

interface EstatePublish {
  writes: number;
  wallMs: number;
  ops: PlanOp[];
}

function entityCount(state: KongState): number {
  return state.services.length + state.upstreams.length + state.targets.length + state.routes.length + state.plugins.length;
}

/**
 * Publishes every zone in turn (as "publish zone" does, one zone after another), optionally
 * recording every write request as it goes on the wire, tagged with its plan step.
 */
async function publishEstate(kong: KongStandin, result: CompileResult, record?: Recorded[]): Promise<EstatePublish> {
  const started = performance.now();
  let writes = 0;
  const ops: PlanOp[] = [];
  for (const zone of result.zones) {
    let step = 0;
    const adminUrl = kong.zoneAdminUrl(zone.zone);
    const recordingFetch: typeof fetch = (input, init) => {
      const method = (init?.method ?? "GET").toUpperCase();
      if (record && method !== "GET") {
        const url = new URL(String(input));
        record.push({ zone: zone.zone, step, method, path: url.pathname.slice(new URL(adminUrl).pathname.length) + url.search, body: init?.body as string | undefined });
      }
      return fetch(input, init);
    };
    // The gateway a publish uses: the Admin API client with its retried reads.
    const gateway = kongZoneGateway({ name: zone.zone, kongAdminUrl: adminUrl }, { fetch: recordingFetch });
    const live = await gateway.listManaged();
    const plan = planPublish(zone.kong, live);
    const stepOf = new Map<PlanOp, number>();
    plan.steps.forEach((s, i) => s.ops.forEach((op) => stepOf.set(op, i)));
    const outcome = await applyPlan(
      plan,
      (op, signal) => {
        // Every write running at once belongs to one step (steps are barriers), so the tag is right.
        step = stepOf.get(op) ?? 0;
        return gateway.write(op, signal);
      },
      { concurrency: CONCURRENCY },
    );
    if (outcome.status !== "succeeded") throw new Error(`publish of ${zone.zone} failed: ${outcome.error?.message}`);
    writes += outcome.applied;
    ops.push(...plan.steps.flatMap((s) => s.ops));
  }
  return { writes, wallMs: performance.now() - started, ops };
}

/** The recorded writes as bare HTTP requests: zone by zone, step by step, `CONCURRENCY` at a time. */
async function replay(kong: KongStandin, recorded: Recorded[]): Promise<number> {
  const started = performance.now();
  const zones = [...new Set(recorded.map((r) => r.zone))];
  for (const zone of zones) {
    const mine = recorded.filter((r) => r.zone === zone);
    const steps = [...new Set(mine.map((r) => r.step))].sort((a, b) => a - b);
    for (const step of steps) {
      const batch = mine.filter((r) => r.step === step);
      let next = 0;
      const worker = async () => {
        while (next < batch.length) {
          const r = batch[next++];
          const response = await fetch(`${kong.zoneAdminUrl(zone)}${r.path}`, {
            method: r.method,
            headers: { accept: "application/json", ...(r.body ? { "content-type": "application/json" } : {}) },
            body: r.body,
          });
          await response.text();
          if (!response.ok) throw new Error(`replay ${r.method} ${r.path}: ${response.status}`);
        }
      };
      await Promise.all(Array.from({ length: Math.min(CONCURRENCY, batch.length) }, worker));
    }
  }
  return performance.now() - started;
}

/** Routes (by zone and name) whose given field differs between two compiles, and routes only in `after`. */
function changedRoutes(before: CompileResult, after: CompileResult, field: "tenants" | "expression"): { changed: number; added: number } {
  let changed = 0;
  let added = 0;
  for (const zone of after.zones) {
    const old = new Map((before.zones.find((z) => z.zone === zone.zone)?.routes ?? []).map((r) => [r.name, r]));
    for (const route of zone.routes) {
      const was = old.get(route.name);
      if (!was) added += 1;
      else if (JSON.stringify(was[field]) !== JSON.stringify(route[field])) changed += 1;
    }
  }
  return { changed, added };
}

/** An ENTITLED version with endpoints and a tenant not yet entitled to it. */
function grantCandidate(snapshot: Snapshot): { tenant: string; application: string; version: string } {
  const entitled = new Set(snapshot.entitlements.map((e) => `${e.tenant}|${e.application}|${e.version}`));
  const tenants = [...new Set(snapshot.entitlements.map((e) => e.tenant))].sort();
  for (const rover of snapshot.rovers) {
    if (!rover.exposures.some((e) => e.tenantAccess === "ENTITLED" && e.endpoints.length > 0)) continue;
    const tenant = tenants.find((t) => !entitled.has(`${t}|${rover.name}|${rover.version}`));
    if (tenant) return { tenant, application: rover.name, version: rover.version };
  }
  throw new Error("no grant candidate in the estate");
}

/**
 * A rover of an application that runs in one version, with the most endpoints, deployed again as
 * the next minor. Its exposures don't need entitlements (an ENTITLED version nobody is entitled to
 * yet emits no route), so the new version's routes go live at once, beside the old version's.
 */
function newVersionOf(snapshot: Snapshot): RoverInput {
  const versions = new Map<string, number>();
  for (const r of snapshot.rovers) versions.set(r.name, (versions.get(r.name) ?? 0) + 1);
  const endpoints = (r: RoverInput) => r.exposures.reduce((n, e) => n + e.endpoints.length, 0);
  const base = snapshot.rovers
    .filter((r) => versions.get(r.name) === 1 && r.exposures.length > 0 && r.exposures.every((e) => e.tenantAccess !== "ENTITLED"))
    .sort((a, b) => endpoints(b) - endpoints(a) || (a.id < b.id ? -1 : 1))[0];
  if (!base) throw new Error("no single-version application without ENTITLED exposures in the estate");
  const [major, minor] = base.version.split(".").map(Number);
  return { ...base, id: `${base.id}-next`, version: `${major}.${minor + 1}.0`, subscriptions: [] };
}

/** Kong entities (by zone and id) that only `after` has: what a deploy must create at least. */
function newEntities(before: CompileResult, after: CompileResult): number {
  const ids = (state: KongState | undefined) =>
    new Set(state ? [...state.services, ...state.upstreams, ...state.targets, ...state.routes, ...state.plugins].map((e) => e.id) : []);
  return after.zones.reduce((n, z) => {
    const old = ids(before.zones.find((b) => b.zone === z.zone)?.kong);
    return n + [...ids(z.kong)].filter((id) => !old.has(id)).length;
  }, 0);
}

function describeUpdates(ops: PlanOp[]): string {
  const updates = ops.filter((o) => o.action === "update");
  const priorityOnly = updates.filter((o) => o.kind === "route" && (o.changes ?? []).every((c) => c.field === "priority")).length;
  const creates = ops.filter((o) => o.action === "create").length;
  const deletes = ops.filter((o) => o.action === "delete").length;
  return `${creates} creates, ${updates.length} updates (${priorityOnly} priority-only route updates), ${deletes} deletes`;
}

async function main(): Promise<void> {
  console.log(`Large estate: ${JSON.stringify(LARGE_ESTATE)}`);
  console.log(`load average at start: ${load()}`);
  const snapshot = largeEstate();
  const first = compile(snapshot);
  const minimum = first.zones.reduce((n, z) => n + entityCount(z.kong), 0);
  const routes = first.zones.reduce((n, z) => n + z.kong.routes.length, 0);
  console.log(`${first.zones.length} zones, ${routes} routes, ${minimum} Kong entities`);

  // Every plugin the compiler emits must be installed on the node, or the publish is refused.
  const plugins = [...new Set(first.zones.flatMap((z) => z.kong.plugins.map((p) => p.name)))];
  const zoneDefaults = { plugins: ["bundled", ...plugins] };
  const kong = await startKongStandin({ adminPort: 0, proxyPort: 0, zoneDefaults });
  const yardstick = await startKongStandin({ adminPort: 0, proxyPort: 0, zoneDefaults });
  try {
    const recorded: Recorded[] = [];
    const initial = await publishEstate(kong, first, recorded);
    console.log(`\n1. first estate publish: ${initial.writes} writes (minimum ${minimum}) in ${ms(initial.wallMs)} — ${(initial.writes / (initial.wallMs / 1000)).toFixed(0)} writes/s`);

    const bare = await replay(yardstick, recorded);
    console.log(`2. the same ${recorded.length} writes as bare HTTP requests (concurrency ${CONCURRENCY}, same step barriers): ${ms(bare)}; publish / bare = ${(initial.wallMs / bare).toFixed(2)}×`);

    const again = await publishEstate(kong, first);
    console.log(`3. second publish, nothing changed: ${again.writes} writes in ${ms(again.wallMs)}`);

    const grant = grantCandidate(snapshot);
    const granted: Snapshot = { ...snapshot, entitlements: [...snapshot.entitlements, grant] };
    const afterGrant = compile(granted);
    const tenantChanges = changedRoutes(first, afterGrant, "tenants");
    const grantPublish = await publishEstate(kong, afterGrant);
    console.log(
      `4. one grant (${grant.tenant} → ${grant.application}@${grant.version}): ${grantPublish.writes} writes; routes whose tenant list changed: ${tenantChanges.changed} — ${describeUpdates(grantPublish.ops)}`,
    );

    const rover = newVersionOf(granted);
    const deployed: Snapshot = { ...granted, rovers: [...granted.rovers, rover] };
    const afterDeploy = compile(deployed);
    const own = afterDeploy.zones.reduce((n, z) => n + z.routes.filter((r) => r.roverId === rover.id).length, 0);
    const ownEntities = newEntities(afterGrant, afterDeploy);
    const expressionChanges = changedRoutes(afterGrant, afterDeploy, "expression").changed;
    const deployPublish = await publishEstate(kong, afterDeploy);
    console.log(
      `5. new version ${rover.name}@${rover.version} in ${rover.zone} (${own} routes): ${deployPublish.writes} writes; minimum ${ownEntities + expressionChanges} ` +
        `(${ownEntities} own entities + ${expressionChanges} other routes whose expression changed) — ${describeUpdates(deployPublish.ops)}`,
    );
    console.log(`\nload average at end: ${load()}`);
  } finally {
    await kong.close();
    await yardstick.close();
  }
}

await main();
