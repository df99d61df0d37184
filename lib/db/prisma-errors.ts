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
