/**
 * A client for one Kong node's Admin API (one zone), database mode first, DB-less through
 * `POST /config`. It honours the Kong rules Switchyard depends on (shared/docs/kong.md):
 *
 * - services, upstreams, routes and plugins are written with `PUT /{kind}/{id}` by deterministic
 *   id — idempotent, so a retried write can't duplicate anything; the body is always the whole
 *   entity because `PUT` resets every omitted field to its default;
 * - targets can't be created by `PUT` (it only updates, 404 when missing): create with `POST`,
 *   and treat its 409 (a retry after a lost answer, or a same-id leftover) as "update instead";
 * - `DELETE` answers 204 even when the entity is already gone;
 * - lists are read page by page (size 1000, Kong's maximum) following the opaque `offset`,
 *   filtered by tags (`a,b` = all of them), so only Switchyard's own entities are ever seen;
 * - `GET /` first: the router flavor must be `expressions`, and `database: off` means DB-less;
 * - every call is bounded (lib/kong/limits.ts: timeout, answer bytes, entities and pages per list,
 *   bytes and time per read) and goes through the allowlisted transport (lib/kong/transport.ts),
 *   which never follows a redirect.
 */
import type { KongState } from "../compiler/types";
import { parse as parseYaml } from "yaml";
import { mergeDeclarative } from "./declarative";
import {
  KongAbortedError,
  KongApiError,
  KongError,
  KongLimitError,
  KongNetworkError,
  KongNotKongError,
  KongRefusedError,
  KongTimeoutError,
  type KongErrorBody,
} from "./errors";
import { formatBytes, KONG_LIMIT_ENV, kongLimits, type KongLimits } from "./limits";
import { reportKongFailure } from "./observe";
import { AllowlistRefusal, kongFetch } from "./transport";

export type KongEntityKind = "services" | "routes" | "upstreams" | "targets" | "plugins";

/** An entity as Kong returns it: at least an id, plus whatever fields Kong stores. */
export type KongEntity = { id: string; name?: string; tags?: string[] | null } & Record<string, unknown>;

export interface KongLiveState {
  services: KongEntity[];
  routes: KongEntity[];
  upstreams: KongEntity[];
  targets: KongEntity[];
  plugins: KongEntity[];
}

export interface KongInfo {
  version: string;
  edition: string;
  routerFlavor: string;
  /** `postgres` (database mode) or `off` (DB-less). */
  database: string;
  dbless: boolean;
  /** The plugins the node can run (`plugins.available_on_server`), null when the node doesn't say. */
  plugins: string[] | null;
}

export interface KongClientOptions {
  /** The Admin API root, e.g. `http://127.0.0.1:8001/eu-central` (stand-in) or `https://kong-admin.eu:8444`. */
  adminUrl: string;
  /** Sent as `Kong-Admin-Token` when set (RBAC / a fronting proxy that checks it). */
  token?: string | null;
  /** Per call; the caller's signal can end a call sooner. Default: `SWITCHYARD_KONG_TIMEOUT_MS` (lib/kong/limits.ts). */
  timeoutMs?: number;
  /** The other bounds; default from the environment (lib/kong/limits.ts). */
  limits?: Partial<KongLimits>;
  /** The zone this node serves, named in every error message. */
  zone?: string;
  /** Kong's maximum; smaller only for tests of paging. */
  pageSize?: number;
  fetch?: typeof fetch;
}

export interface ListOptions {
  tags?: string[];
  /** `all` (Kong's `a,b`, the default) or `any` (`a/b`). */
  tagMatch?: "all" | "any";
  signal?: AbortSignal;
}

/** One planned write; structurally the publish workflow's `PlanOp`, so `client.write` can be its `WriteOp`. */
export interface KongWrite {
  action: "create" | "update" | "delete";
  kind: "service" | "upstream" | "route" | "target" | "plugin";
  id: string;
  /** Targets: the upstream's id (the Admin API path needs it). */
  parentId?: string;
  desired?: object;
}

