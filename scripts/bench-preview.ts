/**
 * Preview benchmark on the large estate (lib/compiler/fixtures/large-estate.ts, 26,000+ routes):
 *
 * 1. Server-side simulation: `simulate()` (what POST /api/v1/simulate runs after the cached compile)
 *    on many requests aimed at the estate's own hosts and paths, with and without a tenant, alone and
 *    with the JSON serialization of its answer; then the same requests through HTTP.
 * 2. The routes page in real Chromium: time from navigation until the table's rows render, until
 *    React has hydrated them (interactive), and until they respond to a typed filter; and a jump to
 *    the last row (virtualized, server-paged).
 *
 * The estate is seeded into its own database (`switchyard_bench_preview`, recreated when it holds
 * something else) and served by a server this script starts: `next start` when a production build
 * exists in NEXT_DIST_DIR (default .next), else `next dev` (slower; the script says which).
 * BENCH_PREVIEW_URL points it at a server that already serves that database instead.
 * BENCH_CONSORTIUM=320000 takes the consortium estate (issue 14: every single-version application
 * ENTITLED, that many entitlements to ENTITLED versions) instead; BENCH_SIMULATE_ONLY=1 stops after
 * the in-process simulation (no database, no server, no browser).
 * Prints figures; not a timed test.   npm run bench:preview
 */
import { spawn, type ChildProcess } from "node:child_process";
import { randomUUID } from "node:crypto";
import { existsSync, readFileSync } from "node:fs";
import { loadavg } from "node:os";
import path from "node:path";
import { chromium, type Page } from "@playwright/test";
import pg from "pg";
import { compile, type Snapshot, type ZoneOutput } from "../lib/compiler";
import { consortiumEstate, LARGE_ESTATE, largeEstate } from "../lib/compiler/fixtures/large-estate";
import { simulate } from "../lib/compiler/simulate";
import { DEMO_ADMIN } from "../lib/auth/demo";
import { ensureDatabase, migrate, resolveDatabase, withDatabase } from "./lib/database.mjs";

const DATABASE = "switchyard_bench_preview";
const PORT = Number(process.env.BENCH_PREVIEW_PORT ?? 3290);
const SIMULATIONS = Number(process.env.BENCH_SIMULATIONS ?? 1000);
const PAGE_RUNS = Number(process.env.BENCH_PAGE_RUNS ?? 5);
const WARM_UP_MS = 300_000;
const root = path.resolve(import.meta.dirname, "..");

const ms = (t: number) => `${t.toFixed(t < 10 ? 2 : 0)} ms`;
const percentile = (xs: number[], p: number) => {
  const sorted = [...xs].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((sorted.length * p) / 100))];
};
const stats = (xs: number[]) =>
  `median ${ms(percentile(xs, 50))}, p95 ${ms(percentile(xs, 95))}, max ${ms(Math.max(...xs))} (n=${xs.length})`;
/** The machine is shared: every figure is only meaningful next to the load it was taken under. */
const load = () =>
  loadavg()
    .map((l) => l.toFixed(2))
    .join(", ");

interface BenchRequest {
  zone: string;
  request: { method: string; scheme: string; host: string; path: string; headers: Record<string, string> };
}

/** Requests at the zones' own hosts and paths: hits, near misses, with and without tenants. */
function requestsFor(zones: ZoneOutput[], tenantHeader: string, count: number): BenchRequest[] {
  const out: BenchRequest[] = [];
  let i = 0;
  while (out.length < count) {
    const zone = zones[i % zones.length];
    const route = zone.routes[(i * 7919) % zone.routes.length];
    const d = route.downstreams[i % route.downstreams.length];
    const suffix = route.endpoint
      ? route.endpoint.path.replace(/\{[^}]+\}/g, "42").replace(/\*$/, "/x")
      : ["", "/", "/42"][i % 3];
    const path = i % 5 === 4 ? `${d.path}${suffix}-missing` : `${d.path}${suffix}`;
    const tenant =
      route.tenants[i % Math.max(1, route.tenants.length)] ?? (i % 2 ? "tenant-0001" : undefined);
    out.push({
      zone: zone.zone,
      request: {
        method: route.endpoint?.methods[i % Math.max(1, route.endpoint.methods.length)] ?? "GET",
        scheme: "https",
        host: d.host,
        path,
        headers: tenant ? { [tenantHeader]: tenant } : {},
      },
    });
    i += 1;
  }
  return out;
}

