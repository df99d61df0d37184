/**
 * The path (and query) Kong 3.9 sends upstream for a request that an atc-based router matched —
 * the `expressions` flavor and `traditional_compatible` alike, where `path_handling` is never read
 * (only kong/router/traditional.lua honours `v1`). Written from the Lua, not copied:
 *
 * - kong/router/atc.lua `exec`: the request URI loses its arguments and is normalized
 *   (`strip_uri_args` → kong/tools/uri.lua `normalize(uri, true)`); that is also `http.path`.
 * - `matching`: the strip prefix is `c:get_result("http.path")` when the route has `strip_path`.
 * - `set_upstream_uri`: the rest is the URI after as many bytes as the prefix has (no prefix: "/"),
 *   through kong/router/utils.lua `sanitize_uri_postfix`; `get_upstream_uri_v0` joins the service
 *   path (nil → "/") and the rest.
 * - kong/runloop/handler.lua: `var.upstream_uri = escape(upstream_uri)` (kong/tools/uri.lua), and
 *   in `after` the raw query is re-attached when the request had one, or ended in a bare `?`.
 *
 * Lua strings are bytes, so every step works on a byte string (one char per byte) and the escape
 * turns it back into ASCII.
 *
 * The router's hand-over to the upstream, so it lives beside the matcher: the Kong stand-in forwards
 * with it, and the compiler's path contract (lib/compiler/path-contract.ts) predicts with it what an
 * emitted route sends upstream. One implementation, so the prediction and the stand-in can't drift.
 */

export interface UpstreamUriInput {
  /** The request path as Kong's router saw it: arguments removed, normalized (`http.path`). */
  path: string;
  /** The request target as received (`ngx.var.request_uri`), for its query string. */
  requestTarget: string;
  stripPath: boolean;
  /** The service's `path`; null is "/". */
  servicePath: string | null;
  /** What the router recorded for `http.path` (see lib/atc/matched-value.ts); null when nothing. */
  matchedPath: string | null;
}

const SLASH = "/";

function bytes(s: string): string {
  let out = "";
  for (const b of new TextEncoder().encode(s)) out += String.fromCharCode(b);
  return out;
}

/** kong/router/utils.lua `sanitize_uri_postfix`: a rest that starts with a dot segment loses it. */
export function sanitizeUriPostfix(postfix: string): string {
  if (postfix === "") return postfix;
  if (postfix === "." || postfix === "..") return "";
  if (postfix.startsWith("./")) return postfix.slice(2);
  if (postfix.startsWith("../")) return postfix.slice(3);
  return postfix;
}

/** kong/router/utils.lua `get_upstream_uri_v0`, on byte strings. */
export function joinUpstreamUri(stripPath: boolean, postfix: string, requestUri: string, base: string): string {
  if (base.endsWith(SLASH)) {
    if (!stripPath) return base + requestUri.slice(1);
    if (postfix === "") {
      if (base === SLASH) return SLASH;
      return requestUri.endsWith(SLASH) ? base : base.slice(0, -1);
    }
    return postfix.startsWith(SLASH) ? base.slice(0, -1) + postfix : base + postfix;
  }
  if (stripPath) {
    if (postfix === "") return requestUri.length > 1 && requestUri.endsWith(SLASH) ? `${base}/` : base;
    return postfix.startsWith(SLASH) ? base + postfix : `${base}/${postfix}`;
  }
  return requestUri === SLASH ? base : base + requestUri;
}

// kong/tools/uri.lua ESCAPE_PATTERN, matched case-insensitively and byte by byte (no `u` flag in PCRE).
const KEEP = /^[!#$&'()*+,/:;=?@[\]A-Za-z0-9\-_.~%]$/;

/** kong/tools/uri.lua `escape`: every other byte becomes `%XX`. */
export function escapeUri(byteString: string): string {
  let out = "";
  for (const c of byteString) out += KEEP.test(c) ? c : `%${c.charCodeAt(0).toString(16).toUpperCase().padStart(2, "0")}`;
  return out;
}

/** The query as kong/runloop/handler.lua re-attaches it: `?` + nginx's raw `$args`, or nothing. */
export function upstreamQuery(requestTarget: string): string {
  const q = requestTarget.indexOf("?");
  if (q < 0) return "";
  const args = requestTarget.slice(q + 1);
  // nginx drops an empty query (`/foo?`); Kong restores it.
  return args !== "" || requestTarget.endsWith("?") ? `?${args}` : "";
}

export function kongUpstreamUri(input: UpstreamUriInput): string {
  const requestUri = bytes(input.path);
  const prefix = input.stripPath && input.matchedPath !== null ? bytes(input.matchedPath) : SLASH;
  const postfix = sanitizeUriPostfix(requestUri.slice(prefix.length));
  const base = bytes(input.servicePath ?? SLASH);
  return escapeUri(joinUpstreamUri(input.stripPath, postfix, requestUri, base)) + upstreamQuery(input.requestTarget);
}
