/**
 * Load benchmark: 50 concurrent clients per endpoint, one endpoint after another, on the main
 * read endpoints (zones, rovers, a zone's routes and realms, simulate) and on entitlement writes.
 * Prints throughput, p50/p95/p99 latency and the error count per endpoint.
 *
 *   npm run bench:load                          # starts `next start` on the production build itself
 *   npm run bench:load -- --duration 10         # shorter phases, for trying
 *   npm run bench:load -- --url http://127.0.0.1:3205 --token sy_…   # a server that already runs
 *
 * Options: --duration <s> per endpoint (default 60), --connections <n> (50), --max-requests <n>
 * per endpoint (200000), --zone <name> (eu-central), --port <n> for the started server (3299),
 * --json. Bounded in time and count, loopback only. Needs DATABASE_URL with the demo data
 * (npm run dev seeds it) for the started server and for the API token it makes (editor role,
 * revoked at the end) when --token / SWITCHYARD_API_TOKEN is not given. The entitlement writes
 * grant and revoke entitlements of a tenant of their own, which is deleted afterwards.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { register } from "node:module";
import { loadavg } from "node:os";
import { parseArgs } from "node:util";
import autocannon from "autocannon";

// lib/auth and lib/db import "server-only" (see scripts/create-admin.ts): a script is server code.
register(
  "data:text/javascript," +
    encodeURIComponent(
      "export async function resolve(s, c, next) { return next(s, s === 'server-only' ? { ...c, conditions: [...c.conditions, 'react-server'] } : c); }",
    ),
);

const { values } = parseArgs({
  options: {
    url: { type: "string" },
    token: { type: "string" },
    duration: { type: "string", default: "60" },
    connections: { type: "string", default: "50" },
    "max-requests": { type: "string", default: "200000" },
    zone: { type: "string", default: "eu-central" },
    port: { type: "string", default: "3299" },
    json: { type: "boolean", default: false },
  },
});

const duration = Math.min(Math.max(Number(values.duration), 1), 300);
const connections = Math.min(Math.max(Number(values.connections), 1), 200);
const maxRequests = Math.min(Math.max(Number(values["max-requests"]), 1), 1_000_000);
const zone = values.zone!;
const LOAD_TENANT = "load_bench";

function loopbackOnly(raw: string): string {
  const url = new URL(raw);
  if (!["127.0.0.1", "localhost", "[::1]"].includes(url.hostname))
    throw new Error(`--url must be a loopback address (127.0.0.1, localhost, ::1), not ${url.hostname}`);
  return url.origin;
}

async function waitForReady(base: string, child: ChildProcess, timeoutMs = 120_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`the server exited with code ${child.exitCode}`);
    try {
      const res = await fetch(`${base}/api/ready`);
      if (res.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 500));
  }
  throw new Error(`the server at ${base} was not ready within ${timeoutMs / 1000} s`);
}

function startServer(port: number): ChildProcess {
  if (!process.env.DATABASE_URL)
    throw new Error("DATABASE_URL must be set to start the server (or pass --url)");
  const child = spawn(
    process.execPath,
    ["node_modules/next/dist/bin/next", "start", "-p", String(port), "-H", "127.0.0.1"],
    {
      env: { ...process.env, NODE_ENV: "production", NEXT_TELEMETRY_DISABLED: "1" },
      stdio: ["ignore", "ignore", "inherit"],
    },
  );
  return child;
}

interface Phase {
  name: string;
  method: "GET" | "POST";
  path: string;
  body?: () => string;
  write?: boolean;
}

interface PhaseResult {
  endpoint: string;
  requests: number;
  throughput: number;
  p50: number;
  p95: number;
  p99: number;
  errors: number;
  status: Record<string, number>;
}

const percentile = (sorted: number[], p: number) =>
  sorted.length
    ? Math.round(sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] * 10) / 10
    : NaN;

async function runPhase(base: string, token: string, phase: Phase): Promise<PhaseResult> {
  const latencies: number[] = [];
  const status: Record<string, number> = {};
  const body = phase.body;
  // One request first, outside the figures: the route's first call loads its code and caches.
  await fetch(`${base}${phase.path}`, {
    method: phase.method,
    headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
    body: body?.(),
  }).then((r) => r.arrayBuffer());
  const started = performance.now();
  let finished!: (result: autocannon.Result) => void;
  let failed!: (error: unknown) => void;
  const done = new Promise<autocannon.Result>((resolve, reject) => {
    finished = resolve;
    failed = reject;
  });
  const options: autocannon.Options = {
    url: base,
    connections,
    duration,
    maxOverallRequests: maxRequests,
    timeout: 10,
    headers: {
      authorization: `Bearer ${token}`,
      "content-type": "application/json",
      accept: "application/json",
    },
    requests: [
      {
        method: phase.method,
        path: phase.path,
        ...(body ? { setupRequest: (r: autocannon.Request) => ({ ...r, body: body() }) } : {}),
      },
    ],
  };
  const instance = autocannon(options, (error, result) => (error ? failed(error) : finished(result)));
  instance.on("response", (_client, statusCode, _bytes, responseTime) => {
    latencies.push(responseTime);
    status[statusCode] = (status[statusCode] ?? 0) + 1;
  });
  const result = await done;
  const seconds = (performance.now() - started) / 1000;
  latencies.sort((a, b) => a - b);
  const non2xx = Object.entries(status)
    .filter(([s]) => !s.startsWith("2"))
    .reduce((n, [, c]) => n + c, 0);
  return {
    endpoint: `${phase.method} ${phase.path}`,
    requests: latencies.length,
    throughput: latencies.length / seconds,
    p50: percentile(latencies, 50),
    p95: percentile(latencies, 95),
    p99: percentile(latencies, 99),
    // No answer at all in the whole phase is a failure too, not a clean run.
    errors: non2xx + result.errors + result.timeouts + (latencies.length === 0 ? 1 : 0),
    status,
  };
}

async function main() {
  let server: ChildProcess | null = null;
  let base: string;
  if (values.url) base = loopbackOnly(values.url);
  else {
    const port = Number(values.port);
    base = `http://127.0.0.1:${port}`;
    server = startServer(port);
  }
  const stop = () => server?.kill("SIGTERM");
  process.on("SIGINT", () => {
    stop();
    process.exit(130);
  });

  // The API token the load runs with: given, or made here (editor: reads and entitlement writes).
  let token = values.token ?? process.env.SWITCHYARD_API_TOKEN;
  let revoke: (() => Promise<void>) | null = null;
  const by = { actor: "load-benchmark", requestId: null };
  if (!token) {
    const { createApiToken, revokeApiToken } = await import("../lib/auth/tokens");
    const created = await createApiToken(
      {
        name: `load-benchmark ${new Date().toISOString().replace(/[^\d]/g, "").slice(0, 14)}`,
        role: "editor",
      },
      by,
    );
    token = created.token;
    revoke = async () => void (await revokeApiToken(created.id, by));
  }

  let cleanUp: (() => Promise<unknown>) | null = null;
  try {
    if (server) await waitForReady(base, server);
    const api = (path: string, init: RequestInit = {}) =>
      fetch(`${base}/api/v1${path}`, {
        ...init,
        headers: { authorization: `Bearer ${token}`, "content-type": "application/json", ...init.headers },
      });
    const check = await api(`/zones/${zone}`);
    if (!check.ok)
      throw new Error(`GET /api/v1/zones/${zone} answered ${check.status}: ${await check.text()}`);

    // The writes' own tenant: grants and revokes of it change real routes (ENTITLED ones) but no demo data.
    const t = await api("/tenants", {
      method: "POST",
      body: JSON.stringify({ name: LOAD_TENANT, description: "load benchmark" }),
    });
    if (!t.ok && t.status !== 409)
      throw new Error(`creating tenant ${LOAD_TENANT}: ${t.status} ${await t.text()}`);
    // Put the data back afterwards: the load tenant's entitlements and the tenant itself.
    cleanUp = () => api(`/tenants/${LOAD_TENANT}?cascade=true`, { method: "DELETE" });
    let n = 0;
    const entitlementBody = () => {
      n++;
      const entry = { tenant: LOAD_TENANT, application: "mod-capabilities", version: `9.${n % 20}.0` };
      return JSON.stringify(n % 2 ? { grant: [entry] } : { revoke: [entry] });
    };
    const simulateBody = JSON.stringify({
      zone,
      request: {
        method: "GET",
        scheme: "https",
        host: `${zone}.gw.example.com`,
        path: "/capabilities",
        headers: { "x-okapi-tenant": "diku" },
      },
    });

    const phases: Phase[] = [
      { name: "zones", method: "GET", path: "/api/v1/zones" },
      { name: "rovers", method: "GET", path: "/api/v1/rovers" },
      { name: "routes", method: "GET", path: `/api/v1/zones/${zone}/routes` },
      { name: "realms", method: "GET", path: `/api/v1/zones/${zone}/realms` },
      { name: "simulate", method: "POST", path: "/api/v1/simulate", body: () => simulateBody },
      {
        name: "entitlement writes",
        method: "POST",
        path: "/api/v1/entitlements/batch",
        body: entitlementBody,
        write: true,
      },
    ];
    const results: PhaseResult[] = [];
    const load = () =>
      loadavg()
        .map((l) => l.toFixed(2))
        .join(" ");
    console.error(
      `load: ${connections} connections × ${duration} s per endpoint against ${base} (load average ${load()})`,
    );
    for (const phase of phases) {
      const r = await runPhase(base, token, phase);
      results.push(r);
      console.error(
        `  ${r.endpoint.padEnd(42)} ${r.requests.toString().padStart(7)} req  ${r.throughput.toFixed(0).padStart(6)} req/s  ` +
          `p50 ${r.p50} ms  p95 ${r.p95} ms  p99 ${r.p99} ms  errors ${r.errors}`,
      );
    }
    console.error(`load average at the end: ${load()}`);

    if (values.json) console.log(JSON.stringify({ base, connections, duration, results }, null, 2));
    else {
      console.log("| endpoint | requests | req/s | p50 ms | p95 ms | p99 ms | errors |");
      console.log("|---|---:|---:|---:|---:|---:|---:|");
      for (const r of results)
        console.log(
          `| \`${r.endpoint}\` | ${r.requests} | ${r.throughput.toFixed(0)} | ${r.p50} | ${r.p95} | ${r.p99} | ${r.errors} |`,
        );
    }
    const readsSlow = results.filter((r, i) => !phases[i].write && r.p95 >= 100);
    const failed = results.filter((r) => r.errors > 0);
    if (failed.length || readsSlow.length) {
      console.error(
        `target missed: ${failed
          .map((r) => `${r.endpoint} had ${r.errors} errors`)
          .concat(readsSlow.map((r) => `${r.endpoint} p95 ${r.p95} ms`))
          .join("; ")}`,
      );
      process.exitCode = 1;
    }
  } finally {
    await cleanUp?.().catch(() => {});
    await revoke?.().catch(() => {});
    stop();
  }
}

main().then(
  () => process.exit(process.exitCode ?? 0),
  (error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  },
);
