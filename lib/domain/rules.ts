/**
 * The domain's validation rules as plain predicates and patterns. The zod schemas in
 * lib/api/schemas.ts and the database CHECK constraints enforce the same rules; the compiler
 * relies on them: nothing that fails these checks may reach a Kong expression.
 */

export const DNS_LABEL = /^[a-z][a-z0-9-]{0,62}$/;
export const TENANT_NAME = /^[a-z][a-z0-9_]{0,62}$/;
export const SEMVER =
  /^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)(?:-[0-9A-Za-z-]+(?:\.[0-9A-Za-z-]+)*)?(?:\+[0-9A-Za-z-]+(?:\.[0-9A-Za-z-]+)*)?$/;
/** A base path: lower-case segments, no trailing slash. */
export const BASE_PATH = /^\/[a-z0-9/_.-]+$/;
/** A header name as Kong sees it (lower case; `-` becomes `_` in the field name). */
export const HEADER_NAME = /^[a-z][a-z0-9-]{0,62}$/;
/** One endpoint path segment: a literal, or a `{param}`. */
export const PATH_LITERAL_SEGMENT = /^[A-Za-z0-9._~-]+$/;
export const PATH_PARAM_SEGMENT = /^\{[A-Za-z_][A-Za-z0-9_]{0,62}\}$/;
/** A host name (lower-case DNS name) or an IPv4 address. */
export const HOSTNAME =
  /^(?=.{1,253}$)[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)*$/;
/** The path part of a gateway or upstream URL. */
export const URL_PATH = /^(?:\/[A-Za-z0-9._~-]+)*\/?$/;

/**
 * Headers a tenant check must never be keyed on: hop-by-hop headers (a proxy may drop or rewrite
 * them on the way to Kong), credentials (a route's expression would carry a secret and log it),
 * and the headers that carry the request's own framing and routing.
 */
const RESERVED_HEADERS = new Set([
  "authorization",
  "proxy-authorization",
  "proxy-authenticate",
  "www-authenticate",
  "cookie",
  "set-cookie",
  "connection",
  "keep-alive",
  "proxy-connection",
  "te",
  "trailer",
  "transfer-encoding",
  "upgrade",
  "host",
  "content-length",
  "content-type",
  "content-encoding",
  "expect",
  "forwarded",
  "via",
  "x-real-ip",
]);
const RESERVED_HEADER_PREFIXES = ["x-forwarded-"];

/** Why a header name can't be the tenant header (hop-by-hop, credential, framing), or null. */
export function tenantHeaderProblem(name: string): string | null {
  if (!HEADER_NAME.test(name)) return "must be a header name such as x-okapi-tenant";
  if (RESERVED_HEADERS.has(name) || RESERVED_HEADER_PREFIXES.some((p) => name.startsWith(p)))
    return `must not be ${name}: hop-by-hop, credential and forwarding headers can't carry a tenant`;
  return null;
}

export const HTTP_METHODS = ["GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS"] as const;
export type HttpMethod = (typeof HTTP_METHODS)[number];

export function isBasePath(s: string): boolean {
  return BASE_PATH.test(s) && !s.endsWith("/") && !s.includes("//") && dotSegmentOf(s) === null;
}

/**
 * The first `.` or `..` segment of a path, percent-encoded forms (`%2e`, `%2E%2e`) included, as
 * written; null when there is none. Kong normalizes `http.path` before matching (resolving these
 * segments), so a route written with one could never match.
 */
export function dotSegmentOf(path: string): string | null {
  for (const seg of path.split("/")) {
    const decoded = seg.replace(/%2e/gi, ".");
    if (decoded === "." || decoded === "..") return seg;
  }
  return null;
}

const dotSegmentProblem = (seg: string) =>
  `must not contain a "${seg}" segment (Kong resolves . and .. before matching, so the route could never match)`;

/** A base path's first problem (the field's label is the caller's), or null. */
export function basePathProblem(path: string): string | null {
  if (!path.startsWith("/")) return "must start with /";
  if (path === "/") return "must name at least one segment";
  if (path.endsWith("/")) return "must not end with /";
  const dot = dotSegmentOf(path);
  if (dot !== null) return dotSegmentProblem(dot);
  if (!isBasePath(path)) return "may only hold a-z, 0-9, / _ . - (lower case, no //)";
  return null;
}

/**
 * An endpoint path under a base path: `/` or `/seg/{param}/…`, optionally ending in `*`
 * (`/items/*` or `/items*`). Returns a message for the first problem, or null.
 */