function benchSimulateInProcess(zones: ZoneOutput[], requests: BenchRequest[]): void {
  const byName = new Map(zones.map((z) => [z.zone, z]));
  // Warm-up (JIT, Kong-order caches), as a running server would be.
  for (const r of requests.slice(0, 50)) simulate(byName.get(r.zone)!, r.request);
  const alone: number[] = [];
  const serialized: number[] = [];
  let matched = 0;
  for (const r of requests) {
    const zone = byName.get(r.zone)!;
    let t = performance.now();
    const result = simulate(zone, r.request);
    alone.push(performance.now() - t);
    t = performance.now();
    JSON.stringify(simulate(zone, r.request));
    serialized.push(performance.now() - t);
    if (result.matched) matched += 1;
  }
  console.log(`\nsimulate() in process, ${requests.length} requests (${matched} matched):`);
  console.log(`  simulation alone:             ${stats(alone)}`);
  console.log(`  simulation + JSON answer:     ${stats(serialized)}`);
}

// ---------------------------------------------------------------- seeding (plain SQL: fast, and independent of the app's write path)

async function insertRows(
  client: pg.Client,
  table: string,
  columns: string[],
  rows: unknown[][],
): Promise<void> {
  const chunk = Math.floor(60000 / columns.length);
  for (let at = 0; at < rows.length; at += chunk) {
    const part = rows.slice(at, at + chunk);
    const values: unknown[] = [];
    const tuples = part.map((row) => `(${row.map((v) => (values.push(v), `$${values.length}`)).join(",")})`);
    await client.query(
      `insert into "${table}" (${columns.map((c) => `"${c}"`).join(",")}) values ${tuples.join(",")}`,
      values,
    );
  }
}

async function seed(databaseUrl: string, snapshot: Snapshot): Promise<void> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const { rows } = await client.query<{ zones: string; rovers: string }>(
      `select (select count(*) from "Zone") as zones, (select count(*) from "Rover") as rovers`,
    );
    if (
      Number(rows[0].zones) === snapshot.zones.length &&
      Number(rows[0].rovers) === snapshot.rovers.length
    ) {
      console.log(`database ${DATABASE} already holds the large estate`);
      return;
    }
    const started = performance.now();
    await client.query("begin");
    await client.query(
      `truncate "Entitlement", "Tenant", "Subscription", "Endpoint", "Upstream", "Exposure", "Rover", "Zone" cascade`,
    );
    const now = new Date();
    const zoneIds = new Map(snapshot.zones.map((z) => [z.name, randomUUID()]));
    await insertRows(
      client,
      "Zone",
      [
        "id",
        "name",
        "visibility",
        "gatewayUrl",
        "identityProviderUrl",
        "dtcUrl",
        "enforceIssuers",
        "kongAdminUrl",
        "updatedAt",
      ],
      snapshot.zones.map((z) => [
        zoneIds.get(z.name),
        z.name,
        z.visibility,
        z.gatewayUrl,
        z.identityProviderUrl,
        z.dtcUrl,
        z.enforceIssuers,
        `http://127.0.0.1:8001/${z.name}`,
        now,
      ]),
    );
    const rovers: unknown[][] = [];
    const exposures: unknown[][] = [];
    const upstreams: unknown[][] = [];
    const endpoints: unknown[][] = [];
    const subscriptions: unknown[][] = [];
    for (const r of snapshot.rovers) {
      const roverId = randomUUID();
      rovers.push([roverId, r.name, r.version, zoneIds.get(r.zone), r.failoverEnabled, now]);
      r.exposures.forEach((e, position) => {
        const exposureId = randomUUID();
        exposures.push([exposureId, roverId, position, e.basePath, e.visibility, e.tenantAccess]);
        e.upstreams.forEach((u, p) => upstreams.push([randomUUID(), exposureId, p, u.url, u.weight]));
        e.endpoints.forEach((ep, p) => endpoints.push([randomUUID(), exposureId, p, ep.methods, ep.path]));
      });
      r.subscriptions.forEach((s, p) =>
        subscriptions.push([randomUUID(), roverId, p, s.basePath, s.approved]),
      );
    }
    await insertRows(
      client,
      "Rover",
      ["id", "name", "version", "zoneId", "failoverEnabled", "updatedAt"],
      rovers,
    );
    await insertRows(
      client,
      "Exposure",
      ["id", "roverId", "position", "basePath", "visibility", "tenantAccess"],
      exposures,
    );
    await insertRows(client, "Upstream", ["id", "exposureId", "position", "url", "weight"], upstreams);
    await insertRows(client, "Endpoint", ["id", "exposureId", "position", "methods", "path"], endpoints);
    await insertRows(
      client,
      "Subscription",
      ["id", "roverId", "position", "basePath", "approved"],
      subscriptions,
    );
    const tenantIds = new Map<string, string>();
    for (const e of snapshot.entitlements)
      if (!tenantIds.has(e.tenant)) tenantIds.set(e.tenant, randomUUID());
    await insertRows(
      client,
      "Tenant",
      ["id", "name", "updatedAt"],
      [...tenantIds].map(([name, id]) => [id, name, now]),
    );
    await insertRows(
      client,
      "Entitlement",
      ["id", "tenantId", "application", "version"],
      snapshot.entitlements.map((e) => [randomUUID(), tenantIds.get(e.tenant), e.application, e.version]),
    );
    await client.query("commit");
    console.log(
      `seeded ${DATABASE}: ${snapshot.zones.length} zones, ${rovers.length} rovers, ${endpoints.length} endpoints, ` +
        `${tenantIds.size} tenants, ${snapshot.entitlements.length} entitlements in ${ms(performance.now() - started)}`,
    );
  } catch (error) {
    await client.query("rollback").catch(() => {});
    throw error;
  } finally {
    await client.end();
  }
}

