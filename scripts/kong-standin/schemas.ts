/**
 * The entity schemas of the stand-in: the fields Kong 3.9 gives services, routes, upstreams,
 * targets and plugins, with their defaults, so that a `PUT` resets every omitted field (Kong's
 * full-replace rule) and reads return whole entities the way Kong does (nulls included).
 * Validation covers what clients trip over — types, ranges, enums, names, tags, the route
 * expression (parsed by Kong's own engine) — not every check Kong has.
 */
import { kongEngine, kongSchema } from "../../lib/atc/kong-engine";
import type { FieldErrors } from "./kong-errors";
import { pluginNotEnabled } from "./plugins";

export type EntityKind = "services" | "routes" | "upstreams" | "targets" | "consumers" | "plugins";
export const ENTITY_KINDS: readonly EntityKind[] = ["services", "routes", "upstreams", "targets", "consumers", "plugins"];

export type Entity = { id: string } & Record<string, unknown>;

/** Kong's `priority` is a 46-bit unsigned integer: the largest that survives JSON/Lua number precision. */
export const MAX_ROUTE_PRIORITY = 2 ** 46 - 1;

type Check = (value: never) => string | null;

type FieldSpec = (
  | { type: "string"; oneOf?: readonly string[]; check?: (v: string) => string | null }
  | { type: "integer"; min?: number; max?: number }
  | { type: "boolean" }
  | { type: "array"; of: "string"; oneOf?: readonly string[]; check?: (v: string) => string | null }
  | { type: "foreign"; reference: EntityKind }
  | { type: "record" }
  | { type: "any" }
) & {
  required?: boolean;
  nullable?: boolean;
  /** A function so that objects and arrays are never shared between entities. */
  default?: () => unknown;
  check?: Check;
};

const HOSTNAME = /^(?=.{1,253}$)[A-Za-z0-9_]([A-Za-z0-9_-]{0,62})(\.[A-Za-z0-9_]([A-Za-z0-9_-]{0,62}))*\.?$/;
const IPV4 = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/;

function checkHost(v: string): string | null {
  if (IPV4.test(v) || (v.startsWith("[") && v.endsWith("]")) || v.includes(":")) return null;
  return HOSTNAME.test(v) ? null : "invalid hostname: " + v;
}

/** Kong's `utils.validate_utf8` names: alphanumerics and `. - _ ~` (kong/db/schema/typedefs.lua `name`). */
function checkName(v: string): string | null {
  return /^[A-Za-z0-9.\-_~]+$/.test(v) ? null : "invalid value '" + v + "': it must only contain alphanumeric and '., -, _, ~' characters";
}

function checkTag(v: string): string | null {
  // Tags are filter keys in `?tags=a,b` / `?tags=a/b`, so Kong forbids the separators in them.
  return v.length > 0 && !/[,/\x00-\x1f\x7f ]/.test(v) ? null : "invalid tag '" + v + "': expected printable ascii (except `,` and `/`) or valid utf-8 sequences";
}

function checkPath(v: string): string | null {
  return v.startsWith("/") ? null : "should start with: /";
}

const timeout = (): FieldSpec => ({ type: "integer", min: 1, max: 2 ** 31 - 2, default: () => 60000 });
const nullableStrings = (): FieldSpec => ({ type: "array", of: "string", nullable: true, default: () => null });
const tags = (): FieldSpec => ({ type: "array", of: "string", nullable: true, default: () => null, check: checkTag });

const SERVICE_PROTOCOLS = ["http", "https", "grpc", "grpcs", "tcp", "tls", "tls_passthrough", "udp", "ws", "wss"] as const;

