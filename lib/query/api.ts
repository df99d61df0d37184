/**
 * The browser's side of /api/v1: one fetch wrapper that turns the API's error body
 * `{error: {code, message, details?}}` into a typed `ApiError`, so screens branch on
 * `status`/`code` and never on message text.
 */
import type { FieldError } from "@/lib/api/schemas";

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
    this.name = "ApiError";
  }

  /** Per-field problems (422 validation, 409 duplicate name), when the server named fields. */
  get fieldErrors(): FieldError[] {
    if (!Array.isArray(this.details)) return [];
    return this.details.filter(
      (d): d is FieldError => typeof d === "object" && d !== null && typeof d.path === "string" && typeof d.message === "string",
    );
  }

  get isConflict(): boolean {
    return this.status === 409;
  }

  /** Someone else saved first (412): the edit is based on a stale revision. */
  get isStale(): boolean {
    return this.status === 412;
  }
}

export function isApiError(error: unknown): error is ApiError {
  return error instanceof ApiError;
}

interface RequestOptions {
  method?: "GET" | "POST" | "PATCH" | "DELETE";
  body?: unknown;
  /** Raw text body (rover YAML import); sent as-is instead of JSON. */
  text?: string;
  signal?: AbortSignal;
  headers?: Record<string, string>;
}

async function toApiError(res: Response): Promise<ApiError> {
  let code = "http_error";
  let message = `The server answered ${res.status} ${res.statusText}`.trim();
  let details: unknown;
  try {
    const body: unknown = await res.json();
    if (typeof body === "object" && body !== null && "error" in body) {
      const error = (body as { error: { code?: unknown; message?: unknown; details?: unknown } }).error;
      if (typeof error.code === "string") code = error.code;
      if (typeof error.message === "string") message = error.message;
      details = error.details;
    }
  } catch {
    // Not our JSON error body (a proxy's HTML page, an empty 502): keep the status line.
  }
  return new ApiError(res.status, code, message, details);
}

async function send(path: string, options: RequestOptions): Promise<Response> {
  const headers: Record<string, string> = { accept: "application/json", ...options.headers };
  let body: BodyInit | undefined;
  if (options.text !== undefined) {
    headers["content-type"] = "text/yaml";
    body = options.text;
  } else if (options.body !== undefined) {
    headers["content-type"] = "application/json";
    body = JSON.stringify(options.body);
  }
  let res: Response;
  try {
    res = await fetch(`/api/v1${path}`, { method: options.method ?? "GET", headers, body, signal: options.signal });
  } catch (error) {
    if (error instanceof DOMException && error.name === "AbortError") throw error;
    throw new ApiError(0, "network_error", "Switchyard could not be reached; check your connection and try again");
  }
  if (!res.ok) throw await toApiError(res);
  return res;
}

export async function apiRequest<T>(path: string, options: RequestOptions = {}): Promise<T> {
  const res = await send(path, options);
  if (res.status === 204) return undefined as T;
  return (await res.json()) as T;
}

export interface ListPage<T> {
  items: T[];
  total: number;
}

/** Lists are plain JSON arrays; the total travels in `X-Total-Count`. */
export async function apiList<T>(path: string, params: Record<string, string | number | undefined>, signal?: AbortSignal): Promise<ListPage<T>> {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) {
    if (value !== undefined && value !== "") search.set(key, String(value));
  }
  const qs = search.toString();
  const res = await send(qs ? `${path}?${qs}` : path, { signal });
  const items = (await res.json()) as T[];
  const total = Number(res.headers.get("x-total-count") ?? items.length);
  return { items, total: Number.isFinite(total) ? total : items.length };
}

/** Rows per request when a screen needs a whole list: the API's largest page. */
const ALL_PAGE_SIZE = 500;
/** Pages asked for at once after the first: enough to be quick, few enough not to crowd the server. */
const ALL_CONCURRENCY = 4;

/**
 * Every page of a list, for a screen that needs the whole set (the entitlements matrix: 1,000
 * tenants and 40,000 entitlements on the large estate): the first page says the total, the rest
 * are fetched a few at a time.
 */
export async function apiListAll<T>(path: string, params: Record<string, string | number | undefined>, signal?: AbortSignal): Promise<T[]> {
  const first = await apiList<T>(path, { ...params, limit: ALL_PAGE_SIZE, offset: 0 }, signal);
  const offsets: number[] = [];
  for (let offset = first.items.length; offset < first.total && first.items.length > 0; offset += ALL_PAGE_SIZE) offsets.push(offset);
  const pages: T[][] = [first.items];
  for (let i = 0; i < offsets.length; i += ALL_CONCURRENCY) {
    const batch = offsets.slice(i, i + ALL_CONCURRENCY);
    pages.push(...(await Promise.all(batch.map(async (offset) => (await apiList<T>(path, { ...params, limit: ALL_PAGE_SIZE, offset }, signal)).items))));
  }
  return pages.flat();
}

/** `If-Match` carries the revision the edit started from; the server answers 412 when it moved on. */
export const ifMatch = (revision: number) => ({ "if-match": `"${revision}"` });

/** The `references` a 409 on delete names (`{rovers: {count, items}}`, `{entitlements: …}`). */
export interface ReferenceGroup {
  kind: string;
  count: number;
  items: Array<Record<string, unknown>>;
}

export function referencesOf(error: unknown): ReferenceGroup[] {
  if (!isApiError(error) || !error.isConflict) return [];
  const details = error.details;
  if (typeof details !== "object" || details === null || !("references" in details)) return [];
  const refs = (details as { references: unknown }).references;
  if (typeof refs !== "object" || refs === null) return [];
  return Object.entries(refs as Record<string, unknown>).flatMap(([kind, group]) => {
    if (typeof group !== "object" || group === null) return [];
    const { count, items } = group as { count?: unknown; items?: unknown };
    return [
      {
        kind,
        count: typeof count === "number" ? count : Array.isArray(items) ? items.length : 0,
        items: Array.isArray(items) ? (items as Array<Record<string, unknown>>) : [],
      },
    ];
  });
}