// ---------------------------------------------------------------- server

const devSecret = () =>
  process.env.SWITCHYARD_SECRET_KEY ?? "dev-only-secret-key-change-me-in-production-0000";

function run(command: string, args: string[], env: NodeJS.ProcessEnv): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd: root, env, stdio: "inherit" });
    child.on("exit", (code) =>
      code === 0 ? resolve() : reject(new Error(`${args.join(" ")} exited with ${code}`)),
    );
  });
}

async function startServer(
  databaseUrl: string,
): Promise<{ url: string; mode: string; child: ChildProcess | null }> {
  if (process.env.BENCH_PREVIEW_URL)
    return { url: process.env.BENCH_PREVIEW_URL.replace(/\/+$/, ""), mode: "external server", child: null };
  const buildDir = process.env.NEXT_DIST_DIR ?? ".next";
  // A production build older than the simulator has only the routes page's placeholder: don't measure that.
  const manifest = path.join(root, buildDir, "server", "app-paths-manifest.json");
  const built =
    existsSync(path.join(root, buildDir, "BUILD_ID")) &&
    existsSync(manifest) &&
    readFileSync(manifest, "utf8").includes('"/(dashboard)/simulate/page"');
  // A dev server gets a folder of its own, so it never touches a production build.
  const distDir = built ? buildDir : ".next-bench-preview";
  const mode = built
    ? `next start (${distDir})`
    : "next dev (no production build with these pages: figures include dev-mode overhead)";
  const env = {
    ...process.env,
    DATABASE_URL: databaseUrl,
    SWITCHYARD_SECRET_KEY: devSecret(),
    NEXT_TELEMETRY_DISABLED: "1",
    NEXT_DIST_DIR: distDir,
    PORT: String(PORT),
  };
  const tsx = path.join(root, "node_modules", "tsx", "dist", "cli.mjs");
  await run(process.execPath, [tsx, "scripts/create-admin.ts", "--demo"], env);
  const next = path.join(root, "node_modules", "next", "dist", "bin", "next");
  const child = spawn(process.execPath, [next, built ? "start" : "dev", "-p", String(PORT)], {
    cwd: root,
    env,
    stdio: "ignore",
    detached: true,
  });
  const url = `http://localhost:${PORT}`;
  for (let i = 0; i < 240; i++) {
    try {
      if ((await fetch(`${url}/api/health`)).ok) return { url, mode, child };
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 500));
  }
  throw new Error(`the server on port ${PORT} did not come up`);
}

