/**
 * Compiler benchmark on the large estate (lib/compiler/fixtures/large-estate.ts): full compile
 * time and memory, time to reflect one entitlement change through the incremental compiler, and,
 * as a yardstick from the same run, how long Kong's own engine takes just to parse the emitted
 * expressions. Then the consortium estate (issue 14: the same estate, every single-version
 * application ENTITLED, 40,000 / 160,000 / 320,000 entitlements to ENTITLED versions only): compile
 * time, bytes of expressions and of Kong entities per publish, predicates per route, Kong's parse
 * time of the whole estate, and the Kong writes one grant causes. Prints figures; not a timed test.
 *   npm run bench:compile      (BENCH_CONSORTIUM=320000 for one count, BENCH_CONSORTIUM=0 for none,
 *                               BENCH_LARGE=0 for the consortium alone)
 */
import { loadavg } from "node:os";
import { kongEngine, kongSchema } from "../lib/atc/kong-engine";
import { compile, createCompiler, tenantHeaderField, type CompileResult, type Snapshot } from "../lib/compiler";
import type { Expr } from "../lib/atc/ast";
import { consortiumEstate, LARGE_ESTATE, largeEstate } from "../lib/compiler/fixtures/large-estate";
import type { KongState } from "../lib/compiler/types";

const ms = (t: number) => `${t.toFixed(0)} ms`;
const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(0)} MB`;
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const timed = <T>(f: () => T): [T, number] => {
  const start = performance.now();
  const value = f();
  return [value, performance.now() - start];
};
const gc = (globalThis as { gc?: () => void }).gc;

function routeCount(result: CompileResult): number {
  return result.zones.reduce((n, z) => n + z.routes.length, 0);
}

/** A per-zone comparison: the whole result is too large for one JSON string (V8's ~512 MB limit). */
function sameOutput(a: CompileResult, b: CompileResult, zones: readonly string[]): boolean {
  return zones.every((name) => JSON.stringify(a.zones.find((z) => z.zone === name)) === JSON.stringify(b.zones.find((z) => z.zone === name)));
}

/** The machine is shared: every figure is only meaningful next to the load it was taken under. */
const load = () => loadavg().map((l) => l.toFixed(2)).join(", ");

function main(): void {
  console.log(`Large estate: ${JSON.stringify(LARGE_ESTATE)}`);
  console.log(`load average at start: ${load()}`);
  const [snapshot, generation] = timed(() => largeEstate());
  const endpoints = snapshot.rovers.reduce((n, r) => n + r.exposures.reduce((m, e) => m + e.endpoints.length, 0), 0);
  console.log(
    `generated in ${ms(generation)}: ${snapshot.zones.length} zones, ${snapshot.rovers.length} rovers, ${endpoints} endpoints, ` +
      `${new Set(snapshot.entitlements.map((e) => e.tenant)).size} tenants, ${snapshot.entitlements.length} entitlements`,
  );

  // ---- full compile (fresh compiler each time, like compile()); first run includes JIT warm-up.
  const rssBefore = process.memoryUsage().rss;
  const fullTimes: number[] = [];
  let result: CompileResult | null = null;
  let heapAfter = 0;
  for (let run = 0; run < 3; run++) {
    result = null;
    gc?.();
    const [r, t] = timed(() => compile(snapshot));
    heapAfter = Math.max(heapAfter, process.memoryUsage().heapUsed);
    fullTimes.push(t);
    result = r;
  }
  const full = result!;
  gc?.();
  const retained = gc ? process.memoryUsage().heapUsed : null;
  const peakRss = process.resourceUsage().maxRSS * 1024;
  const warnings = full.zones.reduce((n, z) => n + z.warnings.length, 0);
  const inactive = full.zones.reduce((n, z) => n + z.inactiveRoutes.length, 0);
  const kongEntities = full.zones.reduce((n, z) => n + z.kong.services.length + z.kong.routes.length + z.kong.plugins.length + z.kong.upstreams.length + z.kong.targets.length, 0);
  console.log(
    `\nfull compile: ${fullTimes.map(ms).join(", ")} (median ${ms(median(fullTimes))}) → ${routeCount(full)} routes, ` +
      `${inactive} inactive, ${kongEntities} Kong entities, ${warnings} warnings`,
  );
  console.log(
    `memory: heap used right after compile ≤ ${mb(heapAfter)}${retained !== null ? `, retained after GC ${mb(retained)}` : ""}, ` +
      `peak RSS ${mb(peakRss)} (process RSS before: ${mb(rssBefore)})`,
  );

  // ---- one entitlement change through the incremental compiler
  const compiler = createCompiler();
  compiler.compile(snapshot);
  const twoVersionApps = snapshot.rovers.filter((r) => r.version === "2.0.0");
  const changeTimes: number[] = [];
  let current: Snapshot = snapshot;
  let lastIncremental: CompileResult | null = null;
  let changedZones: string[] = [];
  for (let i = 0; i < 10; i++) {
    const rover = twoVersionApps[(i * 7) % twoVersionApps.length];
    const grant = { tenant: `tenant_${String(900 + i).padStart(4, "0")}`, application: rover.name, version: rover.version };
    // Grant on even steps, revoke the previous grant on odd steps: the snapshot a database read would give.
    current =
      i % 2 === 0
        ? { ...current, entitlements: [...current.entitlements, grant] }
        : { ...current, entitlements: current.entitlements.slice(0, -1) };
    const [r, t] = timed(() => compiler.compile(current));
    changeTimes.push(t);
    lastIncremental = r;
    changedZones = [...new Set(r.zones.flatMap((z) => z.routes.filter((x) => x.roverId === rover.id).map((x) => x.zone)))];
  }
  const verify = compile(current);
  const identical = sameOutput(lastIncremental!, verify, changedZones) && sameOutput(lastIncremental!, verify, verify.zones.slice(0, 2).map((z) => z.zone));
  console.log(
    `\none entitlement change (incremental): ${changeTimes.map(ms).join(", ")} (median ${ms(median(changeTimes))}, max ${ms(Math.max(...changeTimes))}); ` +
      `last change touched zones ${changedZones.join(", ")}; byte-identical to a full compile: ${identical}`,
  );

  // ---- yardstick: Kong's engine parsing the same expressions
  const { Parser } = kongEngine();
  const schema = kongSchema({ [tenantHeaderField(snapshot.settings.tenantHeader)]: "String" });
  const expressions = full.zones.flatMap((z) => z.routes.map((r) => r.expression));
  const [failures, parseTime] = timed(() => expressions.filter((e) => Parser.parse(e, schema).status !== "ok").length);
  schema.free();
  const chars = expressions.reduce((n, e) => n + e.length, 0);
  console.log(
    `\nyardstick: Kong's engine (@kong/atc-router WASM) parses the ${expressions.length} emitted expressions ` +
      `(${(chars / 1e6).toFixed(1)} M characters) in ${ms(parseTime)}; ${failures} failed to parse`,
  );
  console.log(`load average at end: ${load()}`);
}

