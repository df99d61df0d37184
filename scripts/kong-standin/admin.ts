/**
 * The Admin API of every zone, under `/<zone>/…`, in Kong's database mode (or DB-less when the
 * zone is configured with `database: "off"`), plus the stand-in's own `/<zone>/_…` controls
 * (faults, counters, settings), which real Kong doesn't have.
 */
import type { IncomingMessage, ServerResponse } from "node:http";
import { exportConfigText, loadDeclarative } from "./declarative";
import { injectFaults, readJson, sendEmpty, sendJson } from "./http-util";
import { availableOnServer, expandPluginList } from "./plugins";
import { KONG_CODES, notFound, schemaViolation, StandinHttpError } from "./kong-errors";
import { buildEntity, ENTITY_KINDS, isUuid, NAME_KEY, type Entity, type EntityKind } from "./schemas";
import { type ListOptions, type Scope, type ZoneSettings } from "./zone-store";
import { ZONE_NAME, type Faults, type Zone, type Zones } from "./zones";

export interface AdminContext {
  zones: Zones;
  random: () => number;
}

const WRITE_METHODS = new Set(["POST", "PUT", "PATCH", "DELETE"]);
const NESTED: Record<string, { parent: EntityKind; scopeKey: keyof Scope; child: EntityKind }[]> = {
  services: [
    { parent: "services", scopeKey: "serviceId", child: "routes" },
    { parent: "services", scopeKey: "serviceId", child: "plugins" },
  ],
  routes: [{ parent: "routes", scopeKey: "routeId", child: "plugins" }],
  upstreams: [{ parent: "upstreams", scopeKey: "upstreamId", child: "targets" }],
  consumers: [{ parent: "consumers", scopeKey: "consumerId", child: "plugins" }],
};

const isKind = (s: string): s is EntityKind => (ENTITY_KINDS as readonly string[]).includes(s);

export async function handleAdmin(ctx: AdminContext, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const url = new URL(req.url ?? "/", "http://stand-in");
  const segments = url.pathname.split("/").filter((s) => s !== "").map(decodeURIComponent);
  const method = (req.method ?? "GET").toUpperCase();
  try {
    if (segments.length === 0) {
      sendJson(res, 200, {
        message: "Switchyard's Kong stand-in: each zone's Admin API lives under /<zone>/ (created on first use).",
        zones: ctx.zones.names(),
      });
      return;
    }
    const [zoneName, ...rest] = segments;
    if (!ZONE_NAME.test(zoneName)) throw notFound();
    const zone = ctx.zones.ensure(zoneName);
    if (rest[0]?.startsWith("_")) {
      await handleControl(ctx, zone, method, rest, req, res);
      return;
    }
    zone.stats.adminRequests += 1;
    const token = zone.store.settings.adminToken;
    if (token !== null && req.headers["kong-admin-token"] !== token) {
      sendJson(res, 401, { message: "Invalid credentials. Token or User credentials required" });
      return;
    }
    if (!(await injectFaults(zone, "admin", res, ctx.random))) return;
    const isWrite = WRITE_METHODS.has(method) && !(rest[0] === "schemas" && rest.at(-1) === "validate");
    if (isWrite) {
      zone.stats.adminWrites += 1;
      zone.stats.writesByMethod[method] = (zone.stats.writesByMethod[method] ?? 0) + 1;
    } else zone.stats.adminReads += 1;
    await handleKong(zone, method, rest, url, req, res);
  } catch (error) {
    if (error instanceof StandinHttpError) sendJson(res, error.status, error.body, error.headers);
    else {
      console.error("kong stand-in: admin error", error);
      sendJson(res, 500, { message: "An unexpected error occurred" });
    }
  }
}

function info(zone: Zone): Record<string, unknown> {
  const s = zone.store.settings;
  return {
    version: s.version,
    edition: "community",
    tagline: "Welcome to kong",
    hostname: `switchyard-standin-${zone.name}`,
    node_id: zone.store.name,
    lua_version: "LuaJIT 2.1.0 (stand-in)",
    configuration: { router_flavor: s.routerFlavor, database: s.database, admin_listen: ["127.0.0.1:8001"], plugins: s.plugins },
    plugins: {
      available_on_server: availableOnServer(s.plugins, s.version),
      // The distinct names of the plugins in the node's configuration, in the order first seen.
      enabled_in_cluster: [...new Set([...zone.store.entities.plugins.values()].map((p) => String(p.name)))],
    },
    stand_in: true,
  };
}

