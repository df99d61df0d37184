import "server-only";
import { randomUUID } from "node:crypto";
import { z } from "zod";
import { invalidate } from "../db/changes";
import { log } from "../observability/log";
import { metrics } from "../observability/metrics";
import { authenticate, requireRole, SAFE_METHODS, type Actor, type Role } from "./auth";
import { readBodyCapped, readTextCapped, refuseDeclaredOversize } from "./body";
import { ApiError, errorResponse, fieldErrorsOf, toErrorResponse, validationMessage } from "./errors";
import { MAX_JSON_BODY_BYTES } from "./limits";

/**
 * The one route-handler wrapper: declares the role a handler needs and the zod schemas of its
 * path params, query and body; parses them (malformed JSON → 400, schema failures → 422 with one
 * message per field); maps every thrown error to the shared error body. A handler is left with
 * the few lines that are about its resource.
 */
type AnySchema = z.ZodType;
const noParams = z.object({});
type Empty = typeof noParams;

export interface HandlerConfig<P extends AnySchema, Q extends AnySchema, B extends AnySchema> {
  /** Route pattern, for metrics and logs, e.g. `/api/v1/zones/{name}`. */
  route: string;
  /** The least role allowed to call this handler (see lib/api/auth.ts). */
  auth: Role;
  params?: P;
  query?: Q;
  /** JSON body schema. */
  body?: B;
  /** Take the body as plain text instead of JSON (e.g. a YAML file). */
  textBody?: boolean;
  /** The largest body this handler reads, with what to call it in the 413; default: 1 MiB of JSON. */
  bodyLimit?: BodyLimit;
  /**
   * Whether a successful answer makes cached reads stale (lib/db/changes.ts); default: every method
   * but GET, HEAD and OPTIONS does. False for POSTs that only read (a simulation) or write only
   * what nothing caches (publish records).
   */
  invalidates?: boolean;
}

export interface BodyLimit {
  bytes: number;
  /** The body's name in the 413's message, e.g. "A rover file". */
  what: string;
}

export interface HandlerContext<P extends AnySchema, Q extends AnySchema, B extends AnySchema> {
  req: Request;
  url: URL;
  params: z.output<P>;
  query: z.output<Q>;
  body: z.output<B>;
  /** The raw body when `textBody` is set, else "". */
  text: string;
  actor: Actor;
  requestId: string;
}

/** What Next 16 passes as a route handler's second argument. */
export interface RouteContext {
  params: Promise<Record<string, string | string[] | undefined>>;
}

export type RouteHandler = (req: Request, ctx?: RouteContext) => Promise<Response>;

/** The caller closed the connection before the body was read (Node's "aborted" reset) or cancelled it. */
function clientWentAway(req: Request, error: unknown): boolean {
  if (req.signal?.aborted) return true;
  const e = error as { code?: unknown; message?: unknown } | null;
  return e?.code === "ECONNRESET" && e.message === "aborted";
}

/**
 * A caller's `X-Request-Id`, when it is one: it is stored in the audit trail and written to logs,
 * so anything longer or with other characters (newlines forging log lines, markup) is replaced by
 * a generated id instead of being kept.
 */
export function clientRequestId(headers: Headers): string | null {
  const id = headers.get("x-request-id");
  return id !== null && /^[A-Za-z0-9._:-]{1,128}$/.test(id) ? id : null;
}

function queryObject(url: URL): Record<string, string> {
  // No prototype: `?constructor=1` or `?__proto__=1` is a parameter like any other.
  const out = Object.create(null) as Record<string, string>;
  // The first value of a repeated parameter wins; none of our filters take lists.
  for (const [k, v] of url.searchParams) if (!(k in out)) out[k] = v;
  return out;
}

const JSON_BODY_LIMIT: BodyLimit = { bytes: MAX_JSON_BODY_BYTES, what: "A JSON request body" };