const KIND_PATHS: Record<KongWrite["kind"], KongEntityKind> = {
  service: "services",
  upstream: "upstreams",
  route: "routes",
  target: "targets",
  plugin: "plugins",
};

/** Kong refuses more than 5 tags in one filter. */
const MAX_FILTER_TAGS = 5;
const MAX_PAGE_SIZE = 1000;

interface CallOptions {
  body?: unknown;
  signal?: AbortSignal;
  query?: Record<string, string>;
}

/**
 * The reads between two writes share one deadline and one byte budget: a drift check, a dry run's
 * plan, or the reads a publish makes before it writes. A write ends the phase.
 */
interface ReadPhase {
  deadline: AbortSignal;
  bytes: number;
}

export class KongClient {
  private readonly base: string;
  private readonly timeoutMs: number;
  private readonly pageSize: number;
  private readonly fetchImpl: typeof fetch;
  private readonly limits: KongLimits;
  private readonly zone: string | undefined;
  private readPhase: ReadPhase | null = null;

  constructor(private readonly options: KongClientOptions) {
    this.base = options.adminUrl.replace(/\/+$/, "");
    this.limits = { ...kongLimits(), ...options.limits };
    this.timeoutMs = options.timeoutMs ?? this.limits.timeoutMs;
    this.pageSize = Math.min(options.pageSize ?? MAX_PAGE_SIZE, MAX_PAGE_SIZE);
    this.fetchImpl = options.fetch ?? kongFetch;
    this.zone = options.zone;
  }

  // ------------------------------------------------------------------ node facts

  async info(signal?: AbortSignal): Promise<KongInfo> {
    const answer = await this.call("GET", "/", { signal });
    if (!isErrorBody(answer) || typeof answer.version !== "string")
      throw this.failed(new KongNotKongError("GET", "/", "no node facts (`version`)", this.zone));
    const raw = answer as Record<string, unknown>;
    const configuration = (raw.configuration ?? {}) as Record<string, unknown>;
    const database = typeof configuration.database === "string" ? configuration.database : "postgres";
    return {
      version: typeof raw.version === "string" ? raw.version : "unknown",
      edition: typeof raw.edition === "string" ? raw.edition : "community",
      // Kong 3.x's default when the node doesn't say.
      routerFlavor: typeof configuration.router_flavor === "string" ? configuration.router_flavor : "traditional_compatible",
      database,
      dbless: database === "off",
      plugins: availablePlugins(raw.plugins),
    };
  }

  // ------------------------------------------------------------------ reads

  /** Every entity of a kind (all pages), optionally filtered by tags. */
  async list(kind: Exclude<KongEntityKind, "targets">, options: ListOptions = {}): Promise<KongEntity[]> {
    return this.listPath(`/${kind}`, options);
  }

  async listTargets(upstreamIdOrName: string, options: ListOptions = {}): Promise<KongEntity[]> {
    return this.listPath(`/upstreams/${encodeURIComponent(upstreamIdOrName)}/targets`, options);
  }

  /**
   * The live entities carrying every one of `tags` (Switchyard's tag and the zone's). Targets
   * have no top-level list in Kong: they are read per managed upstream.
   */
  async listManaged(tags: string[], signal?: AbortSignal): Promise<KongLiveState> {
    const options: ListOptions = { tags, tagMatch: "all", signal };
    const [services, routes, upstreams, plugins] = await Promise.all([
      this.list("services", options),
      this.list("routes", options),
      this.list("upstreams", options),
      this.list("plugins", options),
    ]);
    const targets: KongEntity[] = [];
    // A few at a time: an estate can have hundreds of upstreams.
    for (let i = 0; i < upstreams.length; i += 8) {
      const chunk = await Promise.all(upstreams.slice(i, i + 8).map((u) => this.listTargets(u.id, options)));
      for (const list of chunk) targets.push(...list);
    }
    return { services, routes, upstreams, targets, plugins };
  }