async function handleKong(zone: Zone, method: string, path: string[], url: URL, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const store = zone.store;
  const dbless = store.settings.database === "off";
  const [first, second, third, fourth] = path;

  if (path.length === 0) {
    if (method !== "GET") throw methodNotAllowed();
    return sendJson(res, 200, info(zone));
  }
  if (first === "status" && path.length === 1) {
    return sendJson(res, 200, { database: { reachable: true }, server: { connections_active: 1, total_requests: zone.stats.adminRequests } });
  }
  if (first === "schemas" && third === "validate" && path.length === 3 && method === "POST") {
    if (!isKind(second)) throw notFound();
    const body = await readJson(req);
    const { errors } = buildEntity(second, body, { routerFlavor: store.settings.routerFlavor, plugins: store.settings.plugins });
    if (errors) throw schemaViolation(errors);
    return sendJson(res, 200, { message: "schema validation successful" });
  }
  if (first === "config" && path.length === 1) return handleConfig(zone, method, req, res);

  if (!isKind(first) || first === "targets" || path.length > 4) throw notFound();
  const kind = first;

  // /{kind} and /{kind}/{key}
  if (path.length <= 2) {
    if (path.length === 1) {
      if (method === "GET") return sendList(res, url, store.list(kind, listOptions(url)));
      if (method === "POST") {
        guardDbless(dbless, "POST", kind, null);
        return sendJson(res, 201, store.create(kind, await readJson(req)));
      }
      throw methodNotAllowed();
    }
    return handleOne(zone, kind, second, {}, method, req, res);
  }

  // /{parent}/{key}/{child}[/{childKey}]
  const nested = NESTED[kind]?.find((n) => n.child === third);
  if (!nested) throw notFound();
  const parent = store.find(kind, second);
  if (!parent) throw notFound();
  const scope: Scope = { [nested.scopeKey]: parent.id };
  if (path.length === 3) {
    if (method === "GET") return sendList(res, url, store.list(nested.child, listOptions(url), scope));
    if (method === "POST") {
      guardDbless(dbless, "POST", nested.child, null);
      return sendJson(res, 201, store.create(nested.child, await readJson(req), scope));
    }
    throw methodNotAllowed();
  }
  if (nested.child !== "targets") throw notFound();
  return handleOne(zone, "targets", fourth, scope, method, req, res);
}

async function handleOne(zone: Zone, kind: EntityKind, key: string, scope: Scope, method: string, req: IncomingMessage, res: ServerResponse) {
  const store = zone.store;
  if (method !== "GET") guardDbless(store.settings.database === "off", method, kind, key);
  switch (method) {
    case "GET": {
      const found = store.find(kind, key, scope);
      if (!found) throw notFound();
      return sendJson(res, 200, found);
    }
    case "PUT": {
      // Targets can't be created by PUT: Kong's target endpoint only updates an existing one.
      if (kind === "targets" && !store.find(kind, key, scope)) throw notFound();
      return sendJson(res, 200, store.upsert(kind, key, await readJson(req), scope));
    }
    case "PATCH":
      return sendJson(res, 200, store.update(kind, key, await readJson(req), scope));
    case "DELETE":
      store.remove(kind, key, scope);
      return sendEmpty(res, 204);
    default:
      throw methodNotAllowed();
  }
}

async function handleConfig(zone: Zone, method: string, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const store = zone.store;
  if (store.settings.database !== "off") {
    throw new StandinHttpError(400, { message: "this endpoint is only available when Kong is configured to not use a database" });
  }
  if (method === "GET") return sendJson(res, 200, { config: exportConfigText(store) });
  if (method !== "POST") throw methodNotAllowed();
  if (zone.faults.configBusy > 0) {
    zone.faults.configBusy -= 1;
    throw configBusy();
  }
  if (zone.loadingConfig) throw configBusy();
  zone.loadingConfig = true;
  try {
    const body = await readJson(req);
    const loaded = loadDeclarative(zone.name, store.settings, body);
    if (store.settings.configLoadMs > 0) await new Promise((r) => setTimeout(r, store.settings.configLoadMs));
    store.replaceAll(loaded);
    const flattened = Object.fromEntries(
      ENTITY_KINDS.map((k) => [k, Object.fromEntries([...store.entities[k].values()].map((e: Entity) => [e.id, e]))]),
    );
    return sendJson(res, 201, flattened);
  } finally {
    zone.loadingConfig = false;
  }
}

/**
 * kong/db/declarative/import.lua: another load holds the declarative lock (60 s), and Kong says to
 * retry after the lock's remaining time, at most 10 s — 10 for any load shorter than 50 s.
 */
const configBusy = () => new StandinHttpError(429, { message: "Currently loading previous configuration" }, { "retry-after": "10" });

const DAO_OPERATION: Record<string, string> = { POST: "create", PUT: "create or update", PATCH: "update", DELETE: "remove" };

/**
 * A DB-less node's entities come only from its declarative configuration: its DAO refuses every
 * write (kong/db/strategies/off/init.lua), which the Admin API answers with 405 and code 12.
 */
function guardDbless(dbless: boolean, method: string, kind: EntityKind, key: string | null): void {
  if (!dbless) return;
  const byField = key !== null && !isUuid(key) ? ` by '${NAME_KEY[kind]}'` : "";
  throw new StandinHttpError(405, {
    code: KONG_CODES.operationUnsupported,
    name: "operation unsupported",
    message: `cannot ${DAO_OPERATION[method] ?? "change"} '${kind}' entities${byField} when not using a database`,
  });
}

