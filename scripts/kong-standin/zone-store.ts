/**
 * One zone's Kong data, in memory: the entities plus the database-mode rules Kong enforces on
 * them (unique names, foreign keys, what a delete may take with it). The Admin API layer maps
 * HTTP onto these operations; DB-less `POST /config` builds a scratch store and swaps it in.
 */
import { randomUUID } from "node:crypto";
import {
  invalidOffset,
  invalidOptions,
  invalidSize,
  missingForeignKey,
  notFound,
  primaryKeyViolation,
  referencedBy,
  schemaViolation,
  uniqueViolation,
} from "./kong-errors";
import { BUNDLED_PLUGIN_NAMES } from "./plugins";
import { buildEntity, ENTITY_KINDS, isUuid, NAME_KEY, normalizeTarget, type Entity, type EntityKind } from "./schemas";

export interface ZoneSettings {
  version: string;
  /** `postgres` (database mode) or `off` (DB-less: entity writes answer 405, `POST /config` loads everything). */
  database: "postgres" | "off";
  routerFlavor: string;
  /** When set, every Admin API call must carry it in `Kong-Admin-Token`. */
  adminToken: string | null;
  /** Proxy Host names that select this zone besides the `<zone>.` first-label convention. */
  hosts: string[];
  /** How long a DB-less `POST /config` takes; another load meanwhile answers 429. */
  configLoadMs: number;
  /** The plugins this node has, already expanded (kong.conf `plugins = bundled,…`). */
  plugins: string[];
}

export const DEFAULT_SETTINGS: ZoneSettings = {
  version: "3.9.0",
  database: "postgres",
  routerFlavor: "expressions",
  adminToken: null,
  hosts: [],
  configLoadMs: 0,
  plugins: [...BUNDLED_PLUGIN_NAMES],
};

/** Where an operation happens: nested endpoints (`/upstreams/{u}/targets`, `/services/{s}/routes`). */
export interface Scope {
  upstreamId?: string;
  serviceId?: string;
  routeId?: string;
  consumerId?: string;
}

export interface ListOptions {
  size?: string | null;
  offset?: string | null;
  tags?: string | null;
}

export interface Page {
  data: Entity[];
  /** The next page's offset; absent on the last page. */
  offset?: string;
}

export const MAX_PAGE_SIZE = 1000;
const DEFAULT_PAGE_SIZE = 100;
const MAX_TAGS = 5;

const now = (): number => Math.floor(Date.now() / 1000);

/** Reference fields that point at another entity of this store (and their target kind). */
const REFERENCES: Partial<Record<EntityKind, Record<string, EntityKind>>> = {
  routes: { service: "services" },
  targets: { upstream: "upstreams" },
  plugins: { route: "routes", service: "services", consumer: "consumers" },
};

const refId = (value: unknown): string | null =>
  value && typeof value === "object" && typeof (value as { id?: unknown }).id === "string" ? (value as { id: string }).id : null;

export class ZoneStore {
  readonly entities: Record<EntityKind, Map<string, Entity>> = {
    services: new Map(),
    routes: new Map(),
    upstreams: new Map(),
    targets: new Map(),
    consumers: new Map(),
    plugins: new Map(),
  };
  /**
   * Unique keys → id, so that name lookups and unique checks stay O(1) in zones with thousands of
   * routes: names (plugins: `instance_name`), `upstream|target` for targets, and for plugins also
   * the name + route + service + consumer combination Kong allows once.
   */
  private index: Record<EntityKind, Map<string, string>> = emptyIndex();
  /** Bumped on every change, so the proxy knows when to rebuild its router. */
  version = 0;

  constructor(
    readonly name: string,
    public settings: ZoneSettings = { ...DEFAULT_SETTINGS },
    private readonly onChange: () => void = () => {},
  ) {}

  // ------------------------------------------------------------------ reads

  find(kind: EntityKind, key: string, scope: Scope = {}): Entity | undefined {
    const map = this.entities[kind];
    let found: Entity | undefined;
    if (isUuid(key)) found = map.get(key.toLowerCase());
    else if (kind === "targets") {
      const target = normalizeTarget(key) ?? key;
      if (scope.upstreamId) found = this.byKey(kind, targetKey(scope.upstreamId, target));
      else for (const e of map.values()) if (e.target === target) return e;
    } else found = this.byKey(kind, String(key));
    return found && this.inScope(kind, found, scope) ? found : undefined;
  }

