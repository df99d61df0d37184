import "server-only";
import { Prisma } from "@prisma/client";
import { ZodError, type z } from "zod";
import { DomainError, type DomainErrorCode } from "../db/errors";
import { isDatabaseUnavailable, isPrismaError, isUnstorableText, uniqueFields } from "../db/prisma-errors";
import { SecretKeyMissingError } from "../db/secrets";
import { log } from "../observability/log";
import type { ErrorBody, FieldError } from "./schemas";

/**
 * One error body everywhere: `{error: {code, message, details?}}`. Everything is matched on codes
 * and classes, never on message text (Prisma's messages change between versions; codes don't).
 */
export type ErrorCode =
  | "bad_request"
  | "unauthorized"
  | "forbidden"
  | "not_found"
  | "method_not_allowed"
  | "conflict"
  | "precondition_failed"
  | "payload_too_large"
  | "unsupported_media_type"
  | "validation_failed"
  | "internal"
  | "unavailable";

const STATUS: Record<ErrorCode, number> = {
  bad_request: 400,
  unauthorized: 401,
  forbidden: 403,
  not_found: 404,
  method_not_allowed: 405,
  conflict: 409,
  precondition_failed: 412,
  payload_too_large: 413,
  unsupported_media_type: 415,
  validation_failed: 422,
  internal: 500,
  unavailable: 503,
};

/** An error a handler throws on purpose; its message is safe to show. */
export class ApiError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
    this.name = "ApiError";
  }
  get status(): number {
    return STATUS[this.code];
  }
}

export function errorResponse(
  code: ErrorCode,
  message: string,
  details?: unknown,
  headers?: HeadersInit,
): Response {
  const body: ErrorBody = { error: { code, message, ...(details === undefined ? {} : { details }) } };
  return Response.json(body, { status: STATUS[code], headers });
}

/** zod issues as `[{path, message}]`, one per field (the first issue found for it). */
export function fieldErrorsOf(
  error: ZodError | z.core.$ZodIssue[],
  prefix: (string | number)[] = [],
): FieldError[] {
  const issues = error instanceof ZodError ? error.issues : error;
  const byPath = new Map<string, FieldError>();
  for (const issue of issues) {
    // `.strict()` reports all unknown keys in one issue on the parent; each key is its own bad field.
    const entries =
      issue.code === "unrecognized_keys"
        ? issue.keys.map((k) => ({ path: [...issue.path, k], message: `Unknown field ${k}` }))
        : [{ path: issue.path, message: issue.message }];
    for (const entry of entries) {
      const path = [...prefix, ...entry.path].map(String).join(".");
      if (!byPath.has(path)) byPath.set(path, { path, message: entry.message });
    }
  }
  return [...byPath.values()];
}

export function validationMessage(errors: FieldError[]): string {
  if (errors.length === 1)
    return errors[0].path ? `${errors[0].path}: ${errors[0].message}` : errors[0].message;
  return `${errors.length} fields are invalid`;
}

const DOMAIN_CODES: Record<DomainErrorCode, ErrorCode> = {
  not_found: "not_found",
  conflict: "conflict",
  precondition_failed: "precondition_failed",
  validation_failed: "validation_failed",
};

/** Maps any thrown value to the error response; unexpected errors are logged and hidden. */
export function toErrorResponse(
  error: unknown,
  context: { requestId: string; method: string; url: string },
): Response {
  if (error instanceof ApiError) return errorResponse(error.code, error.message, error.details);
  if (error instanceof DomainError)
    return errorResponse(DOMAIN_CODES[error.code], error.message, error.details);
  if (error instanceof ZodError) {
    const details = fieldErrorsOf(error);
    return errorResponse("validation_failed", validationMessage(details), details);
  }
  if (isPrismaError(error, "P2002")) {
    const fields = uniqueFields(error);
    const model = (error.meta as { modelName?: string } | undefined)?.modelName;
    const what = model ? `A ${model.toLowerCase()}` : "An entry";
    return errorResponse(
      "conflict",
      fields.length
        ? `${what} with this ${fields.join(", ")} already exists`
        : `${what} with these values already exists`,
      fields.map((path) => ({ path, message: "Already taken" })),
    );
  }
  if (isPrismaError(error, "P2003")) {
    return errorResponse(
      "conflict",
      "This change would break a reference between records (it is still referenced, or refers to something missing)",
    );
  }
  if (isPrismaError(error, "P2025")) return errorResponse("not_found", "The record does not exist");
  if (isUnstorableText(error)) {
    return errorResponse(
      "bad_request",
      "A value in the request can't be stored: it holds a NUL or unencodable character, or is too long",
    );
  }
  if (isDatabaseUnavailable(error)) {
    // Matched on the driver's codes; nothing was committed, so the caller may simply retry.
    log.warn("database unavailable", { ...context, error });
    return errorResponse(
      "unavailable",
      "The database is not reachable right now; nothing was changed, try again",
      undefined,
      {
        "retry-after": "2",
      },
    );
  }
  // Everything else hides its internals from the caller; the log keeps them with the request id.
  const prismaCode = error instanceof Prisma.PrismaClientKnownRequestError ? error.code : undefined;
  log.error("unhandled API error", { ...context, prismaCode, error });
  const message =
    error instanceof SecretKeyMissingError
      ? "The server has no secret key configured for Kong admin tokens"
      : `Something went wrong on our side (request ${context.requestId})`;
  return errorResponse("internal", message);
}
