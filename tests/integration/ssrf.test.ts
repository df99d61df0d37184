import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import { createServer as createTcpServer, type AddressInfo } from "node:net";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import * as tokens from "@/app/api/v1/tokens/route";
import * as drift from "@/app/api/v1/zones/[name]/drift/route";
import * as zone from "@/app/api/v1/zones/[name]/route";
import * as zones from "@/app/api/v1/zones/route";
import { prisma } from "@/lib/db/prisma";
import { get, patch, post, unique } from "./http";

/**
 * A zone's Kong admin URL can't be turned against the server's network: the allowlist
 * (SWITCHYARD_KONG_ADMIN_ALLOW) holds on save and on every call after DNS resolution, only an admin
 * moves an admin URL, and what comes back from a refused, closed or hostile address says only the
 * failure class — never the remote's body, status text or which connection error it was.
 */

/** A loopback listener that counts the connections it is offered and answers like a Kong node. */
interface Listener {
  url: string;
  connections: number;
  requests: string[];
  server: Server;
}

const SECRET = "hunter2-secret-body";
const uuid = (n: number) => `00000000-0000-4000-8000-${String(n).padStart(12, "0")}`;

async function listen(handler: (req: IncomingMessage, res: ServerResponse) => void): Promise<Listener> {
  const server = createServer(handler);
  const listener: Listener = { url: "", connections: 0, requests: [], server };
  server.on("connection", () => listener.connections++);
  server.on("request", (req: IncomingMessage) => listener.requests.push(`${req.method} ${req.url}`));
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  listener.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return listener;
}

/** A node with foreign entities whose names and tags carry what a hostile target would exfiltrate. */
function kongLike(req: IncomingMessage, res: ServerResponse) {
  const path = new URL(req.url!, "http://x").pathname;
  res.setHeader("content-type", "application/json");
  if (path.endsWith("/")) {
    res.end(
      JSON.stringify({
        version: "3.9.0",
        configuration: { router_flavor: "expressions", database: "postgres" },
      }),
    );
    return;
  }
  if (/\/(services|routes|upstreams|plugins)$/.test(path) && !req.url!.includes("tags=")) {
    res.end(
      JSON.stringify({
        data: [
          { id: uuid(1), name: `db-password=${SECRET}`, tags: [`owner:${SECRET}`] },
          { id: `${SECRET}-not-a-uuid`, name: "plain", tags: ["switchyard"] },
          {
            id: uuid(2),
            name: "other-zones-service",
            tags: ["switchyard", "zone:elsewhere", `note:${SECRET}`],
          },
        ],
        offset: null,
      }),
    );
    return;
  }
  res.end(JSON.stringify({ data: [], offset: null }));
}

let kong: Listener;
let failing: Listener;
const originalAllow = process.env.SWITCHYARD_KONG_ADMIN_ALLOW;

beforeAll(async () => {
  kong = await listen(kongLike);
  failing = await listen((_req, res) => {
    res.statusCode = 500;
    res.statusMessage = `Internal ${SECRET}`;
    res.end(`<html>${SECRET}</html>`);
  });
});
afterAll(async () => {
  await Promise.all([kong, failing].map((l) => new Promise((r) => l.server.close(r))));
});
afterEach(() => {
  if (originalAllow === undefined) delete process.env.SWITCHYARD_KONG_ADMIN_ALLOW;
  else process.env.SWITCHYARD_KONG_ADMIN_ALLOW = originalAllow;
});

const zoneBody = (name: string, kongAdminUrl: string) => ({
  name,
  visibility: "ENTERPRISE",
  gatewayUrl: `https://${name}.gw.example.com`,
  identityProviderUrl: `https://idp.${name}.example.com`,
  kongAdminUrl,
});

async function createToken(role: "viewer" | "editor" | "publisher" | "admin") {
  const res = await post(tokens.POST, "/api/v1/tokens", { body: { name: unique(`${role}-token`), role } });
  expect(res.status, res.text).toBe(201);
  return res.json.token as string;
}

async function createZone(kongAdminUrl: string) {
  const name = unique("ssrf");
  const res = await post(zones.POST, "/api/v1/zones", { body: zoneBody(name, kongAdminUrl) });
  expect(res.status, res.text).toBe(201);
  return name;
}