export function endpointPathProblem(path: string): string | null {
  if (!path.startsWith("/")) return "must start with /";
  if (path === "/" || path === "/*") return null;
  let body = path;
  if (body.endsWith("*")) body = body.slice(0, -1);
  if (body.endsWith("/") && body !== "/") body = body.slice(0, -1);
  if (body.includes("*")) return "* is only allowed at the end";
  // `/items.*` ends in part of a segment, not a whole one; only whole segments are resolved.
  const whole = path.endsWith("*") && !path.endsWith("/*") ? body.slice(0, body.lastIndexOf("/")) : body;
  const dot = dotSegmentOf(whole);
  if (dot !== null) return dotSegmentProblem(dot);
  const segments = body.split("/").slice(1);
  for (const seg of segments) {
    if (seg === "") return "must not contain empty segments (//)";
    if (PATH_PARAM_SEGMENT.test(seg)) continue;
    if (seg.includes("{") || seg.includes("}"))
      return `segment "${seg}" must be a whole {param} with a name of letters, digits and _`;
    if (!PATH_LITERAL_SEGMENT.test(seg)) return `segment "${seg}" may only hold letters, digits and . _ ~ -`;
  }
  return null;
}

export const NOT_A_URL = "must be an absolute http(s) URL such as https://gateway.example.com";

/**
 * An absolute http(s) URL whose host and path are safe to place in Kong expressions and
 * entities: no credentials, query or fragment; a lower-case host name or IPv4; a plain path.
 * Returns a message for the first problem, or null.
 *
 * The value is checked both as written and as the WHATWG parser reads it, and the two must agree:
 * the raw value is what gets stored, while Node (and Kong's client) connect to the parsed host, so
 * any spelling the parser rewrites (`\` read as `/`, `0x7f.1` read as 127.0.0.1, `%2e%2e`
 * resolved) would let two readers of one URL disagree about where it points.
 */
export function httpUrlProblem(value: string): string | null {
  const scheme = /^([A-Za-z][A-Za-z0-9+.-]*):\/\//.exec(value);
  if (!scheme) return NOT_A_URL;
  // The database's CHECK (`^https?://`) is case-sensitive, as is every comparison of stored URLs.
  if (scheme[1] !== "http" && scheme[1] !== "https")
    return /^https?$/i.test(scheme[1])
      ? "must start with http:// or https:// in lower case"
      : "must use http or https";
  // The WHATWG parser silently drops tabs and newlines inside a URL; the raw value is what gets
  // stored, so refuse any whitespace or control character outright.
  if (/[\s\u0000-\u001f\u007f]/.test(value)) return "must not contain spaces or control characters";
  if (value.includes("\\")) return "must not contain a backslash (\\)";
  if (value.includes("?") || value.includes("#")) return "must not contain a query or fragment";
  const rest = value.slice(scheme[0].length);
  const slash = rest.indexOf("/");
  const authority = slash < 0 ? rest : rest.slice(0, slash);
  const rawPath = slash < 0 ? "" : rest.slice(slash);
  if (authority.includes("@")) return "must not contain credentials (user@)";
  if (authority.startsWith("[")) return "host must be a lower-case DNS name or IPv4 address";
  const portAt = authority.lastIndexOf(":");
  const rawHost = portAt < 0 ? authority : authority.slice(0, portAt);
  const rawPort = portAt < 0 ? null : authority.slice(portAt + 1);
  if (rawPort !== null && !(/^[0-9]{1,5}$/.test(rawPort) && Number(rawPort) <= 65535))
    return "port must be a number from 0 to 65535";
  if (!HOSTNAME.test(rawHost)) return "host must be a lower-case DNS name or IPv4 address";
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return NOT_A_URL;
  }
  if (url.hostname !== rawHost)
    return `host ${rawHost} is read as ${url.hostname}; write it as ${url.hostname}`;
  const dot = dotSegmentOf(rawPath);
  if (dot !== null) return `path ${dotSegmentProblem(dot)}`;
  if (rawPath && !URL_PATH.test(rawPath))
    return "path may only hold letters, digits and . _ ~ - between slashes";
  if (url.pathname !== (rawPath || "/")) return NOT_A_URL;
  return null;
}

/** Host of an absolute URL (lower case, without port). */
export function urlHost(value: string): string {
  return new URL(value).hostname;
}

/** The URL's path without a trailing slash ("" for the root). */
export function urlBasePath(value: string): string {
  const p = new URL(value).pathname;
  return p === "/" ? "" : p.replace(/\/$/, "");
}
