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
 * - `GET /` first: the router flavor must be `expressions`, and `database: off` means DB-less.
 */
import type { KongState } from "../compiler/types";
import { toDeclarative } from "./declarative";
import {
  KongAbortedError,
  KongApiError,
  KongError,
  KongNetworkError,
  KongTimeoutError,
  KongUnsupportedError,
  type KongErrorBody,
} from "./errors";

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
}

export interface KongClientOptions {
  /** The Admin API root, e.g. `http://127.0.0.1:8001/eu-central` (stand-in) or `https://kong-admin.eu:8444`. */
  adminUrl: string;
  /** Sent as `Kong-Admin-Token` when set (RBAC / a fronting proxy that checks it). */
  token?: string | null;
  /** Per call; the caller's signal can end a call sooner. */
  timeoutMs?: number;
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
const DEFAULT_TIMEOUT_MS = 15_000;
const MAX_PAGE_SIZE = 1000;

interface CallOptions {
  body?: unknown;
  signal?: AbortSignal;
  query?: Record<string, string>;
}

export class KongClient {
  private readonly base: string;
  private readonly timeoutMs: number;
  private readonly pageSize: number;
  private readonly fetchImpl: typeof fetch;

  constructor(private readonly options: KongClientOptions) {
    this.base = options.adminUrl.replace(/\/+$/, "");
    this.timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    this.pageSize = Math.min(options.pageSize ?? MAX_PAGE_SIZE, MAX_PAGE_SIZE);
    this.fetchImpl = options.fetch ?? fetch;
  }

  // ------------------------------------------------------------------ node facts

  async info(signal?: AbortSignal): Promise<KongInfo> {
    const raw = (await this.call("GET", "/", { signal })) as Record<string, unknown>;
    const configuration = (raw.configuration ?? {}) as Record<string, unknown>;
    const database = typeof configuration.database === "string" ? configuration.database : "postgres";
    return {
      version: typeof raw.version === "string" ? raw.version : "unknown",
      edition: typeof raw.edition === "string" ? raw.edition : "community",
      // Kong 3.x's default when the node doesn't say.
      routerFlavor: typeof configuration.router_flavor === "string" ? configuration.router_flavor : "traditional_compatible",
      database,
      dbless: database === "off",
    };
  }

  /** `info()`, refusing nodes that would reject or misroute expression routes. */
  async checkedInfo(signal?: AbortSignal): Promise<KongInfo> {
    const info = await this.info(signal);
    assertSupported(info);
    return info;
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

  /** DB-less: replaces the node's whole configuration at once (Kong answers 429 while a previous load runs). */
  async loadConfig(state: KongState, signal?: AbortSignal): Promise<void> {
    await this.call("POST", "/config", { body: toDeclarative(state), signal, query: { flatten_errors: "1" } });
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
    const out: KongEntity[] = [];
    const seen = new Set<string>();
    let offset: string | null = null;
    for (;;) {
      const query: Record<string, string> = { size: String(this.pageSize) };
      if (tags.length > 0) query.tags = tags.join(options.tagMatch === "any" ? "/" : ",");
      if (offset) query.offset = offset;
      const page = (await this.call("GET", path, { query, signal: options.signal })) as { data?: KongEntity[]; offset?: string | null };
      out.push(...(page.data ?? []));
      if (!page.offset) return out;
      // An offset that comes back twice would loop forever.
      if (seen.has(page.offset)) throw new KongApiError(500, "GET", path, { message: `Kong returned the same page offset twice` });
      seen.add(page.offset);
      offset = page.offset;
    }
  }

  private async call(method: string, path: string, options: CallOptions = {}): Promise<unknown> {
    const search = options.query ? `?${new URLSearchParams(options.query).toString()}` : "";
    const url = `${this.base}${path}${search}`;
    const timeout = AbortSignal.timeout(this.timeoutMs);
    const signal = options.signal ? AbortSignal.any([options.signal, timeout]) : timeout;
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
      });
      text = await response.text();
    } catch (error) {
      if (error instanceof KongError) throw error;
      if (options.signal?.aborted) throw new KongAbortedError(method, path);
      if (timeout.aborted) throw new KongTimeoutError(method, path, this.timeoutMs);
      throw new KongNetworkError(method, path, error);
    }
    const body = parseJson(text);
    if (!response.ok) throw new KongApiError(response.status, method, path, isErrorBody(body) ? body : null, text);
    return body;
  }
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

function parseJson(text: string): unknown {
  if (text === "") return null;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return null;
  }
}

function isErrorBody(body: unknown): body is KongErrorBody {
  return typeof body === "object" && body !== null && !Array.isArray(body);
}

/** Expression routes need the `expressions` router flavor: any other flavor rejects or misroutes them. */
export function assertSupported(info: KongInfo): void {
  if (info.routerFlavor !== "expressions") {
    throw new KongUnsupportedError(
      `Kong ${info.version} runs router_flavor "${info.routerFlavor}"; Switchyard publishes expression routes and needs router_flavor = expressions (set KONG_ROUTER_FLAVOR=expressions on the node).`,
    );
  }
}

/** The client for a zone as stored by Switchyard (admin URL + decrypted token). */
export function kongClientForZone(zone: { kongAdminUrl: string; kongAdminToken?: string | null }, options: Omit<KongClientOptions, "adminUrl" | "token"> = {}): KongClient {
  return new KongClient({ ...options, adminUrl: zone.kongAdminUrl, token: zone.kongAdminToken ?? null });
}
