/**
 * Typed failures of a call to Kong's Admin API. Callers branch on the class and on `retryable`
 * (the publish workflow retries only transient failures: every write it sends is idempotent), and
 * on Kong's numeric `code` — never on message text, which differs between Kong versions.
 */

export type KongErrorKind = "api" | "network" | "timeout" | "aborted" | "unsupported";

export abstract class KongError extends Error {
  abstract readonly kind: KongErrorKind;
  abstract readonly retryable: boolean;
}

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
    rawText = "",
  ) {
    const kongMessage = body?.message ?? (rawText.trim().slice(0, 200) || `HTTP ${status}`);
    super(`Kong ${method} ${path} failed with ${status}${body?.name ? ` (${body.name})` : ""}: ${kongMessage}${fieldSummary(body?.fields)}`);
    this.name = "KongApiError";
    this.code = typeof body?.code === "number" ? body.code : null;
    this.kongName = body?.name ?? null;
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
  readonly retryable = true;

  constructor(
    readonly method: string,
    readonly url: string,
    readonly cause: unknown,
  ) {
    super(`Kong ${method} ${url} failed: ${networkReason(cause)}`);
    this.name = "KongNetworkError";
  }
}

function networkReason(cause: unknown): string {
  const inner = cause instanceof Error && cause.cause instanceof Error ? cause.cause : cause;
  if (inner instanceof Error) {
    const code = (inner as { code?: unknown }).code;
    return typeof code === "string" ? `${code} (${inner.message})` : inner.message;
  }
  return String(inner);
}

export class KongTimeoutError extends KongError {
  readonly kind = "timeout";
  readonly retryable = true;

  constructor(
    readonly method: string,
    readonly url: string,
    readonly timeoutMs: number,
  ) {
    super(`Kong ${method} ${url} timed out after ${timeoutMs} ms`);
    this.name = "KongTimeoutError";
  }
}

/** The caller's own signal ended the call: not Kong's fault, and not to be retried. */
export class KongAbortedError extends KongError {
  readonly kind = "aborted";
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
  readonly retryable = false;

  constructor(message: string) {
    super(message);
    this.name = "KongUnsupportedError";
  }
}