async function readJson(req: Request, limit: BodyLimit): Promise<unknown> {
  const type = req.headers.get("content-type");
  const text = await readTextCapped(req, limit.bytes, limit.what);
  if (text.trim() === "") return undefined;
  if (type && !/^application\/([\w.+-]+\+)?json\b/i.test(type) && !type.startsWith("text/plain")) {
    throw new ApiError("unsupported_media_type", `Send the body as application/json (got ${type})`);
  }
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new ApiError("bad_request", `The request body is not valid JSON: ${(error as Error).message}`);
  }
}

function parseWith<S extends AnySchema>(
  schema: S,
  value: unknown,
  where: "params" | "query" | "body",
): z.output<S> {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  if (where === "body" && value === undefined)
    throw new ApiError("validation_failed", "The request has no body: send a JSON object", [
      { path: "", message: "A JSON body is required" },
    ]);
  if (where === "body" && result.error.issues.some((i) => i.path.length === 0 && i.code === "invalid_type")) {
    const got = value === null ? "null" : Array.isArray(value) ? "an array" : `a ${typeof value}`;
    throw new ApiError("validation_failed", `The request body must be a JSON object, not ${got}`, [
      { path: "", message: "Expected a JSON object" },
    ]);
  }
  const details = fieldErrorsOf(result.error);
  // A path parameter that can't be valid names nothing that exists.
  if (where === "params") throw new ApiError("not_found", `Not found: ${validationMessage(details)}`);
  throw new ApiError(
    "validation_failed",
    where === "query" ? `Query: ${validationMessage(details)}` : validationMessage(details),
    details,
  );
}

export function apiHandler<
  P extends AnySchema = Empty,
  Q extends AnySchema = Empty,
  B extends AnySchema = z.ZodUnknown,
>(
  config: HandlerConfig<P, Q, B>,
  fn: (ctx: HandlerContext<P, Q, B>) => Promise<Response>,
): RouteHandler & { readonly bodyLimit: BodyLimit } {
  const bodyLimit = config.bodyLimit ?? JSON_BODY_LIMIT;
  const handler: RouteHandler = async (req, routeCtx) => {
    const started = performance.now();
    const requestId = clientRequestId(req.headers) ?? randomUUID();
    const url = new URL(req.url);
    let res: Response;
    try {
      // Before anything else, authentication included: an oversized body costs nothing to refuse.
      refuseDeclaredOversize(req, bodyLimit.bytes, bodyLimit.what);
      const actor = await authenticate(req, config.auth);
      requireRole(actor, config.auth, "This");
      const params = parseWith(
        config.params ?? noParams,
        (await routeCtx?.params) ?? {},
        "params",
      ) as z.output<P>;
      const query = parseWith(
        config.query ?? noParams.passthrough(),
        queryObject(url),
        "query",
      ) as z.output<Q>;
      let body = undefined as z.output<B>;
      let text = "";
      if (config.textBody) text = await readTextCapped(req, bodyLimit.bytes, bodyLimit.what);
      else if (config.body) body = parseWith(config.body, await readJson(req, bodyLimit), "body");
      // A handler that takes no body still gets one only up to its limit: otherwise a chunked
      // upload to it would run the handler (a publish of the whole estate) while it streams on.
      else if (req.body) await readBodyCapped(req, bodyLimit.bytes, bodyLimit.what);
      res = await fn({ req, url, params, query, body, text, actor, requestId });
      // The change is committed now. Reads that ran while it was in flight may have cached what was
      // there before; the caller's next read must see its write (lib/db/changes.ts).
      if (res.ok && !SAFE_METHODS.has(req.method) && config.invalidates !== false) invalidate();
    } catch (error) {
      if (clientWentAway(req, error)) {
        // Nobody reads this answer; it is not the server's error (499, as proxies log it).
        log.info("client closed the request", { requestId, method: req.method, url: url.pathname });
        res = new Response(null, { status: 499 });
      } else res = toErrorResponse(error, { requestId, method: req.method, url: url.pathname });
    }
    res.headers.set("x-request-id", requestId);
    metrics.apiLatency.observe(
      { method: req.method, route: config.route, status: String(res.status) },
      (performance.now() - started) / 1000,
    );
    return res;
  };
  // Declared on the handler so the hostile-input tests hold every route to its own limit.
  return Object.assign(handler, { bodyLimit });
}

export { errorResponse };
