import { execFile } from "node:child_process";
import { mkdtemp, readFile, writeFile } from "node:fs/promises";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as estate from "@/app/api/v1/estate/route";
import * as rovers from "@/app/api/v1/rovers/route";
import * as tenants from "@/app/api/v1/tenants/route";
import * as publish from "@/app/api/v1/zones/[name]/publish/route";
import * as zones from "@/app/api/v1/zones/route";
import { startKongStandin, type KongStandin } from "@/scripts/kong-standin/server";
import { post } from "./http";

/**
 * scripts/switchyard.ts as a pipeline runs it: a separate process, talking HTTP to the real route
 * handlers (served here on a loopback port, against this file's database) and, for zones, to the
 * Kong stand-in. What is asserted is what CI acts on: the exit code and the printed lines.
 */
type Handler = (req: Request, ctx: { params: Promise<Record<string, string>> }) => Promise<Response>;
const ROUTES: { pattern: RegExp; method: string; handler: Handler; names: string[] }[] = [
  { pattern: /^\/api\/v1\/estate$/, method: "GET", handler: estate.GET, names: [] },
  { pattern: /^\/api\/v1\/estate$/, method: "POST", handler: estate.POST, names: [] },
  { pattern: /^\/api\/v1\/zones\/([^/]+)\/publish$/, method: "POST", handler: publish.POST, names: ["name"] },
];

let server: Server;
let baseUrl: string;
let kong: KongStandin;
let dir: string;

beforeAll(async () => {
  kong = await startKongStandin({ adminPort: 0, proxyPort: 0, host: "127.0.0.1" });
  server = createServer(async (req, res) => {
    const url = new URL(req.url ?? "/", "http://127.0.0.1");
    const route = ROUTES.find((r) => r.method === req.method && r.pattern.test(url.pathname));
    if (!route) {
      res.writeHead(404).end();
      return;
    }
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const match = route.pattern.exec(url.pathname)!;
    const params = Object.fromEntries(route.names.map((n, i) => [n, decodeURIComponent(match[i + 1])]));
    const headers = new Headers();
    for (const [k, v] of Object.entries(req.headers)) if (typeof v === "string") headers.set(k, v);
    const answer = await route.handler(
      new Request(url, { method: req.method, headers, body: chunks.length ? Buffer.concat(chunks) : undefined }),
      { params: Promise.resolve(params) },
    );
    res.writeHead(answer.status, Object.fromEntries(answer.headers));
    res.end(Buffer.from(await answer.arrayBuffer()));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  dir = await mkdtemp(path.join(tmpdir(), "switchyard-cli-"));

  const zone = await post(zones.POST, "/api/v1/zones", {
    body: {
      name: "eu-central",
      visibility: "ENTERPRISE",
      gatewayUrl: "https://eu-central.gw.example.com",
      identityProviderUrl: "https://iam.eu-central.example.com",
      enforceIssuers: false,
      kongAdminUrl: kong.zoneAdminUrl("eu-central"),
    },
  });
  expect(zone.status, zone.text).toBe(201);
  expect((await post(tenants.POST, "/api/v1/tenants", { body: { name: "diku", description: "Diku" } })).status).toBe(201);
  const rover = await post(rovers.POST, "/api/v1/rovers", {
    body: {
      name: "mod-orders",
      version: "1.0.0",
      zone: "eu-central",
      exposures: [{ basePath: "/orders", upstreams: [{ url: "http://orders.svc:8080" }], visibility: "WORLD" }],
    },
  });
  expect(rover.status, rover.text).toBe(201);
});

afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
  await kong.close();
});

function cli(args: string[], env: Record<string, string> = {}): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      ["--import", "tsx", "scripts/switchyard.ts", ...args],
      {
        cwd: process.cwd(),
        env: { ...process.env, SWITCHYARD_URL: baseUrl, SWITCHYARD_TOKEN: process.env.SWITCHYARD_TEST_API_TOKEN, ...env },
        timeout: 60_000,
      },
      (error, stdout, stderr) => resolve({ code: error ? Number(error.code ?? 1) : 0, stdout, stderr }),
    );
  });
}

describe("the switchyard command line", () => {
  it("exports the estate, diffs it (exit 0 without, 2 with differences) and applies it", async () => {
    const file = path.join(dir, "estate.yaml");
    const exported = await cli(["estate", "export", file]);
    expect(exported, exported.stderr).toMatchObject({ code: 0 });
    const text = await readFile(file, "utf8");
    expect(text).toContain("name: mod-orders");

    const clean = await cli(["estate", "diff", file]);
    expect(clean.code, clean.stderr).toBe(0);
    expect(clean.stdout).toContain("No differences.");

    await writeFile(file, text.replace("description: Diku", "description: Diku University").replace("tenants:\n", "tenants:\n  - name: college\n    description: College\n"));
    const drift = await cli(["estate", "diff", file]);
    expect(drift.code).toBe(2);
    expect(drift.stdout).toContain("+ tenant college");
    expect(drift.stdout).toContain("~ tenant diku (description)");
    expect(drift.stdout).toContain("2 changes (not applied).");

    const applied = await cli(["estate", "apply", file]);
    expect(applied.code, applied.stderr).toBe(0);
    expect(applied.stdout).toContain("2 changes applied.");
    expect((await cli(["estate", "diff", file])).code).toBe(0);
  });

  it("exits 1 naming the file, line and field of a bad estate file, and without a token", async () => {
    const file = path.join(dir, "broken.yaml");
    const text = (await cli(["estate", "export"])).stdout.replace("basePath: /orders", "basePath: orders");
    await writeFile(file, text);
    const bad = await cli(["estate", "diff", file]);
    expect(bad.code).toBe(1);
    const line = text.split("\n").findIndex((l) => l.includes("basePath: orders")) + 1;
    expect(bad.stderr).toContain(`422 validation_failed: ${file}:${line}:`);
    expect(bad.stderr).toContain("rovers.0.exposures.0.basePath: Base path must start with /");

    const noToken = await cli(["estate", "export"], { SWITCHYARD_TOKEN: "" });
    expect(noToken.code).toBe(1);
    expect(noToken.stderr).toContain("Set SWITCHYARD_TOKEN");
    const unknown = await cli(["estate", "frobnicate"]);
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toContain("Unknown command estate frobnicate");
  });

  it("diffs a zone against its Kong (exit 2 before a publish, 0 after) and publishes it", async () => {
    const before = await cli(["zone", "diff", "eu-central"]);
    expect(before.code, before.stderr).toBe(2);
    expect(before.stdout).toMatch(/^eu-central: [1-9]\d* to create, 0 to update, 0 to delete/);

    const published = await cli(["zone", "publish", "eu-central"]);
    expect(published.code, published.stdout + published.stderr).toBe(0);
    expect(published.stdout).toContain("Publish SUCCEEDED");

    const after = await cli(["zone", "diff", "eu-central"]);
    expect(after.code, after.stderr).toBe(0);
    expect(after.stdout).toMatch(/0 to create, 0 to update, 0 to delete/);

    const missing = await cli(["zone", "diff", "nowhere"]);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toMatch(/^404 not_found/);
  });
});