function predicateCount(expr: Expr): number {
  switch (expr.kind) {
    case "predicate":
      return 1;
    case "not":
      return predicateCount(expr.expr);
    default:
      return expr.terms.reduce((n, t) => n + predicateCount(t), 0);
  }
}

const kongEntities = (state: KongState) => [...state.services, ...state.upstreams, ...state.targets, ...state.routes, ...state.plugins];

/** Entities a publish would create, update or delete between two compiles (compared whole, by id). */
function kongWrites(before: CompileResult, after: CompileResult): { writes: number; zones: number } {
  let writes = 0;
  let zones = 0;
  for (const zone of after.zones) {
    const previous = before.zones.find((z) => z.zone === zone.zone);
    if (previous === zone) continue;
    const old = new Map(previous ? kongEntities(previous.kong).map((e) => [e.id, JSON.stringify(e)]) : []);
    const now = kongEntities(zone.kong);
    let n = now.filter((e) => old.get(e.id) !== JSON.stringify(e)).length;
    const ids = new Set(now.map((e) => e.id));
    n += [...old.keys()].filter((id) => !ids.has(id)).length;
    writes += n;
    if (n > 0) zones++;
  }
  return { writes, zones };
}

function consortium(entitlements: number): void {
  const [snapshot, generation] = timed(() => consortiumEstate(entitlements));
  gc?.();
  const compiler = createCompiler();
  const [result, compileTime] = timed(() => compiler.compile(snapshot));
  const routes = result.zones.flatMap((z) => z.routes);
  const expressions = routes.map((r) => r.expression);
  const expressionBytes = expressions.reduce((n, e) => n + Buffer.byteLength(e), 0);
  const longest = expressions.reduce((n, e) => Math.max(n, e.length), 0);
  // Per zone: the whole estate's JSON would pass V8's string limit before this work.
  const entityBytes = result.zones.reduce((n, z) => n + Buffer.byteLength(JSON.stringify(z.kong)), 0);
  const predicates = routes.reduce((n, r) => n + predicateCount(r.expressionTree), 0);
  const regexRoutes = routes.filter((r) => r.tenantAccess === "ENTITLED" && r.tenants.length > 8).length;
  const { Parser } = kongEngine();
  const schema = kongSchema({ [tenantHeaderField(snapshot.settings.tenantHeader)]: "String" });
  // BENCH_PARSE_EVERY=n parses every n-th expression and scales the time by n (an estimate, said
  // so): the spike's form at 320,000 entitlements takes Kong's engine the better part of an hour.
  const every = Math.max(1, Number(process.env.BENCH_PARSE_EVERY ?? 1));
  const sample = expressions.filter((_, i) => i % every === 0);
  const [failures, sampleTime] = timed(() => sample.filter((e) => Parser.parse(e, schema).status !== "ok").length);
  const parseTime = (sampleTime * expressions.length) / sample.length;
  schema.free();

  // One grant: a tenant not yet entitled to a 2.x version (the spike's ENTITLED side).
  const rover = snapshot.rovers.find((r) => r.version === "2.0.0")!;
  const entitled = new Set(snapshot.entitlements.filter((e) => e.application === rover.name && e.version === rover.version).map((e) => e.tenant));
  const tenant = [...new Set(snapshot.entitlements.map((e) => e.tenant))].find((t) => !entitled.has(t))!;
  const granted: Snapshot = { ...snapshot, entitlements: [...snapshot.entitlements, { tenant, application: rover.name, version: rover.version }] };
  const [afterGrant, grantTime] = timed(() => compiler.compile(granted));
  const grant = kongWrites(result, afterGrant);
  const ownRoutes = routes.filter((r) => r.roverId === rover.id);
  const servingZones = new Set(ownRoutes.map((r) => r.zone)).size;
  console.log(
    `\nconsortium, ${snapshot.entitlements.length} entitlements (generated in ${ms(generation)}): compile ${ms(compileTime)} → ${routes.length} routes ` +
      `(${regexRoutes} with a tenant regex); expressions ${(expressionBytes / 1e6).toFixed(1)} MB (longest ${longest} chars); ` +
      `Kong entities ${(entityBytes / 1e6).toFixed(1)} MB per estate publish; ${(predicates / routes.length).toFixed(1)} predicates per route; ` +
      `Kong's engine parses them in ${ms(parseTime)}${every > 1 ? ` (estimated from every ${every}th)` : ""} (${failures} failed); one grant (${tenant} → ${rover.name}@${rover.version}, ` +
      `${ownRoutes.length} routes in ${servingZones} zones): ${grant.writes} Kong writes in ${grant.zones} zones, incremental compile ${ms(grantTime)}`,
  );
}

// BENCH_LARGE=0 skips the large estate's figures (the consortium's alone take minutes).
if (process.env.BENCH_LARGE !== "0") main();
const counts = (process.env.BENCH_CONSORTIUM ?? "40000,160000,320000").split(",").map(Number).filter((n) => n > 0);
for (const count of counts) consortium(count);
if (counts.length > 0) console.log(`load average at end: ${load()}`);