  private byKey(kind: EntityKind, key: string): Entity | undefined {
    const id = this.index[kind].get(key);
    return id === undefined ? undefined : this.entities[kind].get(id);
  }

  private inScope(kind: EntityKind, e: Entity, scope: Scope): boolean {
    if (kind === "targets" && scope.upstreamId) return refId(e.upstream) === scope.upstreamId;
    if (kind === "routes" && scope.serviceId) return refId(e.service) === scope.serviceId;
    if (kind === "plugins" && scope.routeId) return refId(e.route) === scope.routeId;
    if (kind === "plugins" && scope.serviceId) return refId(e.service) === scope.serviceId;
    if (kind === "plugins" && scope.consumerId) return refId(e.consumer) === scope.consumerId;
    return true;
  }

  /** Kong's paging: entities in primary-key order, `offset` an opaque key to continue after. */
  list(kind: EntityKind, options: ListOptions, scope: Scope = {}): Page {
    const size = parseSize(options.size);
    const after = options.offset ? decodeOffset(options.offset) : null;
    const matchTags = tagFilter(options.tags);
    const all = [...this.entities[kind].values()]
      .filter((e) => this.inScope(kind, e, scope) && matchTags(e))
      .sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
    const start = after === null ? 0 : all.findIndex((e) => e.id > after);
    const data = start < 0 ? [] : all.slice(start, start + size);
    const more = start >= 0 && start + size < all.length;
    return more ? { data, offset: encodeOffset(data[data.length - 1].id) } : { data };
  }

  // ------------------------------------------------------------------ writes

  /**
   * `POST`: create; an id in the body is kept (decK and Switchyard send deterministic ids).
   * `keepCreatedAt` is the declarative load's rule: a given `created_at` stays, `updated_at` is
   * the load's time (Kong's `process_auto_fields(…, "insert")`).
   */
  create(kind: EntityKind, input: Record<string, unknown>, scope: Scope = {}, keepCreatedAt = false): Entity {
    const id = typeof input.id === "string" ? input.id.toLowerCase() : randomUUID();
    if (typeof input.id === "string" && !isUuid(input.id)) throw schemaViolation({ id: "expected a valid UUID" });
    if (this.entities[kind].has(id)) throw primaryKeyViolation(id);
    const t = now();
    const created = keepCreatedAt && Number.isInteger(input.created_at) ? (input.created_at as number) : t;
    return this.save(kind, this.validate(kind, this.scoped(kind, input, scope), id), { id, created_at: created, updated_at: t });
  }

  /**
   * `PUT /{kind}/{id-or-name}`: creates or fully replaces — every field not sent goes back to its
   * default (Kong's rule; a client that sends a partial entity loses the rest). The answer is 200
   * either way, so callers can't tell create from update.
   */
  upsert(kind: EntityKind, key: string, input: Record<string, unknown>, scope: Scope = {}): Entity {
    const existing = this.find(kind, key, scope);
    const body: Record<string, unknown> = { ...input };
    // The URL names the entity: its id, or its unique name, wins over the body.
    if (!isUuid(key)) body[NAME_KEY[kind]] = key;
    const id = existing?.id ?? (isUuid(key) ? key.toLowerCase() : randomUUID());
    if (!existing && this.entities[kind].has(id)) throw primaryKeyViolation(id);
    const t = now();
    const created = typeof existing?.created_at === "number" ? existing.created_at : t;
    return this.save(kind, this.validate(kind, this.scoped(kind, body, scope), id), { id, created_at: created, updated_at: t });
  }

  /** `PATCH`: only the fields sent change (records such as `config` merge key by key, as Kong does). */
  update(kind: EntityKind, key: string, input: Record<string, unknown>, scope: Scope = {}): Entity {
    const existing = this.find(kind, key, scope);
    if (!existing) throw notFound();
    const { id: _id, created_at: _c, updated_at: _u, ...current } = existing;
    const merged = mergeRecords(current, input);
    return this.save(kind, this.validate(kind, this.scoped(kind, merged, scope), existing.id), {
      id: existing.id,
      created_at: existing.created_at as number,
      updated_at: now(),
    });
  }

