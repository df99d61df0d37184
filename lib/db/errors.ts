/**
 * Failures the data layer reports by meaning, not by HTTP status: lib/api/errors.ts maps each code
 * to a status. Callers match on `code`, never on message text.
 */
export interface FieldProblem {
  /** Dotted path of the field in the request body, e.g. `exposures.0.upstreams.1.url`. */
  path: string;
  message: string;
}

export type DomainErrorCode = "not_found" | "conflict" | "precondition_failed" | "validation_failed";

export class DomainError extends Error {
  constructor(
    readonly code: DomainErrorCode,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
    this.name = "DomainError";
  }
}

export const notFound = (message: string) => new DomainError("not_found", message);
export const conflict = (message: string, details?: unknown) => new DomainError("conflict", message, details);
export const fieldErrors = (problems: FieldProblem[]) =>
  new DomainError(
    "validation_failed",
    problems.length === 1 ? problems[0].message : `${problems.length} fields are invalid`,
    problems,
  );
/** Someone else saved first: the caller's revision is stale. */
export const staleRevision = (what: string, expected: number, current: number) =>
  new DomainError(
    "precondition_failed",
    `${what} was changed by someone else (revision ${current}, you sent ${expected}); reload and apply your change again`,
    { currentRevision: current },
  );
