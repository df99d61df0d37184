/**
 * DB-less `POST /config` (kong/api/routes/config.lua): a declarative configuration
 * (`_format_version` with nested `services[].routes[]`, `upstreams[].targets[]`,
 * `consumers[].plugins[]`, `plugins[]`) replaces the node's whole configuration at once — what the
 * file omits is gone. Everything is loaded into a scratch store first, with the same validation as
 * the Admin API, so a bad file changes nothing: Kong's all-or-nothing rule. `GET /config` gives the
 * configuration back the way kong/db/declarative/export.lua writes it.
 */
import { randomUUID } from "node:crypto";
import { parse as parseYaml, stringify as toYaml } from "yaml";
import { KONG_CODES, StandinHttpError, type FieldErrors } from "./kong-errors";
import { ENTITY_KINDS, isUuid, SCHEMAS, type EntityKind } from "./schemas";
import { ZoneStore, type ZoneSettings } from "./zone-store";

const FORMAT_VERSIONS = ["1.1", "2.1", "3.0"];
const LOAD_ORDER: readonly EntityKind[] = ["services", "upstreams", "consumers", "routes", "targets", "plugins"];

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
  const counters: Record<EntityKind, number> = { services: 0, routes: 0, upstreams: 0, targets: 0, consumers: 0, plugins: 0 };
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
  for (const c of list(config.consumers)) {
    const { plugins, ...consumer } = withId(c);
    push("consumers", consumer);
    pushPlugins(plugins, { consumer: { id: consumer.id } });
  }
  for (const p of list(config.plugins)) {
    const plugin = withId(p);
    for (const field of ["route", "service", "consumer"]) if (field in plugin) plugin[field] = reference(plugin[field]);
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
  const unknown: Record<string, string> = {};
  for (const key of Object.keys(config)) {
    // An entity type the stand-in can't hold must not vanish silently from a round trip.
    if (!key.startsWith("_") && !(ENTITY_KINDS as readonly string[]).includes(key)) {
      unknown[key] = `unknown field (the stand-in loads ${ENTITY_KINDS.join(", ")})`;
    }
  }
  if (Object.keys(unknown).length > 0) throw invalid(unknown);
  if (config._transform !== undefined && typeof config._transform !== "boolean") throw invalid({ _transform: "expected a boolean" });
  const scratch = new ZoneStore(zone, settings);
  const errors: Record<string, Record<string, unknown>> = {};
  const pending = flatten(config);
  // Parents before children, so references resolve (Kong sorts the same way).
  for (const kind of LOAD_ORDER) {
    for (const p of pending.filter((x) => x.kind === kind)) {
      try {
        scratch.create(kind, p.input, {}, true);
      } catch (error) {
        if (!(error instanceof StandinHttpError)) throw error;
        (errors[kind] ??= {})[String(p.index)] = error.body.fields ?? error.body.message;
      }
    }
  }
  if (Object.keys(errors).length > 0) throw invalid(errors);
  return scratch;
}

const FOREIGN_FIELDS: Record<EntityKind, string[]> = Object.fromEntries(
  ENTITY_KINDS.map((kind) => [kind, Object.entries(SCHEMAS[kind]).flatMap(([field, spec]) => (spec.type === "foreign" ? [field] : []))]),
) as Record<EntityKind, string[]>;

/**
 * The configuration as kong/db/declarative/export.lua `export_from_db` writes it for `GET /config`:
 * `_format_version: "3.0"`, `_transform: false` (so a reload doesn't transform values such as
 * credentials a second time), one flat list per entity type, every field with its timestamps and
 * nulls, foreign keys as the plain id. Loading it back gives the same entities (`updated_at` aside).
 */
export function exportDeclarative(store: ZoneStore): Raw {
  const out: Raw = { _format_version: "3.0", _transform: false };
  // Parents before children, as Kong's topological sort of the schemas puts them.
  for (const kind of LOAD_ORDER) {
    const entities = [...store.entities[kind].values()].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
    if (entities.length === 0) continue;
    out[kind] = entities.map((e) => {
      const row: Raw = { ...e };
      for (const field of FOREIGN_FIELDS[kind]) {
        const ref = row[field];
        if (isRecord(ref) && typeof ref.id === "string") row[field] = ref.id;
      }
      return row;
    });
  }
  return out;
}

/** `GET /config`'s body: `{config: "<YAML>"}`. */
export function exportConfigText(store: ZoneStore): string {
  return toYaml(exportDeclarative(store));
}