  /**
   * `DELETE` is idempotent (true when something was removed). A service still used by routes is
   * refused, as in Kong; plugins of a deleted route or service and targets of a deleted upstream
   * go with it (Kong's `on_delete = "cascade"`).
   */
  remove(kind: EntityKind, key: string, scope: Scope = {}): boolean {
    const existing = this.find(kind, key, scope);
    if (!existing) return false;
    if (kind === "services") {
      for (const r of this.entities.routes.values()) if (refId(r.service) === existing.id) throw referencedBy("services", "routes");
    }
    this.drop(kind, existing);
    const cascade = (k: EntityKind, field: string) => {
      for (const e of [...this.entities[k].values()]) if (refId(e[field]) === existing.id) this.drop(k, e);
    };
    if (kind === "upstreams") cascade("targets", "upstream");
    if (kind === "routes") cascade("plugins", "route");
    if (kind === "services") cascade("plugins", "service");
    if (kind === "consumers") cascade("plugins", "consumer");
    this.changed();
    return true;
  }

  /** Replaces everything at once (DB-less `POST /config`, loading persisted state). */
  replaceAll(from: ZoneStore): void {
    for (const kind of ENTITY_KINDS) this.entities[kind] = from.entities[kind];
    this.rebuildIndex();
    this.changed();
  }

  /** After entities were set directly (loading a state file). */
  rebuildIndex(): void {
    this.index = emptyIndex();
    for (const kind of ENTITY_KINDS) for (const e of this.entities[kind].values()) for (const key of uniqueKeys(kind, e)) this.index[kind].set(key, e.id);
  }

  count(): Record<EntityKind, number> {
    return Object.fromEntries(ENTITY_KINDS.map((k) => [k, this.entities[k].size])) as Record<EntityKind, number>;
  }

  // ------------------------------------------------------------------ internals

  private scoped(kind: EntityKind, input: Record<string, unknown>, scope: Scope): Record<string, unknown> {
    if (kind === "targets" && scope.upstreamId) return { ...input, upstream: { id: scope.upstreamId } };
    if (kind === "routes" && scope.serviceId) return { ...input, service: { id: scope.serviceId } };
    if (kind === "plugins" && scope.routeId) return { ...input, route: { id: scope.routeId } };
    if (kind === "plugins" && scope.serviceId) return { ...input, service: { id: scope.serviceId } };
    if (kind === "plugins" && scope.consumerId) return { ...input, consumer: { id: scope.consumerId } };
    return input;
  }

  private validate(kind: EntityKind, input: Record<string, unknown>, id: string): Record<string, unknown> {
    const { entity, errors } = buildEntity(kind, input, { routerFlavor: this.settings.routerFlavor, plugins: this.settings.plugins });
    if (errors) throw schemaViolation(errors);
    for (const [field, target] of Object.entries(REFERENCES[kind] ?? {})) {
      const ref = entity[field] as Record<string, unknown> | null;
      if (!ref) continue;
      const found = typeof ref.id === "string" ? this.entities[target].get(ref.id) : this.find(target, String(ref.name));
      if (!found) throw missingForeignKey(field, target, ref);
      entity[field] = { id: found.id };
    }
    this.checkUnique(kind, entity, id);
    return entity;
  }

  private checkUnique(kind: EntityKind, entity: Record<string, unknown>, id: string): void {
    for (const key of uniqueKeys(kind, entity)) {
      const holder = this.index[kind].get(key);
      if (holder === undefined || holder === id) continue;
      if (kind === "targets") throw uniqueViolation({ target: entity.target, upstream: entity.upstream });
      if (key.startsWith(COMBO)) {
        throw uniqueViolation({ name: entity.name, route: entity.route, service: entity.service, consumer: entity.consumer });
      }
      if (key.startsWith(CUSTOM_ID)) throw uniqueViolation({ custom_id: entity.custom_id });
      const nameKey = NAME_KEY[kind];
      throw uniqueViolation({ [nameKey]: entity[nameKey] });
    }
  }