  /** One entity by id or unique name; null when Kong answers 404. */
  async get(kind: Exclude<KongEntityKind, "targets">, idOrName: string, signal?: AbortSignal): Promise<KongEntity | null> {
    try {
      return (await this.call("GET", `/${kind}/${encodeURIComponent(idOrName)}`, { signal })) as KongEntity;
    } catch (error) {
      if (error instanceof KongApiError && error.isNotFound) return null;
      throw error;
    }
  }

  // ------------------------------------------------------------------ writes

  /** Creates or fully replaces by id. `entity` must be whole: Kong resets whatever is left out. */
  async put<T extends { id: string }>(kind: Exclude<KongEntityKind, "targets">, entity: T, signal?: AbortSignal): Promise<KongEntity> {
    return (await this.call("PUT", `/${kind}/${encodeURIComponent(entity.id)}`, { body: entity, signal })) as KongEntity;
  }

  async createTarget(target: TargetBody, signal?: AbortSignal): Promise<KongEntity> {
    return (await this.call("POST", `/upstreams/${encodeURIComponent(target.upstream.id)}/targets`, { body: target, signal })) as KongEntity;
  }

  /** Updates an existing target (Kong answers 404 when it doesn't exist: targets aren't created by PUT). */
  async updateTarget(target: TargetBody, signal?: AbortSignal): Promise<KongEntity> {
    const path = `/upstreams/${encodeURIComponent(target.upstream.id)}/targets/${encodeURIComponent(target.id)}`;
    return (await this.call("PUT", path, { body: target, signal })) as KongEntity;
  }

  /**
   * Creates the target, or updates it when it already exists — e.g. a retried POST whose first
   * answer was lost, which Kong refuses with 409.
   */
  async upsertTarget(target: TargetBody, signal?: AbortSignal): Promise<KongEntity> {
    try {
      return await this.createTarget(target, signal);
    } catch (error) {
      if (error instanceof KongApiError && error.status === 409) return this.updateTarget(target, signal);
      throw error;
    }
  }

  /** Deletes by id or name; succeeds when the entity is already gone (Kong's 204 either way). */
  async delete(kind: KongEntityKind, idOrName: string, options: { upstreamId?: string; signal?: AbortSignal } = {}): Promise<void> {
    const key = encodeURIComponent(idOrName);
    if (kind === "targets") {
      if (!options.upstreamId) throw new TypeError("deleting a target needs its upstream's id");
      await this.call("DELETE", `/upstreams/${encodeURIComponent(options.upstreamId)}/targets/${key}`, { signal: options.signal });
      return;
    }
    try {
      await this.call("DELETE", `/${kind}/${key}`, { signal: options.signal });
    } catch (error) {
      // Some Kong versions answer 404 for a missing entity behind a name: the end state is the same.
      if (error instanceof KongApiError && error.isNotFound) return;
      throw error;
    }
  }

  /** Performs one planned write (the publish workflow's `WriteOp`). */
  write = async (op: KongWrite, signal?: AbortSignal): Promise<void> => {
    const kind = KIND_PATHS[op.kind];
    if (op.action === "delete") {
      const parent = op.parentId ?? parentOf(op.desired);
      await this.delete(kind, op.id, { upstreamId: parent, signal });
      return;
    }
    if (!op.desired) throw new TypeError(`${op.action} ${op.kind} ${op.id}: no desired entity`);
    if (kind === "targets") {
      const desired = op.desired as TargetBody;
      const target = { ...desired, upstream: { id: op.parentId ?? desired.upstream.id } };
      if (op.action === "create") await this.upsertTarget(target, signal);
      else {
        try {
          await this.updateTarget(target, signal);
        } catch (error) {
          // Gone since it was listed: create it instead.
          if (error instanceof KongApiError && error.isNotFound) await this.createTarget(target, signal);
          else throw error;
        }
      }
      return;
    }
    await this.put(kind, { ...op.desired, id: op.id }, signal);
  };

