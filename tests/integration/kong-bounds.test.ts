import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as drift from "@/app/api/v1/zones/[name]/drift/route";
import * as publish from "@/app/api/v1/zones/[name]/publish/route";
import * as zones from "@/app/api/v1/zones/route";
import { get, post } from "./http";

/**
 * A hostile "Kong" on loopback — the attack that once held a drift check at 100% CPU for 11 minutes
 * and 9.3 GB: huge answers, 20,000-entity pages without `offset`, endless and repeated offsets,
 * malformed JSON, headers then silence, a trickle, a redirect elsewhere. Every drift check and dry
 * run against it ends in bounded time with a bounded error (drift: 200 `reachable: false` with the
 * failure class; dry run: 412), nothing is followed off the node, and this process's RSS stays
 * within RSS_BOUND_MB of where it started (the limits are the defaults, lib/kong/limits.ts, except
 * a 1 s call timeout so the silent modes don't take 5 s each; the never-ending answer keeps the default
 * 5 s, so it is the byte cap that stops it, not the clock).
 */
const RSS_BOUND_MB = 400;
/** Well under the read deadline (30 s); typical runs take 0.5–6 s per mode on a busy 2-core machine. */
const TIME_BOUND_MS = 20_000;
const CALL_TIMEOUT_MS = 1_000;

const uuid = (n: number) => `00000000-0000-4000-8000-${String(n).padStart(12, "0")}`;
const entity = (n: number) => ({ id: uuid(n), name: `e${n}`, tags: ["switchyard"] });
const INFO = JSON.stringify({
  version: "3.9.0",
  configuration: { router_flavor: "expressions", database: "postgres" },
});

let hostile: Server;
let elsewhere: Server;
let elsewhereConnections = 0;
let base = "";
let elsewhereUrl = "";
const open = new Set<ServerResponse>();
let endlessCounter = 0;

function answer(mode: string, req: IncomingMessage, res: ServerResponse) {
  open.add(res);
  res.on("close", () => open.delete(res));
  switch (mode) {
    case "huge": {
      // An answer that never ends, written as fast as the reader takes it.
      res.writeHead(200, { "content-type": "application/json" });
      const chunk = Buffer.alloc(64 * 1024, 0x20);
      const pump = () => {
        while (!res.destroyed && res.write(chunk));
        if (!res.destroyed) res.once("drain", pump);
      };
      res.write('{"data": [');
      pump();
      return;
    }
    case "declared":
      res.writeHead(200, { "content-type": "application/json", "content-length": String(4 * 1024 ** 3) });
      res.write("{");
      return;
    case "wide":
      res.writeHead(200, { "content-type": "application/json" });
      res.end(JSON.stringify({ data: Array.from({ length: 20_000 }, (_, i) => entity(i)), next: null }));
      return;
    case "endless":
      res.writeHead(200, { "content-type": "application/json" });
      res.end(JSON.stringify({ data: [entity(++endlessCounter)], offset: `o${endlessCounter}` }));
      return;
    case "repeat":
      res.writeHead(200, { "content-type": "application/json" });
      res.end(JSON.stringify({ data: [entity(1)], offset: "again" }));
      return;
    case "malformed":
      res.writeHead(200, { "content-type": "application/json" });
      res.end('{"data": [{"id": "00000000-0000-4000-8000-000000000001", "name": ');
      return;
    case "slowloris":
      res.writeHead(200, { "content-type": "application/json" });
      res.flushHeaders();
      return;
    case "drip": {
      res.writeHead(200, { "content-type": "application/json" });
      const timer = setInterval(() => (res.destroyed ? clearInterval(timer) : res.write(" ")), 100);
      return;
    }
    case "redirect":
      res.writeHead(302, { location: `${elsewhereUrl}${req.url}` });
      res.end();
      return;
    default:
      res.writeHead(404).end();
  }
}

beforeAll(async () => {
  process.env.SWITCHYARD_KONG_TIMEOUT_MS = String(CALL_TIMEOUT_MS);
  hostile = createServer((req, res) => {
    const [, mode, ...rest] = new URL(req.url!, "http://x").pathname.split("/");
    // GET / answers like Kong, so a dry run gets past the node facts to the lists.
    if (rest.join("/") === "") {
      res.writeHead(200, { "content-type": "application/json" }).end(INFO);
      return;
    }
    answer(mode, req, res);
  });
  elsewhere = createServer((_req, res) =>
    res.writeHead(200, { "content-type": "application/json" }).end('{"data": []}'),
  );
  elsewhere.on("connection", () => elsewhereConnections++);
  for (const server of [hostile, elsewhere])
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  base = `http://127.0.0.1:${(hostile.address() as AddressInfo).port}`;
  elsewhereUrl = `http://127.0.0.1:${(elsewhere.address() as AddressInfo).port}`;
});

