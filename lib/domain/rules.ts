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

export const HTTP_METHODS = ["GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS"] as const;
export type HttpMethod = (typeof HTTP_METHODS)[number];

export function isBasePath(s: string): boolean {
  return BASE_PATH.test(s) && !s.endsWith("/") && !s.includes("//");
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
  const segments = body.split("/").slice(1);
  for (const seg of segments) {
    if (seg === "") return "must not contain empty segments (//)";
    if (PATH_PARAM_SEGMENT.test(seg)) continue;
    if (seg.includes("{") || seg.includes("}")) return `segment "${seg}" must be a whole {param} with a name of letters, digits and _`;
    if (!PATH_LITERAL_SEGMENT.test(seg)) return `segment "${seg}" may only hold letters, digits and . _ ~ -`;
  }
  return null;
}

/**
 * An absolute http(s) URL whose host and path are safe to place in Kong expressions and
 * entities: no credentials, query or fragment; a lower-case host name or IPv4; a plain path.
 * Returns a message for the first problem, or null.
 */
export function httpUrlProblem(value: string): string | null {
  // The WHATWG parser silently drops tabs and newlines inside a URL; the raw value is what gets
  // stored, so refuse any whitespace or control character outright.
  if (/[\s\u0000-\u001f\u007f]/.test(value)) return "must not contain spaces or control characters";
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return "must be an absolute URL such as https://gateway.example.com";
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") return "must use http or https";
  if (url.username || url.password) return "must not contain credentials";
  if (url.search || url.hash || value.includes("?") || value.includes("#")) return "must not contain a query or fragment";
  // WHATWG URL parsing lower-cases and accepts some characters (such as ") in host names;
  // check the host against DNS rules ourselves.
  const rawHost = value.replace(/^https?:\/\//i, "").split(/[/:]/)[0];
  if (!HOSTNAME.test(rawHost)) return "host must be a lower-case DNS name or IPv4 address";
  const rawPath = value.replace(/^https?:\/\/[^/]*/i, "");
  if (rawPath && !URL_PATH.test(rawPath)) return "path may only hold letters, digits and . _ ~ - between slashes";
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