export const SCHEMAS: Record<EntityKind, Record<string, FieldSpec>> = {
  services: {
    name: { type: "string", nullable: true, default: () => null, check: checkName },
    protocol: { type: "string", oneOf: SERVICE_PROTOCOLS, default: () => "http" },
    host: { type: "string", required: true, check: checkHost },
    port: { type: "integer", min: 0, max: 65535, default: () => 80 },
    path: { type: "string", nullable: true, default: () => null, check: checkPath },
    retries: { type: "integer", min: 0, max: 32767, default: () => 5 },
    connect_timeout: timeout(),
    write_timeout: timeout(),
    read_timeout: timeout(),
    tags: tags(),
    client_certificate: { type: "foreign", reference: "services", nullable: true, default: () => null },
    tls_verify: { type: "boolean", nullable: true, default: () => null },
    tls_verify_depth: { type: "integer", min: 0, max: 64, nullable: true, default: () => null },
    ca_certificates: nullableStrings(),
    enabled: { type: "boolean", default: () => true },
  },
  routes: {
    name: { type: "string", nullable: true, default: () => null, check: checkName },
    protocols: { type: "array", of: "string", oneOf: SERVICE_PROTOCOLS, default: () => ["http", "https"] },
    methods: nullableStrings(),
    hosts: nullableStrings(),
    paths: nullableStrings(),
    headers: { type: "record", nullable: true, default: () => null },
    https_redirect_status_code: { type: "integer", default: () => 426 },
    regex_priority: { type: "integer", default: () => 0 },
    strip_path: { type: "boolean", default: () => true },
    path_handling: { type: "string", oneOf: ["v0", "v1"], default: () => "v0" },
    preserve_host: { type: "boolean", default: () => false },
    request_buffering: { type: "boolean", default: () => true },
    response_buffering: { type: "boolean", default: () => true },
    snis: nullableStrings(),
    sources: { type: "any", nullable: true, default: () => null },
    destinations: { type: "any", nullable: true, default: () => null },
    tags: tags(),
    service: { type: "foreign", reference: "services", nullable: true, default: () => null },
    expression: { type: "string", nullable: true, default: () => null },
    priority: { type: "integer", min: 0, max: MAX_ROUTE_PRIORITY, default: () => 0 },
  },
  upstreams: {
    name: { type: "string", required: true, check: checkHost },
    algorithm: { type: "string", oneOf: ["round-robin", "consistent-hashing", "least-connections", "latency"], default: () => "round-robin" },
    hash_on: { type: "string", default: () => "none" },
    hash_fallback: { type: "string", default: () => "none" },
    hash_on_header: { type: "string", nullable: true, default: () => null },
    hash_fallback_header: { type: "string", nullable: true, default: () => null },
    hash_on_cookie: { type: "string", nullable: true, default: () => null },
    hash_on_cookie_path: { type: "string", default: () => "/" },
    hash_on_query_arg: { type: "string", nullable: true, default: () => null },
    hash_fallback_query_arg: { type: "string", nullable: true, default: () => null },
    hash_on_uri_capture: { type: "string", nullable: true, default: () => null },
    hash_fallback_uri_capture: { type: "string", nullable: true, default: () => null },
    slots: { type: "integer", min: 10, max: 65536, default: () => 10000 },
    healthchecks: { type: "record", default: defaultHealthchecks },
    tags: tags(),
    host_header: { type: "string", nullable: true, default: () => null },
    client_certificate: { type: "foreign", reference: "services", nullable: true, default: () => null },
    use_srv_name: { type: "boolean", default: () => false },
  },
  targets: {
    upstream: { type: "foreign", reference: "upstreams", required: true },
    target: { type: "string", required: true },
    weight: { type: "integer", min: 0, max: 65535, default: () => 100 },
    tags: tags(),
  },
  // kong/db/schema/entities/consumers.lua
  consumers: {
    username: { type: "string", nullable: true, default: () => null },
    custom_id: { type: "string", nullable: true, default: () => null },
    tags: tags(),
  },
  plugins: {
    name: { type: "string", required: true },
    instance_name: { type: "string", nullable: true, default: () => null, check: checkName },
    route: { type: "foreign", reference: "routes", nullable: true, default: () => null },
    service: { type: "foreign", reference: "services", nullable: true, default: () => null },
    consumer: { type: "foreign", reference: "consumers", nullable: true, default: () => null },
    config: { type: "record", default: () => ({}) },
    protocols: { type: "array", of: "string", oneOf: SERVICE_PROTOCOLS, default: () => ["grpc", "grpcs", "http", "https"] },
    enabled: { type: "boolean", default: () => true },
    tags: tags(),
    ordering: { type: "any", nullable: true, default: () => null },
  },
};