  private drop(kind: EntityKind, e: Entity): void {
    this.entities[kind].delete(e.id);
    for (const key of uniqueKeys(kind, e)) if (this.index[kind].get(key) === e.id) this.index[kind].delete(key);
  }

  private save(kind: EntityKind, entity: Record<string, unknown>, meta: { id: string; created_at: number; updated_at: number }): Entity {
    const saved: Entity = { ...meta, ...entity };
    const previous = this.entities[kind].get(meta.id);
    if (previous) this.drop(kind, previous);
    this.entities[kind].set(meta.id, saved);
    for (const key of uniqueKeys(kind, saved)) this.index[kind].set(key, meta.id);
    this.changed();
    return saved;
  }

  private changed(): void {
    this.version += 1;
    this.onChange();
  }
}

const COMBO = "\u0000combo:";
const CUSTOM_ID = "\u0000custom_id:";

const emptyIndex = (): Record<EntityKind, Map<string, string>> => ({
  services: new Map(),
  routes: new Map(),
  upstreams: new Map(),
  targets: new Map(),
  consumers: new Map(),
  plugins: new Map(),
});

const targetKey = (upstreamId: string, target: string): string => `${upstreamId}|${target}`;

function uniqueKeys(kind: EntityKind, e: Record<string, unknown>): string[] {
  if (kind === "targets") return [targetKey(refId(e.upstream) ?? "", String(e.target))];
  const keys: string[] = [];
  const name = e[NAME_KEY[kind]];
  if (typeof name === "string") keys.push(name);
  // Consumers have a second unique key.
  if (kind === "consumers" && typeof e.custom_id === "string") keys.push(`${CUSTOM_ID}${e.custom_id}`);
  if (kind === "plugins") keys.push(`${COMBO}${String(e.name)}|${refId(e.route)}|${refId(e.service)}|${refId(e.consumer)}`);
  return keys;
}

function parseSize(raw: string | null | undefined): number {
  if (raw === null || raw === undefined || raw === "") return DEFAULT_PAGE_SIZE;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 1 || n > MAX_PAGE_SIZE) throw invalidSize(MAX_PAGE_SIZE);
  return n;
}

function encodeOffset(id: string): string {
  return Buffer.from(JSON.stringify([id])).toString("base64");
}

function decodeOffset(offset: string): string {
  try {
    const parsed: unknown = JSON.parse(Buffer.from(offset, "base64").toString("utf8"));
    if (Array.isArray(parsed) && typeof parsed[0] === "string") return parsed[0];
  } catch {
    // falls through to Kong's error
  }
  throw invalidOffset(offset);
}

/** `?tags=a,b` needs every tag, `?tags=a/b` any of them; mixing both or more than 5 is refused. */
function tagFilter(raw: string | null | undefined): (e: Entity) => boolean {
  if (!raw) return () => true;
  const and = raw.includes(",");
  const or = raw.includes("/");
  if (and && or) throw invalidOptions("tags: invalid filter syntax");
  const wanted = raw.split(and ? "," : "/");
  if (wanted.length > MAX_TAGS) throw invalidOptions(`tags: cannot query more than ${MAX_TAGS} tags`);
  if (wanted.some((t) => t === "")) throw invalidOptions("tags: invalid filter syntax");
  return (e) => {
    const tags = Array.isArray(e.tags) ? (e.tags as string[]) : [];
    return and ? wanted.every((t) => tags.includes(t)) : wanted.some((t) => tags.includes(t));
  };
}

const FOREIGN_FIELDS = new Set(["service", "route", "upstream", "consumer", "client_certificate"]);
const isRecord = (x: unknown): x is Record<string, unknown> => typeof x === "object" && x !== null && !Array.isArray(x);

function mergeRecords(base: Record<string, unknown>, patch: Record<string, unknown>, top = true): Record<string, unknown> {
  const out: Record<string, unknown> = { ...base };
  for (const [k, v] of Object.entries(patch)) {
    const b = out[k];
    // Foreign keys are replaced whole; records like `config` merge key by key.
    out[k] = isRecord(v) && isRecord(b) && !(top && FOREIGN_FIELDS.has(k)) ? mergeRecords(b, v, false) : v;
  }
  return out;
}
