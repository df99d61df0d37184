/**
 * The values Kong's router sees for a request, built the way Kong builds them
 * (kong/router/fields.lua, kong/router/atc.lua, kong/tools/uri.lua). Pure: no Node APIs, so the
 * browser's route simulator can use it too.
 */

export interface HttpRequest {
  method: string;
  /** `http` or `https`; becomes `net.protocol`. */
  scheme: string;
  /** Used when `headers` has no Host header; may carry a port. */
  host?: string;
  /** The request target: path, optionally with `?query`. */
  path: string;
  headers?: Record<string, string | string[]>;
  /** Query arguments; when absent they are read from `path`. `true` = present without a value. */
  query?: Record<string, string | string[] | true>;
  sni?: string;
  srcIp?: string;
  srcPort?: number;
  dstIp?: string;
  dstPort?: number;
}

export interface RequestContext {
  method: string;
  protocol: string;
  /** Host without the port, case preserved (Kong doesn't lower-case it). */
  host?: string;
  /** Normalized path without the query. */
  path: string;
  /** Header names lower-cased with `-` → `_`, every value kept in order. */
  headers: Record<string, string[]>;
  /** Query argument names exactly as sent (Kong doesn't normalize them). */
  queries: Record<string, string[]>;
  /** Path segments after the leading `/`. */
  segments: string[];
  sni?: string;
  srcIp?: string;
  srcPort?: number;
  dstIp?: string;
  dstPort?: number;
}

// Kong re-encodes these (upper-case hex) instead of decoding them, so a `%2F` never becomes a segment separator.
const RESERVED = new Set([..."!#$%&'()*+,/:;=?@[]"].map((c) => c.charCodeAt(0)));

/**
 * Kong's path normalization: percent-decoding of everything but reserved characters, `.` and
 * `..` segments resolved (never above the root), `//` merged. The query must be removed first.
 */
export function normalizePath(path: string): string {
  const decoded = percentDecode(path);
  if (decoded === "" || decoded === "/") return decoded;
  const rooted = decoded.startsWith("/");
  const parts = (rooted ? decoded.slice(1) : decoded).split("/");
  const out: string[] = [];
  let trailingSlash = false;
  parts.forEach((seg, i) => {
    if (seg === "..") out.pop();
    else if (seg !== "" && seg !== ".") out.push(seg);
    // An empty segment in the middle is a `//` to merge; at the end (like `.` and `..`) it leaves a trailing slash.
    if (i === parts.length - 1) trailingSlash = seg === "" || seg === "." || seg === "..";
  });
  const body = out.join("/");
  const tail = trailingSlash && out.length > 0 ? "/" : "";
  return rooted ? `/${body}${tail}` : `${body}${tail}`;
}

function percentDecode(s: string): string {
  if (!s.includes("%")) return s;
  const bytes = new TextEncoder().encode(s);
  const out: number[] = [];
  const hex = (b: number): number => {
    if (b >= 0x30 && b <= 0x39) return b - 0x30;
    if (b >= 0x41 && b <= 0x46) return b - 0x37;
    if (b >= 0x61 && b <= 0x66) return b - 0x57;
    return -1;
  };
  for (let i = 0; i < bytes.length; i++) {
    const hi = bytes[i] === 0x25 && i + 2 < bytes.length ? hex(bytes[i + 1]) : -1;
    const lo = hi >= 0 ? hex(bytes[i + 2]) : -1;
    if (lo < 0) {
      out.push(bytes[i]);
      continue;
    }
    const byte = hi * 16 + lo;
    if (RESERVED.has(byte)) out.push(0x25, ...new TextEncoder().encode(byte.toString(16).toUpperCase().padStart(2, "0")));
    else out.push(byte);
    i += 2;
  }
  return new TextDecoder().decode(new Uint8Array(out));
}

/** `Host` without the port, Kong's way: split at the first `:` only if a number follows. */
export function hostWithoutPort(host: string): string {
  const colon = host.indexOf(":");
  if (colon < 0) return host;
  const port = host.slice(colon + 1);
  return /^[0-9]+$/.test(port) ? host.slice(0, colon) : host;
}

export function headerFieldName(name: string): string {
  return name.toLowerCase().replace(/-/g, "_");
}