function defaultHealthchecks(): Record<string, unknown> {
  return {
    threshold: 0,
    active: {
      type: "http",
      timeout: 1,
      concurrency: 10,
      http_path: "/",
      https_verify_certificate: true,
      https_sni: null,
      headers: null,
      healthy: { interval: 0, successes: 0, http_statuses: [200, 302] },
      unhealthy: { interval: 0, tcp_failures: 0, timeouts: 0, http_failures: 0, http_statuses: [429, 404, 500, 501, 502, 503, 504, 505] },
    },
    passive: {
      type: "http",
      healthy: { successes: 0, http_statuses: [200, 201, 202, 203, 204, 205, 206, 207, 208, 226, 300, 301, 302, 303, 304, 305, 306, 307, 308] },
      unhealthy: { tcp_failures: 0, timeouts: 0, http_failures: 0, http_statuses: [429, 500, 503] },
    },
  };
}

/** The unique key Kong lets an entity be addressed by besides its id. */
export const NAME_KEY: Record<EntityKind, string> = {
  services: "name",
  routes: "name",
  upstreams: "name",
  targets: "target",
  consumers: "username",
  plugins: "instance_name",
};

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
export const isUuid = (s: string): boolean => UUID.test(s);

export interface ValidateOptions {
  /** `expressions`, `traditional_compatible` or `traditional`: only `expressions` has `expression`/`priority`. */
  routerFlavor: string;
  /** The plugins the node has (kong.conf `plugins`, expanded); a plugin of another name is refused. */
  plugins: readonly string[];
}

/** Input fields Kong accepts but computes itself. */
const AUTO_FIELDS = new Set(["id", "created_at", "updated_at"]);

/**
 * Builds a whole entity from `input`: every omitted field takes its default (what makes `PUT` a
 * full replacement). Returns the entity without `id`/timestamps, or the field errors.
 */
export function buildEntity(
  kind: EntityKind,
  input: Record<string, unknown>,
  options: ValidateOptions,
): { entity: Record<string, unknown>; errors: FieldErrors | null } {
  const schema = SCHEMAS[kind];
  if (kind === "plugins") {
    // Kong picks the plugin's subschema by name first and stops there when it has none.
    if (typeof input.name !== "string") {
      return { entity: {}, errors: { name: input.name === undefined || input.name === null ? "required field missing" : "expected a string" } };
    }
    if (!options.plugins.includes(input.name)) return { entity: {}, errors: { name: pluginNotEnabled(input.name) } };
  }
  const errors: FieldErrors = {};
  const entity: Record<string, unknown> = {};
  const source = kind === "services" && typeof input.url === "string" ? expandServiceUrl(input, errors) : input;
  for (const key of Object.keys(source)) {
    if (AUTO_FIELDS.has(key) || (kind === "services" && key === "url")) continue;
    if (!(key in schema) || (kind === "routes" && options.routerFlavor !== "expressions" && (key === "expression" || key === "priority"))) {
      errors[key] = "unknown field";
    }
  }
  for (const [field, spec] of Object.entries(schema)) {
    if (kind === "routes" && options.routerFlavor !== "expressions" && (field === "expression" || field === "priority")) continue;
    const given = Object.hasOwn(source, field) ? source[field] : undefined;
    if (given === undefined || given === null) {
      if (spec.required) errors[field] = "required field missing";
      else if (given === null && spec.nullable) entity[field] = null;
      else entity[field] = spec.default ? spec.default() : null;
      continue;
    }
    const checked = checkValue(spec, given);
    if (typeof checked === "object" && checked !== null && "error" in checked) errors[field] = checked.error;
    else entity[field] = checked;
  }
  if (kind === "targets" && typeof entity.target === "string") {
    const normalized = normalizeTarget(entity.target);
    if (normalized === null) errors.target = "Invalid target ('" + entity.target + "'); not a valid hostname or ip address";
    else entity.target = normalized;
  }
  if (kind === "consumers" && entity.username === null && entity.custom_id === null) {
    errors["@entity"] = ["at least one of these fields must be non-empty: 'custom_id', 'username'"];
  }
  if (kind === "routes" && Object.keys(errors).length === 0) {
    const entityErrors = routeEntityErrors(entity, options);
    if (entityErrors.length > 0) errors["@entity"] = entityErrors;
  }
  return { entity, errors: Object.keys(errors).length > 0 ? errors : null };
}

