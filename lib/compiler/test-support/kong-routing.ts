/**
 * Decide routing with Kong's own engine (`@kong/atc-router`), for tests. Its Router says whether
 * *some* matcher matched, not which, and wraps priorities above 2^32; so routes are ordered here
 * the way Kong orders them (priority desc, then id desc) and each expression is tried alone.
 */
import { kongEngine, kongParse, kongSchema } from "../../atc/kong-engine";
import type { CompiledRoute, ZoneOutput } from "../types";

export interface TestRequest {
  method: string;
  host: string;
  path: string;
  /** Several values for one header: one value per header line, as Kong's context holds them. */
  headers?: Record<string, string | string[]>;
}

export function headerFieldName(header: string): string {
  return `http.headers.${header.toLowerCase().replace(/-/g, "_")}`;
}

export function kongMatches(expression: string, request: TestRequest, tenantField = "http.headers.x_okapi_tenant"): boolean {
  const { Router, Context } = kongEngine();
  const schema = kongSchema({ [tenantField]: "String" });
  const router = new Router(schema);
  const context = new Context(schema);
  try {
    const error = router.addMatcher(0, "00000000-0000-4000-8000-000000000001", expression);
    if (error) throw new Error(`Kong rejected ${expression}: ${error}`);
    context.addValue("net.protocol", { String: "https" });
    context.addValue("http.method", { String: request.method });
    context.addValue("http.host", { String: request.host });
    context.addValue("http.path", { String: request.path });
    for (const [name, value] of Object.entries(request.headers ?? {})) {
      // Adding a value for a field the schema lacks crashes the WASM instance.
      if (headerFieldName(name) !== tenantField) continue;
      for (const v of typeof value === "string" ? [value] : value) context.addValue(tenantField, { String: v });
    }
    return router.execute(context);
  } finally {
    context.free();
    router.free();
    schema.free();
  }
}

/** The route Kong would pick for the request in this zone, or null. */
export function kongWinner(zone: ZoneOutput, request: TestRequest, tenantField = "http.headers.x_okapi_tenant"): CompiledRoute | null {
  const idByName = new Map(zone.kong.routes.map((r) => [r.name, r.id]));
  const ordered = [...zone.routes].sort(
    (a, b) => b.priority - a.priority || (idByName.get(b.name)! > idByName.get(a.name)! ? 1 : -1),
  );
  return ordered.find((r) => kongMatches(r.expression, request, tenantField)) ?? null;
}

/** Kong's parse tree of an emitted expression (throws on a parse or validation error). */
export function kongTreeOf(expression: string, tenantField = "http.headers.x_okapi_tenant"): unknown {
  const result = kongParse(expression, { [tenantField]: "String" });
  if (result.status !== "ok") throw new Error(`Kong could not parse ${expression}: ${JSON.stringify(result)}`);
  return result.expression;
}