/**
 * A map keyed by names the client chose: without a prototype, a header or query named
 * `constructor`, `__proto__` or `toString` is just a name, not an inherited member.
 */
const dictionary = <T>(): Record<string, T> => Object.create(null) as Record<string, T>;

function parseQuery(qs: string): Record<string, string[]> {
  const out = dictionary<string[]>();
  for (const pair of qs.split("&")) {
    if (pair === "") continue;
    const eq = pair.indexOf("=");
    const decode = (s: string): string => {
      try {
        return decodeURIComponent(s.replace(/\+/g, " "));
      } catch {
        return s;
      }
    };
    const name = decode(eq < 0 ? pair : pair.slice(0, eq));
    // `?flag` arrives as `true` from ngx.req.get_uri_args; Kong treats it as an empty value.
    const value = eq < 0 ? "" : decode(pair.slice(eq + 1));
    (out[name] ??= []).push(value);
  }
  return out;
}

const asList = (v: string | string[]): string[] => (Array.isArray(v) ? v : [v]);

export function buildContext(req: HttpRequest): RequestContext {
  const headers = dictionary<string[]>();
  for (const [name, value] of Object.entries(req.headers ?? {})) (headers[headerFieldName(name)] ??= []).push(...asList(value));
  const [target, queryString] = splitOnce(req.path.split("#")[0], "?");
  let queries: Record<string, string[]>;
  if (req.query) {
    queries = dictionary<string[]>();
    for (const [k, v] of Object.entries(req.query)) queries[k] = v === true ? [""] : asList(v);
  } else {
    queries = parseQuery(queryString ?? "");
  }
  const rawHost = headers.host?.[0] ?? req.host;
  const path = normalizePath(target);
  return {
    method: req.method,
    protocol: req.scheme.toLowerCase(),
    host: rawHost === undefined ? undefined : hostWithoutPort(rawHost),
    path,
    headers,
    queries,
    segments: path.startsWith("/") ? path.slice(1).split("/") : path.split("/"),
    sni: req.sni,
    srcIp: req.srcIp,
    srcPort: req.srcPort,
    dstIp: req.dstIp,
    dstPort: req.dstPort,
  };
}

function splitOnce(s: string, sep: string): [string, string | undefined] {
  const i = s.indexOf(sep);
  return i < 0 ? [s, undefined] : [s.slice(0, i), s.slice(i + sep.length)];
}

/** Lua's `tonumber` on a segment index: decimal digits only here (Kong's ranges are small integers). */
const segmentIndex = (s: string): number | null => (/^[0-9]+$/.test(s) ? Number(s) : null);

/**
 * The values of one field; an empty list means the field has no value, which makes every
 * predicate on it false. `http.path.segments.a_b` joins segments a..b with `/` (a < b).
 */
export function fieldValues(ctx: RequestContext, field: string): (string | number)[] {
  const one = <T>(v: T | undefined): T[] => (v === undefined ? [] : [v]);
  switch (field) {
    case "http.method":
      return [ctx.method];
    case "http.host":
      return one(ctx.host);
    case "http.path":
      return [ctx.path];
    case "net.protocol":
      return [ctx.protocol];
    case "tls.sni":
      return one(ctx.sni);
    case "net.src.ip":
      return one(ctx.srcIp);
    case "net.src.port":
      return one(ctx.srcPort);
    case "net.dst.ip":
      return one(ctx.dstIp);
    case "net.dst.port":
      return one(ctx.dstPort);
    case "http.path.segments.len":
      return [ctx.segments.length];
  }
  if (field.startsWith("http.headers.")) return ctx.headers[headerFieldName(field.slice(13))] ?? [];
  if (field.startsWith("http.queries.")) return ctx.queries[field.slice(13)] ?? [];
  if (field.startsWith("http.path.segments.")) {
    const range = field.slice(19);
    const us = range.indexOf("_");
    if (us < 0) {
      const i = segmentIndex(range);
      return i === null ? [] : one(ctx.segments[i]);
    }
    const from = segmentIndex(range.slice(0, us));
    const to = segmentIndex(range.slice(us + 1));
    const last = ctx.segments.length - 1;
    if (from === null || to === null || from >= to || from > last || to > last) return [];
    return [ctx.segments.slice(from, to + 1).join("/")];
  }
  return [];
}