type Checked = unknown | { error: string | FieldErrors };

function checkValue(spec: FieldSpec, value: unknown): Checked {
  switch (spec.type) {
    case "string": {
      if (typeof value !== "string") return { error: "expected a string" };
      if (value.length === 0) return { error: "length must be at least 1" };
      if (spec.oneOf && !spec.oneOf.includes(value)) return { error: `expected one of: ${spec.oneOf.join(", ")}` };
      const problem = spec.check?.(value);
      return problem ? { error: problem } : value;
    }
    case "integer": {
      if (typeof value !== "number" || !Number.isInteger(value)) return { error: "expected an integer" };
      if ((spec.min !== undefined && value < spec.min) || (spec.max !== undefined && value > spec.max)) {
        return { error: `value should be between ${spec.min ?? "-inf"} and ${spec.max ?? "inf"}` };
      }
      return value;
    }
    case "boolean":
      return typeof value === "boolean" ? value : { error: "expected a boolean" };
    case "array": {
      if (!Array.isArray(value)) return { error: "expected an array" };
      const itemErrors: FieldErrors = {};
      value.forEach((item, i) => {
        if (typeof item !== "string") itemErrors[String(i + 1)] = "expected a string";
        else if (spec.oneOf && !spec.oneOf.includes(item)) itemErrors[String(i + 1)] = `expected one of: ${spec.oneOf.join(", ")}`;
        else {
          const problem = spec.check?.(item);
          if (problem) itemErrors[String(i + 1)] = problem;
        }
      });
      return Object.keys(itemErrors).length > 0 ? { error: Object.values(itemErrors)[0] as string } : [...value];
    }
    case "foreign": {
      // Kong takes `{id}` (or the referenced entity's unique name) and always returns `{id}`.
      if (typeof value !== "object" || Array.isArray(value)) return { error: "expected a record" };
      const ref = value as Record<string, unknown>;
      if (typeof ref.id === "string") return isUuid(ref.id) ? { id: ref.id.toLowerCase() } : { error: { id: "expected a valid UUID" } };
      if (typeof ref.name === "string") return { name: ref.name };
      return { error: { id: "required field missing" } };
    }
    case "record":
      return typeof value === "object" && !Array.isArray(value) ? structuredClone(value) : { error: "expected a record" };
    case "any":
      return structuredClone(value);
  }
}

function expandServiceUrl(input: Record<string, unknown>, errors: FieldErrors): Record<string, unknown> {
  // `url` is Kong's shorthand for protocol + host + port + path; it overrides them.
  try {
    const u = new URL(String(input.url));
    const protocol = u.protocol.replace(/:$/, "");
    const port = u.port ? Number(u.port) : protocol === "https" ? 443 : 80;
    const path = u.pathname === "/" && !String(input.url).replace(/^[a-z]+:\/\/[^/]*/i, "").startsWith("/") ? null : u.pathname;
    return { ...input, protocol, host: u.hostname, port, path };
  } catch {
    errors.url = "missing host in url";
    return input;
  }
}

/** `host[:port]` with Kong's default target port 8000; IPv6 stays bracketed. */
export function normalizeTarget(target: string): string | null {
  const bracketed = /^\[([0-9a-fA-F:.]+)\](?::(\d+))?$/.exec(target);
  if (bracketed) return `[${bracketed[1]}]:${bracketed[2] ?? "8000"}`;
  const m = /^([^:]+)(?::(\d+))?$/.exec(target);
  if (!m || checkHost(m[1]) !== null) return null;
  const port = m[2] === undefined ? 8000 : Number(m[2]);
  if (port < 1 || port > 65535) return null;
  return `${m[1]}:${port}`;
}