  /**
   * DB-less: the node's configuration as it exports it (`GET /config` → `{config: "<YAML>"}`), every
   * entity of every type, tagged or not.
   */
  async readConfig(signal?: AbortSignal): Promise<Record<string, unknown>> {
    const body = await this.call("GET", "/config", { signal });
    const text = (body as { config?: unknown } | null)?.config;
    let parsed: unknown = null;
    if (typeof text === "string") {
      try {
        parsed = parseYaml(text);
      } catch {
        parsed = null;
      }
    }
    if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed)) {
      throw new KongApiError(502, "GET", "/config", { message: "the answer holds no declarative configuration (expected {config: \"<yaml>\"})" });
    }
    return parsed as Record<string, unknown>;
  }

  /**
   * DB-less: replaces the entities carrying every one of `tags` with `state` in one atomic
   * `POST /config`, keeping the rest of the node's configuration as it was (Kong replaces the whole
   * configuration with the body). A 429 — the node still loading an earlier configuration, perhaps
   * someone else's — is waited out with backoff, reading the configuration again each time so
   * that what that load brought is kept too.
   */
  async loadConfig(state: KongState, tags: string[], options: LoadConfigOptions = {}): Promise<void> {
    const { signal, attempts = 6, backoffMs = 250 } = options;
    for (let attempt = 1; ; attempt++) {
      const body = mergeDeclarative(await this.readConfig(signal), state, tags);
      try {
        await this.call("POST", "/config", { body, signal, query: { flatten_errors: "1" } });
        return;
      } catch (error) {
        if (!(error instanceof KongApiError) || error.status !== 429 || signal?.aborted) throw error;
        if (attempt >= attempts) {
          throw new KongApiError(429, "POST", "/config", {
            message: `${error.kongMessage} — still after ${attempts} attempts; publish again once the node has finished loading`,
          });
        }
      }
      await sleep(backoffMs * 2 ** (attempt - 1), signal);
    }
  }

  /** Kong's own validation of a route (expression included) without saving it; null when valid. */
  async validateRoute(route: Record<string, unknown>, signal?: AbortSignal): Promise<KongApiError | null> {
    try {
      await this.call("POST", "/schemas/routes/validate", { body: route, signal });
      return null;
    } catch (error) {
      if (error instanceof KongApiError && error.status === 400) return error;
      throw error;
    }
  }

  // ------------------------------------------------------------------ plumbing

  private async listPath(path: string, options: ListOptions): Promise<KongEntity[]> {
    const tags = options.tags ?? [];
    if (tags.length > MAX_FILTER_TAGS) throw new TypeError(`Kong filters by at most ${MAX_FILTER_TAGS} tags`);
    const { maxListEntities, maxListPages } = this.limits;
    const out: KongEntity[] = [];
    const seen = new Set<string>();
    let offset: string | null = null;
    for (let pages = 1; ; pages++) {
      const query: Record<string, string> = { size: String(this.pageSize) };
      if (tags.length > 0) query.tags = tags.join(options.tagMatch === "any" ? "/" : ",");
      if (offset) query.offset = offset;
      const page = await this.call("GET", path, { query, signal: options.signal });
      const data = isErrorBody(page) ? page.data : undefined;
      const next = isErrorBody(page) ? page.offset : undefined;
      if (!Array.isArray(data) || !data.every(isEntity))
        throw this.failed(new KongNotKongError("GET", path, "a list without `data` entities", this.zone));
      if (next !== undefined && next !== null && (typeof next !== "string" || next.length > 1024))
        throw this.failed(new KongNotKongError("GET", path, "a page `offset` that is not a short string", this.zone));
      // Kong never sends more than the `size` asked for: a bigger page is not a Kong node's.
      if (data.length > this.pageSize)
        throw this.failed(new KongLimitError("GET", path, `a page of ${data.length} entities, ${this.pageSize} asked for`, KONG_LIMIT_ENV.maxListEntities, this.zone));
      if (out.length + data.length > maxListEntities)
        throw this.failed(new KongLimitError("GET", path, `more than ${maxListEntities} entities in one list`, KONG_LIMIT_ENV.maxListEntities, this.zone));
      out.push(...data);
      if (!next) return out;
      // An offset that comes back would loop forever; one that never ends is cut off by the page limit.
      if (seen.has(next)) throw this.failed(new KongNotKongError("GET", path, "the same page offset twice", this.zone));
      if (pages >= maxListPages)
        throw this.failed(new KongLimitError("GET", path, `more than ${maxListPages} pages in one list`, KONG_LIMIT_ENV.maxListPages, this.zone));
      seen.add(next);
      offset = next;
    }
  }

  /** Records the failure for observers (lib/kong/observe.ts) and hands it back to be thrown. */
  private failed<E extends KongError>(error: E): E {
    reportKongFailure(error);
    return error;
  }

  private phaseFor(method: string): ReadPhase | null {
    if (method !== "GET") {
      this.readPhase = null;
      return null;
    }
    if (!this.readPhase || this.readPhase.deadline.aborted)
      this.readPhase = { deadline: AbortSignal.timeout(this.limits.readDeadlineMs), bytes: 0 };
    return this.readPhase;
  }

  private async call(method: string, path: string, options: CallOptions = {}): Promise<unknown> {
    const search = options.query ? `?${new URLSearchParams(options.query).toString()}` : "";
    const url = `${this.base}${path}${search}`;
    const phase = this.phaseFor(method);
    const timeoutMs = method === "POST" && path === "/config" ? this.limits.configTimeoutMs : this.timeoutMs;
    const timeout = AbortSignal.timeout(timeoutMs);
    const signals = [timeout, ...(options.signal ? [options.signal] : []), ...(phase ? [phase.deadline] : [])];
    const signal = AbortSignal.any(signals);
    const headers: Record<string, string> = { accept: "application/json" };
    if (options.body !== undefined) headers["content-type"] = "application/json";
    if (this.options.token) headers["kong-admin-token"] = this.options.token;
    let response: Response;
    let text: string;
    try {
      response = await this.fetchImpl(url, {
        method,
        headers,
        body: options.body === undefined ? undefined : JSON.stringify(options.body),
        signal,
        redirect: "manual",
      });
      text = await this.readBody(method, path, response, phase);
    } catch (error) {
      if (error instanceof KongError) throw this.failed(error);
      if (options.signal?.aborted) throw new KongAbortedError(method, path);
      if (timeout.aborted) throw this.failed(new KongTimeoutError(method, path, timeoutMs, this.zone));
      if (phase?.deadline.aborted)
        throw this.failed(
          new KongTimeoutError(method, path, this.limits.readDeadlineMs, this.zone, {
            what: "the whole read did not finish",
            env: KONG_LIMIT_ENV.readDeadlineMs,
          }),
        );
      const refusal = allowlistRefusal(error);
      if (refusal) throw this.failed(new KongRefusedError(method, path, refusal.reason, this.zone));
      throw this.failed(new KongNetworkError(method, path, error, this.zone));
    }
    if (response.status >= 300 && response.status < 400)
      throw this.failed(new KongNotKongError(method, path, `a redirect (HTTP ${response.status}), which is not followed`, this.zone));
    const body = parseJson(text);
    if (!response.ok) throw this.failed(new KongApiError(response.status, method, path, isErrorBody(body) ? body : null, this.zone));
    if (body === undefined) throw this.failed(new KongNotKongError(method, path, "an answer that is not JSON", this.zone));
    return body;
  }

  /** The answer's text, read as a stream and abandoned at the first byte over a limit. */
  private async readBody(method: string, path: string, response: Response, phase: ReadPhase | null): Promise<string> {
    const max = this.limits.maxResponseBytes;
    const tooBig = () => new KongLimitError(method, path, `more than ${formatBytes(max)} in one answer`, KONG_LIMIT_ENV.maxResponseBytes, this.zone);
    const declared = Number(response.headers.get("content-length") ?? "");
    if (Number.isFinite(declared) && declared > max) {
      await response.body?.cancel().catch(() => undefined);
      throw tooBig();
    }
    if (!response.body) return "";
    const reader = response.body.getReader();
    const chunks: Uint8Array[] = [];
    let total = 0;
    try {
      for (;;) {
        const { done, value } = await reader.read();
        if (done) break;
        total += value.byteLength;
        if (total > max) throw tooBig();
        if (phase) {
          phase.bytes += value.byteLength;
          if (phase.bytes > this.limits.maxReadBytes)
            throw new KongLimitError(method, path, `more than ${formatBytes(this.limits.maxReadBytes)} read in one drift check, plan or publish read`, KONG_LIMIT_ENV.maxReadBytes, this.zone);
        }
        chunks.push(value);
      }
    } catch (error) {
      await reader.cancel().catch(() => undefined);
      throw error;
    }
    return Buffer.concat(chunks).toString("utf8");
  }
}

