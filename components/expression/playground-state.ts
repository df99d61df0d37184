import type { HttpRequest } from "@/lib/atc";

export interface HeaderRow {
  name: string;
  value: string;
}

export interface PlaygroundState {
  expression: string;
  method: string;
  scheme: "http" | "https";
  /** May carry a port, as a client would send it. */
  host: string;
  /** Request target: path and optional `?query`. */
  path: string;
  headers: HeaderRow[];
}

export const METHODS = ["GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS"] as const;

export const DEFAULT_STATE: PlaygroundState = {
  expression: "",
  method: "GET",
  scheme: "https",
  host: "folio.example.org",
  path: "/",
  // FOLIO routes hinge on the tenant header, so its row is offered up front.
  headers: [{ name: "x-okapi-tenant", value: "" }],
};

export type SearchParams = Record<string, string | string[] | undefined>;

const first = (v: string | string[] | undefined): string | undefined => (Array.isArray(v) ? v[0] : v);
const all = (v: string | string[] | undefined): string[] => (v === undefined ? [] : Array.isArray(v) ? v : [v]);

/**
 * URL parameters: `expr`, `method`, `scheme`, `host`, `path` and one `h=name:value` per header row.
 * Only what differs from the defaults is written, so shared links stay short and readable.
 */
export function stateFromSearchParams(params: SearchParams): PlaygroundState {
  const scheme = first(params.scheme);
  const headerParams = all(params.h);
  return {
    expression: first(params.expr) ?? DEFAULT_STATE.expression,
    method: first(params.method)?.trim() || DEFAULT_STATE.method,
    scheme: scheme === "http" || scheme === "https" ? scheme : DEFAULT_STATE.scheme,
    host: first(params.host) ?? DEFAULT_STATE.host,
    path: first(params.path) ?? DEFAULT_STATE.path,
    headers:
      headerParams.length === 0
        ? DEFAULT_STATE.headers
        : headerParams.map((h) => {
            // Header names can't contain `:`, so the first one separates name and value.
            const colon = h.indexOf(":");
            return colon < 0 ? { name: h, value: "" } : { name: h.slice(0, colon), value: h.slice(colon + 1) };
          }),
  };
}

export function stateToQuery(state: PlaygroundState): string {
  const params = new URLSearchParams();
  if (state.expression !== DEFAULT_STATE.expression) params.set("expr", state.expression);
  if (state.method !== DEFAULT_STATE.method) params.set("method", state.method);
  if (state.scheme !== DEFAULT_STATE.scheme) params.set("scheme", state.scheme);
  if (state.host !== DEFAULT_STATE.host) params.set("host", state.host);
  if (state.path !== DEFAULT_STATE.path) params.set("path", state.path);
  const headersAreDefault = JSON.stringify(state.headers) === JSON.stringify(DEFAULT_STATE.headers);
  if (!headersAreDefault) for (const h of state.headers) params.append("h", `${h.name}:${h.value}`);
  return params.toString();
}

/** Rows without a name or a value are drafts, not headers: they aren't sent. */
export function sentHeaders(rows: HeaderRow[]): HeaderRow[] {
  return rows.filter((r) => r.name.trim() !== "" && r.value !== "");
}

export function requestOf(state: PlaygroundState): HttpRequest {
  const headers: Record<string, string[]> = {};
  for (const r of sentHeaders(state.headers)) (headers[r.name.trim()] ??= []).push(r.value);
  return { method: state.method, scheme: state.scheme, host: state.host.trim() || undefined, path: state.path || "/", headers };
}

export const EXAMPLES: { name: string; expression: string; request?: Partial<PlaygroundState> }[] = [
  {
    name: "Tenant capabilities",
    expression:
      '(http.path == "/capabilities" && http.method == "GET" && (http.headers.x_okapi_tenant == "test" || http.headers.x_okapi_tenant == "college" || http.headers.x_okapi_tenant == "diku"))',
    request: { method: "GET", path: "/capabilities", headers: [{ name: "x-okapi-tenant", value: "diku" }] },
  },
  {
    name: "Host + path prefix",
    expression: '(http.host == "folio.example.org" && (http.path == "/users" || http.path ^= "/users/"))',
    request: { host: "folio.example.org:8443", path: "/users/./42/../42?expand=true" },
  },
  {
    name: "Regex captures",
    expression: '(http.method == "GET" && http.path ~ r#"^/tenants/(?P<tenant>[a-z0-9_]+)/items/(?P<id>[0-9]+)$"#)',
    request: { method: "GET", path: "/tenants/diku/items/42" },
  },
  {
    name: "Lower-cased header",
    expression: '(lower(http.headers.x_okapi_tenant) == "diku" && !(http.path ^= "/admin/"))',
    request: { path: "/inventory/items", headers: [{ name: "X-Okapi-Tenant", value: "DIKU" }] },
  },
];