// ---------------------------------------------------------------- browser

async function signIn(page: Page, url: string): Promise<void> {
  const res = await page.request.post(`${url}/api/auth/sign-in/email`, {
    data: DEMO_ADMIN,
    headers: { origin: url },
    // A dev server compiles each route on first use: give the first requests time.
    timeout: WARM_UP_MS,
  });
  if (!res.ok()) throw new Error(`sign-in failed: ${res.status()} ${await res.text()}`);
}

async function benchRoutesPage(url: string, snapshot: Snapshot): Promise<void> {
  const browser = await chromium.launch({
    executablePath: existsSync("/usr/bin/chromium") ? "/usr/bin/chromium" : undefined,
    args: [
      "--no-sandbox",
      "--disable-gpu",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
      "--no-first-run",
    ],
  });
  try {
    const context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
    const warm = await context.newPage();
    await signIn(warm, url);
    // The server compiles the estate once per data version; the first request pays for it.
    const t = performance.now();
    const first = await warm.request.get(`${url}/api/v1/routes?limit=1`, { timeout: WARM_UP_MS });
    const total = Number(first.headers()["x-total-count"]);
    console.log(
      `\nfirst /api/v1/routes after start (includes the estate's compile): ${ms(performance.now() - t)}, ${total} routes`,
    );
    await warm.goto(`${url}/routes`, { timeout: WARM_UP_MS });
    await warm
      .locator('table[aria-label="Routes"] tbody tr[aria-rowindex] a')
      .first()
      .waitFor({ timeout: WARM_UP_MS });
    // Warm the far-away pages too, so the timed runs measure the page, not first compiles.
    await warm.request.get(`${url}/api/v1/routes?limit=200&offset=${Math.max(0, total - 200)}`, {
      timeout: WARM_UP_MS,
    });
    await warm.close();

    const app = snapshot.rovers[Math.floor(snapshot.rovers.length / 2)].name;
    const rendered: number[] = [];
    const ready: number[] = [];
    const filtered: number[] = [];
    const interactive: number[] = [];
    const jumped: number[] = [];
    for (let run = 0; run < PAGE_RUNS; run++) {
      const page = await context.newPage();
      const rows = page.locator('table[aria-label="Routes"] tbody tr[aria-rowindex]');
      const start = performance.now();
      await page.goto(`${url}/routes`, { waitUntil: "commit", timeout: WARM_UP_MS });
      await rows.locator("a").first().waitFor({ timeout: WARM_UP_MS });
      const shown = performance.now();
      rendered.push(shown - start);
      // The first rows come with the server's HTML; the page is interactive once React has
      // hydrated the table (it marks itself data-hydrated then).
      await page.locator('table[aria-label="Routes"][data-hydrated]').waitFor({ timeout: WARM_UP_MS });
      ready.push(performance.now() - start);
      // Interactive: the rows answer a filter typed into the search box.
      const typed = performance.now();
      await page.getByRole("searchbox", { name: "Search routes" }).fill(app);
      await page.waitForFunction(
        (name) => {
          const links = [
            ...document.querySelectorAll('table[aria-label="Routes"] tbody tr[aria-rowindex] a'),
          ];
          return links.length > 0 && links.every((a) => a.textContent?.includes(name));
        },
        app,
        { polling: "raf", timeout: WARM_UP_MS },
      );
      const done = performance.now();
      filtered.push(done - typed);
      interactive.push(done - start);
      // Scroll the unfiltered table to its last row: server paging fetches that page directly.
      await page.getByRole("searchbox", { name: "Search routes" }).fill("");
      await page.waitForFunction(
        (n) =>
          document.querySelector('table[aria-label="Routes"]')?.getAttribute("aria-rowcount") ===
          String(n + 1),
        total,
        { timeout: WARM_UP_MS },
      );
      const jump = performance.now();
      await page.evaluate(() => {
        const table = document.querySelector('table[aria-label="Routes"]');
        const scroller = table?.parentElement;
        if (scroller) scroller.scrollTop = scroller.scrollHeight;
      });
      await page
        .locator(`table[aria-label="Routes"] tbody tr[aria-rowindex="${total + 1}"] a`)
        .waitFor({ timeout: WARM_UP_MS });
      jumped.push(performance.now() - jump);
      await page.close();
    }
    console.log(
      `routes page in Chromium, ${PAGE_RUNS} loads (${total} routes, server-paged 200 at a time, virtualized rows):`,
    );
    console.log(`  navigation → first rows rendered:            ${stats(rendered)}`);
    console.log(`  navigation → rows rendered and hydrated:     ${stats(ready)} (interactive)`);
    console.log(
      `  filter typed → rows show only "${app}":  ${stats(filtered)} (includes the 250 ms typing debounce)`,
    );
    console.log(`  navigation → rows rendered and filtered:     ${stats(interactive)}`);
    console.log(`  scroll to row ${total.toLocaleString("en")} → it renders:          ${stats(jumped)}`);
  } finally {
    await browser.close();
  }
}