afterAll(async () => {
  delete process.env.SWITCHYARD_KONG_TIMEOUT_MS;
  for (const res of open) res.destroy();
  hostile.closeAllConnections();
  await Promise.all([hostile, elsewhere].map((s) => new Promise((r) => s.close(r))));
});

async function zoneFor(mode: string) {
  const name = `hostile-${mode}`;
  const res = await post(zones.POST, "/api/v1/zones", {
    body: {
      name,
      visibility: "ENTERPRISE",
      gatewayUrl: `https://${name}.gw.example.com`,
      identityProviderUrl: `https://idp.${name}.example.com`,
      kongAdminUrl: `${base}/${mode}`,
    },
  });
  expect(res.status, res.text).toBe(201);
  return name;
}

const CASES: [mode: string, failure: string, message: RegExp][] = [
  [
    "huge",
    "limit",
    /limit exceeded .*more than 16 MiB in one answer; raise SWITCHYARD_KONG_MAX_RESPONSE_BYTES/,
  ],
  ["declared", "limit", /more than 16 MiB in one answer; raise SWITCHYARD_KONG_MAX_RESPONSE_BYTES/],
  ["wide", "limit", /a page of 20000 entities, 1000 asked for; raise SWITCHYARD_KONG_MAX_LIST_ENTITIES/],
  ["endless", "limit", /more than 100 pages in one list; raise SWITCHYARD_KONG_MAX_LIST_PAGES/],
  ["repeat", "not_kong", /did not answer like Kong .*the same page offset twice/],
  ["malformed", "not_kong", /did not answer like Kong .*not JSON/],
  ["slowloris", "timeout", /timed out .*within 1000 ms; raise SWITCHYARD_KONG_TIMEOUT_MS/],
  ["drip", "timeout", /timed out .*within 1000 ms; raise SWITCHYARD_KONG_TIMEOUT_MS/],
  ["redirect", "not_kong", /a redirect \(HTTP 302\), which is not followed/],
];

describe("a hostile Kong", () => {
  const rssAtStart = process.memoryUsage().rss;
  let peakRss = rssAtStart;
  const sampler = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage().rss)), 20);

  it.each(CASES)(
    "%s: drift and dry run end in bounded time with a bounded error",
    async (mode, failure, message) => {
      // The short call timeout is what the silent modes must hit; the others test a size limit, and
      // on a loaded machine reading 16 MiB (or parsing 20,000 entities) can outlast 1 s before the
      // limit is reached, so they get room: the time bound below still holds them to 20 s.
      process.env.SWITCHYARD_KONG_TIMEOUT_MS = failure === "timeout" ? String(CALL_TIMEOUT_MS) : "15000";
      const name = await zoneFor(mode);
      const started = Date.now();
      const checked = await get(drift.GET, `/api/v1/zones/${name}/drift`, { params: { name } });
      const driftMs = Date.now() - started;
      expect(checked.status, checked.text).toBe(200);
      expect(checked.json).toMatchObject({ reachable: false, failure, items: [], unmanaged: [] });
      expect(checked.json.error).toMatch(new RegExp(`^Zone ${name}'s Kong`));
      expect(checked.json.error).toMatch(message);
      expect(driftMs).toBeLessThan(TIME_BOUND_MS);

      const dryStarted = Date.now();
      const dry = await post(publish.POST, `/api/v1/zones/${name}/publish?dryRun=true`, { params: { name } });
      expect(Date.now() - dryStarted).toBeLessThan(TIME_BOUND_MS);
      expect(dry.status, dry.text).toBe(412);
      expect(dry.json.error.message).toMatch(message);
      // Whatever the node sent stays on the server: no body, no entity names.
      expect(dry.text).not.toMatch(/"e\d+"|e1\b/);
    },
  );

  it("followed no redirect and stayed within the memory bound", () => {
    clearInterval(sampler);
    expect(elsewhereConnections).toBe(0);
    const grownMb = (peakRss - rssAtStart) / 1024 ** 2;
    console.log(`kong-bounds: RSS grew by at most ${grownMb.toFixed(0)} MB (bound ${RSS_BOUND_MB} MB)`);
    expect(grownMb).toBeLessThan(RSS_BOUND_MB);
  });
});
