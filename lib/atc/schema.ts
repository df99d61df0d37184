import type { FieldType } from "./ast";

/**
 * The fields Kong's HTTP router declares (kong/router/fields.lua). Wildcard entries end in `.*`
 * and are resolved the way atc-router's `Schema::type_of` does it: the exact name first, then
 * the name up to its last dot followed by `.*`. So `http.headers.x_tenant` is a String, while
 * `http.headers.a.b` is unknown (its parent `http.headers.a.*` isn't declared).
 */
export const HTTP_FIELDS: Readonly<Record<string, FieldType>> = {
  "net.protocol": "String",
  "tls.sni": "String",
  "http.method": "String",
  "http.host": "String",
  "http.path": "String",
  "http.path.segments.*": "String",
  "http.headers.*": "String",
  "http.queries.*": "String",
  "net.src.port": "Int",
  "net.dst.port": "Int",
  "http.path.segments.len": "Int",
  "net.src.ip": "IpAddr",
  "net.dst.ip": "IpAddr",
};

export type Schema = Readonly<Record<string, FieldType>>;

export function fieldType(field: string, schema: Schema = HTTP_FIELDS): FieldType | undefined {
  if (Object.hasOwn(schema, field)) return schema[field];
  const dot = field.lastIndexOf(".");
  if (dot < 0) return undefined;
  const wildcard = `${field.slice(0, dot)}.*`;
  return Object.hasOwn(schema, wildcard) ? schema[wildcard] : undefined;
}
