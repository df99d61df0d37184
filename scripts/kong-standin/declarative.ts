/**
 * DB-less `POST /config`: a declarative configuration (`_format_version` with nested
 * `services[].routes[]`, `upstreams[].targets[]`, `plugins[]`) replaces the whole zone at once.
 * Everything is loaded into a scratch store first, with the same validation as the Admin API,
 * so a bad file changes nothing — Kong's all-or-nothing rule.
 */
import { randomUUID } from "node:crypto";
import { parse as parseYaml } from "yaml";
import { KONG_CODES, StandinHttpError, type FieldErrors } from "./kong-errors";
import { isUuid, type Entity, type EntityKind } from "./schemas";
import { ZoneStore, type ZoneSettings } from "./zone-store";

const FORMAT_VERSIONS = ["1.1", "2.1", "3.0"];
const LOAD_ORDER: readonly EntityKind[] = ["services", "upstreams", "routes", "targets", "plugins"];

type Raw = Record<string, unknown>;

interface Pending {
  kind: EntityKind;
  index: number;
  input: Raw;
}

const isRecord = (x: unknown): x is Raw => typeof x === "object" && x !== null && !Array.isArray(x);

/** Declarative files reference other entities by name or id as plain strings. */
function reference(value: unknown): unknown {
  if (typeof value === "string") return isUuid(value) ? { id: value } : { name: value };
  return value;
}

function invalid(fields: FieldErrors): StandinHttpError {
  return new StandinHttpError(400, {
    code: KONG_CODES.declarativeConfig,
    name: "invalid declarative configuration",
    message: `declarative config is invalid: ${JSON.stringify(fields)}`,
    fields,
  });
}

/** Accepts the configuration itself or Kong's `{config: "<yaml or json text>"}` wrapper. */
export function declarativeBody(body: unknown): Raw {
  if (isRecord(body) && typeof body.config === "string") {
    try {
      const parsed: unknown = parseYaml(body.config);
      if (isRecord(parsed)) return parsed;
    } catch {
      // reported below
    }
    throw invalid({ config: "failed parsing declarative configuration" });
  }
  if (!isRecord(body)) throw invalid({ "@entity": ["expected an object"] });
  return body;
}

/** Flattens the nested file into entities per kind, with ids and references filled in. */
function flatten(config: Raw): Pending[] {
  const pending: Pending[] = [];
  const counters: Record<EntityKind, number> = { services: 0, routes: 0, upstreams: 0, targets: 0, plugins: 0 };
  const push = (kind: EntityKind, input: Raw) => pending.push({ kind, index: counters[kind]++, input });
  const withId = (e: Raw): Raw => (typeof e.id === "string" ? e : { ...e, id: randomUUID() });
  const list = (v: unknown): Raw[] => (Array.isArray(v) ? v.filter(isRecord) : []);

  const pushPlugins = (plugins: unknown, parent: Raw) => {
    for (const p of list(plugins)) push("plugins", { ...withId(p), ...parent });
  };
  const pushRoute = (r: Raw, parent: Raw) => {
    const { plugins, ...route } = withId(r);
    const fields = { ...route, ...parent };
    if (!("service" in parent) && "service" in route) fields.service = reference(route.service);
    push("routes", fields);
    pushPlugins(plugins, { route: { id: route.id } });
  };
  for (const s of list(config.services)) {
    const { routes, plugins, ...service } = withId(s);
    push("services", service);
    for (const r of list(routes)) pushRoute(r, { service: { id: service.id } });
    pushPlugins(plugins, { service: { id: service.id } });
  }
  for (const r of list(config.routes)) pushRoute(r, {});
  for (const u of list(config.upstreams)) {
    const { targets, ...upstream } = withId(u);
    push("upstreams", upstream);
    for (const t of list(targets)) push("targets", { ...withId(t), upstream: { id: upstream.id } });
  }
  for (const t of list(config.targets)) push("targets", { ...withId(t), upstream: reference(t.upstream) });
  for (const p of list(config.plugins)) {
    const plugin = withId(p);
    for (const field of ["route", "service"]) if (field in plugin) plugin[field] = reference(plugin[field]);
    push("plugins", plugin);
  }
  return pending;
}

/** Validates the whole file into a new store; throws Kong's code-14 error listing every problem. */
export function loadDeclarative(zone: string, settings: ZoneSettings, body: unknown): ZoneStore {
  const config = declarativeBody(body);
  const version = config._format_version;
  if (version === undefined) throw invalid({ _format_version: "required field missing" });
  if (typeof version !== "string" || !FORMAT_VERSIONS.includes(version)) {
    throw invalid({ _format_version: `expected one of: ${FORMAT_VERSIONS.join(", ")}` });
  }
  const scratch = new ZoneStore(zone, settings);
  const errors: Record<string, Record<string, unknown>> = {};
  const pending = flatten(config);
  // Parents before children, so references resolve (Kong sorts the same way).
  for (const kind of LOAD_ORDER) {
    for (const p of pending.filter((x) => x.kind === kind)) {
      try {
        scratch.create(kind, p.input);
      } catch (error) {
        if (!(error instanceof StandinHttpError)) throw error;
        (errors[kind] ??= {})[String(p.index)] = error.body.fields ?? error.body.message;
      }
    }
  }
  if (Object.keys(errors).length > 0) throw invalid(errors);
  return scratch;
}

/** The zone as a declarative file (what `GET /config` answers in DB-less mode). */
export function exportDeclarative(store: ZoneStore): Raw {
  const strip = (e: Entity): Raw => {
    const { created_at: _c, updated_at: _u, ...rest } = e;
    return rest;
  };
  return {
    _format_version: "3.0",
    services: [...store.entities.services.values()].map(strip),
    routes: [...store.entities.routes.values()].map(strip),
    upstreams: [...store.entities.upstreams.values()].map(strip),
    targets: [...store.entities.targets.values()].map(strip),
    plugins: [...store.entities.plugins.values()].map(strip),
  };
}