async function benchSimulateHttp(url: string, requests: BenchRequest[]): Promise<void> {
  const browser = await chromium.launch({
    executablePath: existsSync("/usr/bin/chromium") ? "/usr/bin/chromium" : undefined,
    args: ["--no-sandbox"],
  });
  try {
    const page = await browser.newPage();
    await signIn(page, url);
    for (const r of requests.slice(0, 10))
      await page.request.post(`${url}/api/v1/simulate`, { data: r, timeout: WARM_UP_MS });
    const times: number[] = [];
    for (const r of requests) {
      const t = performance.now();
      const res = await page.request.post(`${url}/api/v1/simulate`, { data: r });
      await res.body();
      times.push(performance.now() - t);
      if (!res.ok()) throw new Error(`simulate answered ${res.status()}`);
    }
    console.log(
      `POST /api/v1/simulate over HTTP (localhost round trip, whole JSON answer read): ${stats(times)}`,
    );
  } finally {
    await browser.close();
  }
}

async function main(): Promise<void> {
  const consortium = Number(process.env.BENCH_CONSORTIUM ?? 0);
  console.log(consortium > 0 ? `Consortium estate: ${consortium} entitlements to ENTITLED versions` : `Large estate: ${JSON.stringify(LARGE_ESTATE)}`);
  console.log(`load average at start: ${load()}`);
  const snapshot = consortium > 0 ? consortiumEstate(consortium) : largeEstate();
  const t = performance.now();
  const zones = compile(snapshot).zones;
  const routes = zones.reduce((n, z) => n + z.routes.length, 0);
  console.log(
    `compiled in ${ms(performance.now() - t)}: ${routes} routes in ${zones.length} zones (largest zone ${Math.max(...zones.map((z) => z.routes.length))})`,
  );
  const requests = requestsFor(zones, snapshot.settings.tenantHeader, SIMULATIONS);
  benchSimulateInProcess(zones, requests);
  if (process.env.BENCH_SIMULATE_ONLY === "1") {
    console.log(`\nload average at end: ${load()}`);
    return;
  }

  const db = await resolveDatabase({ database: DATABASE });
  await ensureDatabase(db.adminUrl, DATABASE);
  const databaseUrl = withDatabase(db.databaseUrl, DATABASE);
  await migrate(databaseUrl);
  await seed(databaseUrl, snapshot);
  const server = await startServer(databaseUrl);
  console.log(`server: ${server.url}, ${server.mode}`);
  try {
    await benchRoutesPage(server.url, snapshot);
    await benchSimulateHttp(server.url, requests.slice(0, 200));
  } finally {
    if (server.child?.pid) process.kill(-server.child.pid, "SIGTERM");
    await db.stop();
  }
  console.log(`\nload average at end: ${load()}`);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