const TRADITIONAL_MATCH_FIELDS = ["paths", "hosts", "methods", "headers", "snis", "sources", "destinations"] as const;

function routeEntityErrors(route: Record<string, unknown>, options: ValidateOptions): string[] {
  const errors: string[] = [];
  const set = (f: string) => route[f] !== null && route[f] !== undefined && !(Array.isArray(route[f]) && route[f].length === 0);
  const expression = route.expression;
  if (typeof expression === "string") {
    // Kong >= 3.7 refuses to guess how an expression combines with the traditional fields.
    const mixed = TRADITIONAL_MATCH_FIELDS.filter(set);
    if (mixed.length > 0) {
      errors.push(`Router Expression failed validation: cannot set '${mixed.join("', '")}' when 'expression' is set`);
    }
    const problem = expressionProblem(expression);
    if (problem) errors.push(`Router Expression failed validation: ${problem}`);
  } else if ((route.protocols as string[]).some((p) => p === "http" || p === "https") && !TRADITIONAL_MATCH_FIELDS.slice(0, 5).some(set)) {
    errors.push(
      options.routerFlavor === "expressions"
        ? "must set one of 'expression', 'methods', 'hosts', 'headers', 'paths', 'snis' when 'protocols' is 'http' or 'https'"
        : "must set one of 'methods', 'hosts', 'headers', 'paths', 'snis' when 'protocols' is 'http' or 'https'",
    );
  }
  return errors;
}

let sharedSchema: ReturnType<typeof kongSchema> | null = null;

/**
 * Kong's router fields (with the `http.headers.*`-style wildcards) as an engine Schema: one for
 * the whole process, never freed — creating and freeing one per parse churns the WASM heap.
 */
export function kongFieldsSchema(): ReturnType<typeof kongSchema> {
  sharedSchema ??= kongSchema();
  return sharedSchema;
}

/**
 * kong/runloop/handler.lua `access.before`: a route for https but not http, reached over plain
 * http, answers its `https_redirect_status_code` — 426 with a body, or a redirect to https.
 */
export function httpsRedirect(
  route: Entity,
  host: string,
  requestTarget: string,
): { status: number; body: { message: string } | null; headers: Record<string, string> } | null {
  const protocols = Array.isArray(route.protocols) ? (route.protocols as string[]) : ["http", "https"];
  if (!protocols.includes("https") || protocols.includes("http")) return null;
  const code = typeof route.https_redirect_status_code === "number" ? route.https_redirect_status_code : 426;
  if (code === 426) {
    return { status: 426, body: { message: "Please use HTTPS protocol" }, headers: { connection: "Upgrade", upgrade: "TLS/1.2, HTTP/1.1" } };
  }
  if ([301, 302, 307, 308].includes(code)) return { status: code, body: null, headers: { location: `https://${host}${requestTarget}` } };
  return null;
}

/** Parses the expression with Kong's engine, as Kong's route schema does on every write. */
export function expressionProblem(expression: string): string | null {
  const result = kongEngine().Parser.parse(expression, kongFieldsSchema());
  if (result.status === "ok") return null;
  if (result.status === "validationError") return result.validationError;
  const variant = result.parseError.variant;
  const text = "parsingError" in variant ? variant.parsingError : variant.customError;
  const loc = result.parseError.lineCol;
  const at = "pos" in loc ? loc.pos : loc.span[0];
  return `${text} at line ${at[0]}, column ${at[1]}`;
}

/**
 * Kong appends the route's `protocols` to its expression before handing it to the router
 * (kong/router/expressions.lua `get_expression`), so a route never matches a scheme it doesn't
 * list — except a route for `https` alone, left as it is so that a plain-http request matches and
 * gets the route's HTTPS redirect (`httpsRedirect`).
 */
export function withProtocols(expression: string, protocols: string[]): string {
  if (protocols.length === 1 && protocols[0] === "https") return expression;
  const http = protocols.filter((p) => p === "http" || p === "https");
  if (http.length === 0) return expression;
  return `(${expression}) && (${http.map((p) => `net.protocol == "${p}"`).join(" || ")})`;
}
