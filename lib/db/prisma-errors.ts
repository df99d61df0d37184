import { Prisma } from "@prisma/client";

/** Prisma's documented error codes we act on (https://www.prisma.io/docs/orm/reference/error-reference). */
export type PrismaCode = "P2002" | "P2003" | "P2025";

export function isPrismaError(
  error: unknown,
  code: PrismaCode,
): error is Prisma.PrismaClientKnownRequestError {
  return error instanceof Prisma.PrismaClientKnownRequestError && error.code === code;
}

/**
 * The columns of a violated unique constraint. Prisma reports them in `meta.target` with its own
 * engine and under `meta.driverAdapterError` with a driver adapter (our case); read both.
 */
export function uniqueFields(error: Prisma.PrismaClientKnownRequestError): string[] {
  const meta = (error.meta ?? {}) as {
    target?: unknown;
    driverAdapterError?: { cause?: { constraint?: { fields?: unknown; index?: unknown } } };
  };
  if (Array.isArray(meta.target)) return meta.target.map(String);
  const constraint = meta.driverAdapterError?.cause?.constraint;
  if (Array.isArray(constraint?.fields)) return constraint.fields.map((f) => String(f).replace(/^"|"$/g, ""));
  if (typeof meta.target === "string") return [meta.target];
  if (typeof constraint?.index === "string")
    return fieldsOfIndex(constraint.index, (error.meta as { modelName?: string }).modelName);
  return [];
}

/**
 * Prisma names unique indexes `<Model>_<field>_<field>_key`; PostgreSQL reports the index name.
 * Our field names hold no underscores, so the name splits back into its fields.
 */
function fieldsOfIndex(index: string, model: string | undefined): string[] {
  const match = /^(.+?)_(.+)_key$/.exec(index);
  if (!match || (model && match[1] !== model)) return [index];
  return match[2].split("_");
}

/** What the pg driver adapter reports about a failed query: PostgreSQL's SQLSTATE, or a connection failure's kind. */
export interface DriverFailure {
  kind?: string;
  sqlState?: string;
}

export function driverFailure(error: unknown): DriverFailure | undefined {
  const cause = (c: unknown): DriverFailure | undefined => {
    if (!c || typeof c !== "object") return undefined;
    const { kind, originalCode } = c as { kind?: unknown; originalCode?: unknown };
    return {
      kind: typeof kind === "string" ? kind : undefined,
      sqlState: typeof originalCode === "string" ? originalCode : undefined,
    };
  };
  if (error instanceof Error && error.name === "DriverAdapterError") return cause(error.cause);
  if (error instanceof Prisma.PrismaClientKnownRequestError) {
    const meta = error.meta as { driverAdapterError?: { cause?: unknown } } | undefined;
    return cause(meta?.driverAdapterError?.cause);
  }
  return undefined;
}

const UNAVAILABLE_KINDS = new Set([
  "DatabaseNotReachable",
  "ConnectionClosed",
  "SocketTimeout",
  "TooManyConnections",
]);

/**
 * The database is away (restarting, connection terminated, pool exhausted) rather than the request
 * being wrong: worth a retry. SQLSTATE classes 08 (connection) and 57P (operator intervention).
 */
export function isDatabaseUnavailable(error: unknown): boolean {
  if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === "P2028") return true;
  if (error instanceof Prisma.PrismaClientInitializationError) return true;
  if (
    error instanceof Error &&
    /^Connection terminated|^Client has encountered a connection error/.test(error.message)
  )
    return true;
  const failure = driverFailure(error);
  if (!failure) return false;
  if (failure.kind && UNAVAILABLE_KINDS.has(failure.kind)) return true;
  return !!failure.sqlState && (failure.sqlState.startsWith("08") || failure.sqlState.startsWith("57P"));
}

/** Text PostgreSQL can't store (a NUL character, an unencodable one) or a value past an index's size limit. */
export function isUnstorableText(error: unknown): boolean {
  const state = driverFailure(error)?.sqlState;
  return state === "22021" || state === "22P05" || state === "54000";
}
