/**
 * Typed failures of a call to Kong's Admin API. Callers branch on the class and on `retryable`
 * (the publish workflow retries only transient failures: every write it sends is idempotent), and
 * on Kong's numeric `code` — never on message text, which differs between Kong versions.
 *
 * Messages are shown to callers (drift, dry run, publish records), and the admin URL they point
 * at may be anything an operator typed: a message names the zone, the call and the failure class,
 * and never echoes what the other side sent (body, status text, which connection error — a closed
 * port and an open one must read the same). Kong's own error message is kept only for writes,
 * which reach a node that already answered `GET /` like Kong, and only from its JSON `message`.
 */

export type KongErrorKind = "api" | "network" | "timeout" | "aborted" | "unsupported" | "not_kong" | "refused" | "limit";

/** The failure classes callers see (`failure` on every Kong error). */
export type KongFailure =
  | "unreachable"
  | "timeout"
  | "not_kong"
  | "refused"
  | "limit"
  | "error_status"
  | "aborted"
  | "unsupported";

export abstract class KongError extends Error {
  abstract readonly kind: KongErrorKind;
  abstract readonly failure: KongFailure;
  abstract readonly retryable: boolean;
}

/** "Zone eu-central's Kong" when the client knows its zone, "Kong" otherwise. */
const whose = (zone: string | undefined) => (zone ? `Zone ${zone}'s Kong` : "Kong");

/** Kong's error codes (kong/db/errors.lua) the client cares about. */
export const KONG_ERROR_CODES = {
  schemaViolation: 2,
  primaryKeyViolation: 3,
  foreignKeyViolation: 4,
  uniqueViolation: 5,
  declarativeConfig: 14,
} as const;

export interface KongErrorBody {
  code?: number;
  name?: string;
  message?: string;
  fields?: Record<string, unknown>;
}

/** Kong answered with an error status (its body, when JSON, is `{code, name, message, fields}`). */
export class KongApiError extends KongError {
  readonly kind = "api";
  readonly failure = "error_status";
  readonly retryable: boolean;
  /** Kong's numeric error code (2 schema violation, 4 foreign key, 5 unique…), null when the body had none. */
  readonly code: number | null;
  readonly kongName: string | null;
  readonly kongMessage: string;
  readonly fields: Record<string, unknown> | null;

  constructor(
    readonly status: number,
    readonly method: string,
    readonly path: string,
    body: KongErrorBody | null,
    readonly zone?: string,
  ) {
    const kongMessage = typeof body?.message === "string" ? body.message.slice(0, 500) : `HTTP ${status}`;
    const kongName = typeof body?.name === "string" ? body.name.slice(0, 60) : null;
    // A read's answer is not echoed (see above); a write's is Kong's verdict on what was sent.
    const detail = method === "GET" ? "" : `${kongName ? ` (${kongName})` : ""}: ${kongMessage}${fieldSummary(body?.fields)}`;
    super(`${whose(zone)} ${method} ${path} failed with ${status}${detail}`);
    this.name = "KongApiError";
    this.code = typeof body?.code === "number" ? body.code : null;
    this.kongName = kongName;
    this.kongMessage = kongMessage;
    this.fields = body?.fields ?? null;
    // 5xx: Kong or its database hiccupped; 429: a DB-less node is still loading the previous config.
    this.retryable = status >= 500 || status === 429;
  }

  get isNotFound(): boolean {
    return this.status === 404;
  }

  get isUniqueViolation(): boolean {
    return this.status === 409 || this.code === KONG_ERROR_CODES.uniqueViolation;
  }
}

function fieldSummary(fields: Record<string, unknown> | undefined): string {
  if (!fields || Object.keys(fields).length === 0) return "";
  const text = JSON.stringify(fields);
  return ` — fields ${text.length > 300 ? `${text.slice(0, 300)}…` : text}`;
}

/** No answer: connection refused or reset, DNS failure, a dropped connection mid-request. */
export class KongNetworkError extends KongError {
  readonly kind = "network";
  readonly failure = "unreachable";
  readonly retryable = true;

  constructor(
    readonly method: string,
    readonly url: string,
    /** The socket's own error, for server logs only: it tells open ports from closed ones. */
    readonly cause: unknown,
    readonly zone?: string,
  ) {
    super(`${whose(zone)} is unreachable (${method} ${url})`);
    this.name = "KongNetworkError";
  }
}

export class KongTimeoutError extends KongError {
  readonly kind = "timeout";
  readonly failure = "timeout";
  readonly retryable = true;

  constructor(
    readonly method: string,
    readonly url: string,
    readonly timeoutMs: number,
    readonly zone?: string,
    /** Which limit: one call's timeout, or the whole read's deadline; with the variable that raises it. */
    limit: { what: string; env: string } = { what: "no answer", env: "SWITCHYARD_KONG_TIMEOUT_MS" },
  ) {
    super(`${whose(zone)} timed out (${method} ${url}: ${limit.what} within ${timeoutMs} ms; raise ${limit.env} if the node is just slow)`);
    this.name = "KongTimeoutError";
  }
}

/** A call Switchyard stopped or refused itself: which call, on which zone's node. Never retried. */
abstract class KongStoppedCall extends KongError {
  readonly retryable = false;

  constructor(
    readonly method: string,
    readonly url: string,
    readonly zone: string | undefined,
    message: string,
  ) {
    super(message);
  }
}

/** The answer isn't a Kong Admin API's: not JSON, a redirect, a list without `data`… */
export class KongNotKongError extends KongStoppedCall {
  readonly kind = "not_kong";
  readonly failure = "not_kong";

  /** `problem`: Switchyard's own description of what was wrong, never the answer itself. */
  constructor(method: string, url: string, readonly problem: string, zone?: string) {
    super(method, url, zone, `${whose(zone)} did not answer like Kong (${method} ${url}: ${problem})`);
    this.name = "KongNotKongError";
  }
}

/** SWITCHYARD_KONG_ADMIN_ALLOW refused the host or an address it resolves to: nothing was sent. */
export class KongRefusedError extends KongStoppedCall {
  readonly kind = "refused";
  readonly failure = "refused";

  constructor(method: string, url: string, readonly reason: string, zone?: string) {
    super(method, url, zone, `${whose(zone)} refused by allowlist (${method} ${url}): ${reason}`);
    this.name = "KongRefusedError";
  }
}

/** One of the read bounds (lib/kong/limits.ts) was hit: the answer was too big, too long or endless. */
export class KongLimitError extends KongStoppedCall {
  readonly kind = "limit";
  readonly failure = "limit";

  /** `what`: e.g. "more than 16 MiB in one answer"; `env`: the variable that raises the limit. */
  constructor(method: string, url: string, readonly what: string, readonly env: string, zone?: string) {
    super(method, url, zone, `${whose(zone)}: limit exceeded (${method} ${url}: ${what}; raise ${env} if this node really is that large)`);
    this.name = "KongLimitError";
  }
}

/** The caller's own signal ended the call: not Kong's fault, and not to be retried. */
export class KongAbortedError extends KongError {
  readonly kind = "aborted";
  readonly failure = "aborted";
  readonly retryable = false;

  constructor(
    readonly method: string,
    readonly url: string,
  ) {
    super(`Kong ${method} ${url} was aborted`);
    this.name = "KongAbortedError";
  }
}

/** The node can't take what Switchyard publishes (e.g. a router flavor without expressions). */
export class KongUnsupportedError extends KongError {
  readonly kind = "unsupported";
  readonly failure = "unsupported";
  readonly retryable = false;

  constructor(message: string) {
    super(message);
    this.name = "KongUnsupportedError";
  }
}