export interface LoadConfigOptions {
  signal?: AbortSignal;
  /** Attempts while the node answers 429, the first included. */
  attempts?: number;
  /** The first wait after a 429; each further one doubles. */
  backoffMs?: number;
}

/** Waits `ms`, or less when `signal` aborts (the caller's next call then reports the abort). */
function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      clearTimeout(timer);
      signal?.removeEventListener("abort", done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal?.addEventListener("abort", done, { once: true });
  });
}

export interface TargetBody {
  id: string;
  upstream: { id: string };
  target: string;
  weight?: number;
  tags?: string[];
}

function parentOf(desired: object | undefined): string | undefined {
  const upstream = (desired as { upstream?: { id?: unknown } } | undefined)?.upstream;
  return typeof upstream?.id === "string" ? upstream.id : undefined;
}

/** null for an empty answer (204), undefined for one that isn't JSON. */
function parseJson(text: string): unknown {
  if (text === "") return null;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

function isErrorBody(body: unknown): body is KongErrorBody & Record<string, unknown> {
  return typeof body === "object" && body !== null && !Array.isArray(body);
}

function isEntity(value: unknown): value is KongEntity {
  return isErrorBody(value) && typeof value.id === "string";
}

function allowlistRefusal(error: unknown): AllowlistRefusal | null {
  // The global fetch wraps the socket's error as `cause`; lib/kong/transport.ts rejects with it.
  if (error instanceof AllowlistRefusal) return error;
  if (error instanceof Error && error.cause instanceof AllowlistRefusal) return error.cause;
  return null;
}

/**
 * `GET /`'s `plugins.available_on_server`: in Kong 3.x an object keyed by plugin name (values carry
 * version and priority; `kong/api/routes/kong.lua`), in some older versions a list of names.
 */
function availablePlugins(plugins: unknown): string[] | null {
  const available = (plugins as { available_on_server?: unknown } | null | undefined)?.available_on_server;
  if (Array.isArray(available)) return available.filter((p): p is string => typeof p === "string");
  if (available && typeof available === "object") return Object.keys(available);
  return null;
}

/** The client for a zone as stored by Switchyard (admin URL + decrypted token). */
export function kongClientForZone(zone: { name?: string; kongAdminUrl: string; kongAdminToken?: string | null }, options: Omit<KongClientOptions, "adminUrl" | "token"> = {}): KongClient {
  return new KongClient({ zone: zone.name, ...options, adminUrl: zone.kongAdminUrl, token: zone.kongAdminToken ?? null });
}