const checkDrift = (name: string, token?: string) =>
  get(drift.GET, `/api/v1/zones/${name}/drift`, { params: { name }, token });

describe("on save", () => {
  it("refuses loopback, metadata and private addresses in every numeric spelling (422 naming kongAdminUrl)", async () => {
    process.env.SWITCHYARD_KONG_ADMIN_ALLOW = "public";
    for (const url of [
      "http://127.0.0.1:5432",
      "http://2130706433:5432",
      "http://0x7f.1:5432",
      "http://127.1:5432",
      "http://0177.0.0.1:5432",
      "http://0.0.0.0:8001",
      "http://[::1]:8001",
      "http://[::ffff:127.0.0.1]:8001",
      "http://169.254.169.254/latest",
      "http://10.0.0.8:8001",
      "http://localhost:8001",
    ]) {
      const name = unique("refused");
      const res = await post(zones.POST, "/api/v1/zones", { body: zoneBody(name, url) });
      expect(res.status, `${url}: ${res.text}`).toBe(422);
      // The URL validator may refuse a spelling first (non-canonical IPv4, IPv6 hosts); the
      // allowlist refuses the rest. Either way it is the field, and nothing is stored.
      expect(res.json.error.details).toEqual([expect.objectContaining({ path: "kongAdminUrl" })]);
      expect(await prisma.zone.count({ where: { name } })).toBe(0);
    }
  });

  it("the allowlist's own refusal names the variable to change", async () => {
    process.env.SWITCHYARD_KONG_ADMIN_ALLOW = "public";
    const res = await post(zones.POST, "/api/v1/zones", {
      body: zoneBody(unique("refused"), "http://127.0.0.1:5432"),
    });
    expect(res.status, res.text).toBe(422);
    expect(res.json.error.details).toEqual([
      {
        path: "kongAdminUrl",
        message: expect.stringMatching(
          /^Kong admin URL 127\.0\.0\.1:5432 is not in SWITCHYARD_KONG_ADMIN_ALLOW/,
        ),
      },
    ]);
  });

  it("only an admin changes a Kong admin URL, token or not; the change must be allowed too", async () => {
    const editor = await createToken("editor");
    const name = await createZone(`${kong.url}/a`);
    const moved = await patch(zone.PATCH, `/api/v1/zones/${name}`, {
      token: editor,
      params: { name },
      body: { kongAdminUrl: `${kong.url}/b` },
    });
    expect(moved.status, moved.text).toBe(403);
    expect(moved.json.error.message).toMatch(/Kong admin URL needs the admin role/);
    // The rest of the zone stays an editor's, and sending the same URL back is no change.
    const same = await patch(zone.PATCH, `/api/v1/zones/${name}`, {
      token: editor,
      params: { name },
      body: { kongAdminUrl: `${kong.url}/a`, enforceIssuers: false },
    });
    expect(same.status, same.text).toBe(200);

    process.env.SWITCHYARD_KONG_ADMIN_ALLOW = "public";
    const refused = await patch(zone.PATCH, `/api/v1/zones/${name}`, {
      params: { name },
      body: { kongAdminUrl: "http://2130706433:5432", enforceIssuers: true },
    });
    expect(refused.status, refused.text).toBe(422);
    expect(refused.json.error.details[0].path).toBe("kongAdminUrl");
    // Nothing of the refused save was applied.
    expect(await prisma.zone.findUniqueOrThrow({ where: { name } })).toMatchObject({
      kongAdminUrl: `${kong.url}/a`,
      enforceIssuers: false,
    });
  });
});