const methodNotAllowed = () => new StandinHttpError(405, { message: "Method not allowed" });

function listOptions(url: URL): ListOptions {
  return { size: url.searchParams.get("size"), offset: url.searchParams.get("offset"), tags: url.searchParams.get("tags") };
}

/** Kong's list body: `next` is the path of the following page, `null` (and no `offset`) on the last one. */
function sendList(res: ServerResponse, url: URL, page: { data: Entity[]; offset?: string }): void {
  let next: string | null = null;
  if (page.offset) {
    const params = new URLSearchParams(url.searchParams);
    params.set("offset", page.offset);
    next = `${url.pathname}?${params.toString()}`;
  }
  sendJson(res, 200, page.offset ? { data: page.data, offset: page.offset, next } : { data: page.data, next });
}

// ---------------------------------------------------------------- stand-in controls

async function handleControl(ctx: AdminContext, zone: Zone, method: string, path: string[], req: IncomingMessage, res: ServerResponse) {
  const [what] = path;
  if (path.length !== 1) throw notFound();
  if (what === "_faults") {
    if (method === "GET") return sendJson(res, 200, zone.faults);
    if (method === "DELETE") return sendJson(res, 200, ctx.zones.setFaults(zone.name, {}));
    if (method === "POST" || method === "PUT") return sendJson(res, 200, ctx.zones.setFaults(zone.name, parseFaults(await readJson(req))));
  }
  if (what === "_stats") {
    if (method === "GET") return sendJson(res, 200, { zone: zone.name, ...zone.stats, entities: zone.store.count() });
    if (method === "DELETE") {
      ctx.zones.resetStats(zone.name);
      return sendEmpty(res, 204);
    }
  }
  if (what === "_zone") {
    if (method === "GET") return sendJson(res, 200, publicSettings(zone.store.settings));
    if (method === "PATCH" || method === "PUT" || method === "POST") {
      return sendJson(res, 200, publicSettings(ctx.zones.configure(zone.name, parseSettings(await readJson(req))).store.settings));
    }
    if (method === "DELETE") {
      ctx.zones.delete(zone.name);
      return sendEmpty(res, 204);
    }
  }
  throw notFound();
}

function publicSettings(s: ZoneSettings): Record<string, unknown> {
  const { adminToken, ...rest } = s;
  return { ...rest, adminTokenSet: adminToken !== null };
}

function bad(message: string): StandinHttpError {
  return new StandinHttpError(400, { message });
}

export function parseFaults(body: Record<string, unknown>): Partial<Faults> {
  const out: Partial<Faults> = {};
  for (const key of ["errorRate", "dropRate"] as const) {
    if (body[key] === undefined) continue;
    const v = body[key];
    if (typeof v !== "number" || v < 0 || v > 1) throw bad(`${key} must be a number between 0 and 1`);
    out[key] = v;
  }
  if (body.latencyMs !== undefined) {
    if (typeof body.latencyMs !== "number" || body.latencyMs < 0 || body.latencyMs > 60_000) throw bad("latencyMs must be between 0 and 60000");
    out.latencyMs = body.latencyMs;
  }
  if (body.scope !== undefined) {
    if (body.scope !== "admin" && body.scope !== "proxy" && body.scope !== "all") throw bad("scope must be admin, proxy or all");
    out.scope = body.scope;
  }
  if (body.configBusy !== undefined) {
    if (!Number.isInteger(body.configBusy) || (body.configBusy as number) < 0) throw bad("configBusy must be an integer >= 0");
    out.configBusy = body.configBusy as number;
  }
  return out;
}

function parseSettings(body: Record<string, unknown>): Partial<ZoneSettings> {
  const out: Partial<ZoneSettings> = {};
  if (body.database !== undefined) {
    if (body.database !== "postgres" && body.database !== "off") throw bad("database must be postgres or off");
    out.database = body.database;
  }
  for (const key of ["routerFlavor", "version"] as const) {
    if (body[key] === undefined) continue;
    if (typeof body[key] !== "string") throw bad(`${key} must be a string`);
    out[key] = body[key];
  }
  if (body.adminToken !== undefined) {
    if (body.adminToken !== null && typeof body.adminToken !== "string") throw bad("adminToken must be a string or null");
    out.adminToken = body.adminToken;
  }
  if (body.hosts !== undefined) {
    if (!Array.isArray(body.hosts) || body.hosts.some((h) => typeof h !== "string")) throw bad("hosts must be a list of strings");
    out.hosts = body.hosts as string[];
  }
  if (body.plugins !== undefined) {
    if (!Array.isArray(body.plugins) || body.plugins.some((p) => typeof p !== "string")) throw bad("plugins must be a list of plugin names (bundled expands to Kong's own)");
    out.plugins = expandPluginList(body.plugins as string[]);
  }
  if (body.configLoadMs !== undefined) {
    if (typeof body.configLoadMs !== "number" || body.configLoadMs < 0) throw bad("configLoadMs must be a number >= 0");
    out.configLoadMs = body.configLoadMs;
  }
  return out;
}
