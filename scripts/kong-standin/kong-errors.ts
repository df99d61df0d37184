/**
 * Kong's Admin API error bodies (kong/db/errors.lua): a numeric `code`, a `name`, a `message` and
 * `fields`. Clients (decK, Switchyard's lib/kong) branch on status and code, so the stand-in keeps
 * both exactly; messages are close to Kong's but not byte-identical.
 */

/** Kong's error codes (kong/db/errors.lua `ERRORS`). */
export const KONG_CODES = {
  invalidPrimaryKey: 1,
  schemaViolation: 2,
  primaryKeyViolation: 3,
  foreignKeyViolation: 4,
  uniqueViolation: 5,
  notFound: 6,
  invalidOffset: 7,
  invalidSize: 9,
  invalidOptions: 11,
  operationUnsupported: 12,
  declarativeConfig: 14,
} as const;

export type FieldErrors = { [field: string]: string | string[] | FieldErrors | FieldErrors[] | unknown };

export interface KongErrorBody {
  code?: number;
  name?: string;
  message: string;
  fields?: FieldErrors;
}

/** Thrown inside handlers; the server turns it into `status` + `body`. */
export class StandinHttpError extends Error {
  constructor(
    readonly status: number,
    readonly body: KongErrorBody,
    /** Extra answer headers (the 429's `Retry-After`). */
    readonly headers: Record<string, string> = {},
  ) {
    super(body.message);
  }
}

export const notFound = () => new StandinHttpError(404, { message: "Not found" });

/** Kong summarises field errors in the message: `schema violation (host: required field missing)`. */
export function schemaViolation(fields: FieldErrors): StandinHttpError {
  const parts = flattenFieldErrors(fields);
  const message =
    parts.length === 1 ? `schema violation (${parts[0]})` : `${parts.length} schema violations (${parts.join("; ")})`;
  return new StandinHttpError(400, { code: KONG_CODES.schemaViolation, name: "schema violation", message, fields });
}

function flattenFieldErrors(fields: FieldErrors, prefix = ""): string[] {
  const out: string[] = [];
  for (const [key, value] of Object.entries(fields)) {
    const name = prefix ? `${prefix}.${key}` : key;
    if (typeof value === "string") out.push(`${name}: ${value}`);
    else if (Array.isArray(value)) {
      value.forEach((v, i) => {
        if (typeof v === "string") out.push(key === "@entity" ? v : `${name}.${i + 1}: ${v}`);
        else if (v && typeof v === "object") out.push(...flattenFieldErrors(v as FieldErrors, `${name}.${i + 1}`));
      });
    } else if (value && typeof value === "object") out.push(...flattenFieldErrors(value as FieldErrors, name));
  }
  return out;
}

/** Kong prints the conflicting key as a Lua table: `{name="orders"}`. */
export function luaKey(key: Record<string, unknown>): string {
  const entries = Object.keys(key)
    .sort()
    .map((k) => {
      const v = key[k];
      if (v === null || v === undefined) return `${k}=null`;
      if (typeof v === "object") return `${k}=${luaKey(v as Record<string, unknown>)}`;
      return typeof v === "string" ? `${k}="${v}"` : `${k}=${String(v)}`;
    });
  return `{${entries.join(",")}}`;
}

export function uniqueViolation(key: Record<string, unknown>): StandinHttpError {
  return new StandinHttpError(409, {
    code: KONG_CODES.uniqueViolation,
    name: "unique constraint violation",
    message: `UNIQUE violation detected on '${luaKey(key)}'`,
    fields: key,
  });
}

export function primaryKeyViolation(id: string): StandinHttpError {
  return new StandinHttpError(409, {
    code: KONG_CODES.primaryKeyViolation,
    name: "primary key violation",
    message: `primary key violation on key '${luaKey({ id })}'`,
    fields: { id },
  });
}

/** A reference to an entity that doesn't exist (e.g. a route's `service`). */
export function missingForeignKey(field: string, reference: string, key: Record<string, unknown>): StandinHttpError {
  return new StandinHttpError(400, {
    code: KONG_CODES.foreignKeyViolation,
    name: "foreign key violation",
    message: `the foreign key '${luaKey(key)}' does not reference an existing '${reference}' entity.`,
    fields: { [field]: key },
  });
}

/** Deleting an entity others still point at (a service with routes): Kong refuses rather than cascading. */
export function referencedBy(entity: string, referencing: string): StandinHttpError {
  return new StandinHttpError(400, {
    code: KONG_CODES.foreignKeyViolation,
    name: "foreign key violation",
    message: `an existing '${referencing}' entity references this '${entity}' entity`,
    fields: { "@referenced_by": referencing },
  });
}

export function invalidSize(max: number): StandinHttpError {
  return new StandinHttpError(400, {
    code: KONG_CODES.invalidSize,
    name: "invalid size",
    message: `size must be an integer between 1 and ${max}`,
  });
}

export function invalidOffset(offset: string): StandinHttpError {
  return new StandinHttpError(400, {
    code: KONG_CODES.invalidOffset,
    name: "invalid offset",
    message: `'${offset}' is not a valid offset: bad base64 encoding`,
  });
}

export function invalidOptions(message: string): StandinHttpError {
  return new StandinHttpError(400, { code: KONG_CODES.invalidOptions, name: "invalid options", message: `invalid option (${message})` });
}