describe("on every call", () => {
  it("a zone whose address is no longer allowed gets no connection at all, also through a name", async () => {
    const guarded = await listen(kongLike);
    const byIp = await createZone(`${guarded.url}/z`);
    const byName = await createZone(`${guarded.url.replace("127.0.0.1", "localhost")}/z`);
    // The operator narrows the allowlist after the zones were saved (or DNS now answers loopback).
    process.env.SWITCHYARD_KONG_ADMIN_ALLOW = "public,10.0.0.0/8";
    for (const name of [byIp, byName]) {
      const res = await checkDrift(name);
      expect(res.status, res.text).toBe(200);
      expect(res.json).toMatchObject({ reachable: false, failure: "refused" });
      expect(res.json.error).toMatch(new RegExp(`^Zone ${name}'s Kong refused by allowlist`));
    }
    expect(guarded.connections).toBe(0);
    // Allowed again (port-scoped, as npm run dev sets it): the same zone is read.
    process.env.SWITCHYARD_KONG_ADMIN_ALLOW = guarded.url.replace("http://", "");
    const allowed = await checkDrift(byIp);
    expect(allowed.json, allowed.text).toMatchObject({ reachable: true, failure: null });
    expect(guarded.connections).toBeGreaterThan(0);
    await new Promise((r) => guarded.server.close(r));
  });

  it("a closed port, a port that resets and an HTTP error all read as classes, never echoing the remote", async () => {
    const closed = createTcpServer();
    await new Promise<void>((resolve) => closed.listen(0, "127.0.0.1", resolve));
    const closedPort = (closed.address() as AddressInfo).port;
    await new Promise((r) => closed.close(r));
    // Like PostgreSQL's port: accepts, then drops what isn't its protocol.
    const resetter = createTcpServer((socket) => socket.destroy());
    await new Promise<void>((resolve) => resetter.listen(0, "127.0.0.1", resolve));
    const resetPort = (resetter.address() as AddressInfo).port;

    const answers = new Map<string, { failure: string; error: string }>();
    for (const [label, url] of [
      ["closed", `http://127.0.0.1:${closedPort}/k`],
      ["reset", `http://127.0.0.1:${resetPort}/k`],
      ["error", `${failing.url}/k`],
    ] as const) {
      const name = await createZone(url);
      const res = await checkDrift(name);
      expect(res.status, res.text).toBe(200);
      expect(res.text).not.toContain(SECRET);
      expect(res.text).not.toMatch(/ECONN|EPIPE|socket|refused/i);
      answers.set(label, { failure: res.json.failure, error: res.json.error.replace(name, "ZONE") });
    }
    await new Promise((r) => resetter.close(r));
    expect(answers.get("closed")!.failure).toBe("unreachable");
    // Which of the two it was would map the network's open ports: the caller can't tell them apart.
    expect(answers.get("reset")).toEqual(answers.get("closed"));
    expect(answers.get("error")!.failure).toBe("error_status");
    expect(answers.get("error")!.error).toMatch(/failed with 500$/);
  });

  it("names only unmanaged entities that carry Switchyard's tag, and only their ids, names and our tags", async () => {
    const name = await createZone(`${kong.url}/foreign`);
    const res = await checkDrift(name);
    expect(res.json.reachable, res.text).toBe(true);
    expect(res.text).not.toContain(SECRET);
    expect(res.json.unmanaged).toEqual(
      ["service", "route", "upstream", "plugin"].map((kind) => ({
        kind,
        id: uuid(2),
        name: "other-zones-service",
        tags: ["switchyard", "zone:elsewhere"],
      })),
    );
    expect(res.json.unmanagedCounts).toEqual({ service: 3, route: 3, upstream: 3, plugin: 3 });
  });

  it("viewers share one check per zone per interval; a publisher gets a fresh one", async () => {
    const viewer = await createToken("viewer");
    const publisher = await createToken("publisher");
    const counted = await listen(kongLike);
    const name = await createZone(`${counted.url}/cached`);
    const first = await Promise.all([checkDrift(name, viewer), checkDrift(name, viewer)]);
    const afterFirst = counted.requests.length;
    expect(afterFirst).toBeGreaterThan(0);
    const again = await checkDrift(name, viewer);
    expect(counted.requests.length).toBe(afterFirst);
    for (const r of [...first, again]) expect(r.json).toMatchObject({ reachable: true, maxAgeSeconds: 15 });
    expect(again.json.ageSeconds).toBeGreaterThanOrEqual(0);
    expect(again.json.checkedAt).toBe(first[0].json.checkedAt);
    const fresh = await checkDrift(name, publisher);
    expect(fresh.json.reachable).toBe(true);
    expect(counted.requests.length).toBeGreaterThan(afterFirst);
    await new Promise((r) => counted.server.close(r));
  });
});
