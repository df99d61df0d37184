import { z } from "zod";
import type { CompiledRoute, InactiveRoute } from "../compiler/types";

/**
 * API shapes of compiler output. A route as served by GET /zones/{name}/routes: everything the
 * compiler knows about it except the expression's syntax tree (large, and the text is canonical).
 */
export type RouteView = Omit<CompiledRoute, "expressionTree"> & { active: true };
export type InactiveRouteView = InactiveRoute & { active: false };

export function routeView(route: CompiledRoute): RouteView {
  const { expressionTree: _tree, ...rest } = route;
  return { ...rest, active: true };
}

export function inactiveRouteView(route: InactiveRoute): InactiveRouteView {
  return { ...route, active: false };
}

// ---- documentation schemas of the derived shapes (the OpenAPI document is generated from them) ----

const realmEntry = z.object({ url: z.string(), issuer: z.string() });
export const realmSchema = z.object({ name: z.string(), entries: z.array(realmEntry) });

const reasonSchema = z.object({
  type: z.string(),
  message: z.string(),
  refs: z.array(z.record(z.string(), z.unknown())).optional(),
});
const endpointView = z.object({ methods: z.array(z.string()), path: z.string() }).nullable();

export const routeViewSchema = z.object({
  name: z.string(),
  zone: z.string(),
  kind: z.enum(["real", "proxy", "failover"]),
  active: z.boolean(),
  application: z.string(),
  version: z.string(),
  roverId: z.string(),
  basePath: z.string(),
  endpoint: endpointView,
  realm: z.string().optional(),
  downstreams: z
    .array(
      z.object({
        host: z.string(),
        path: z.string(),
        url: z.string(),
        issuer: z.string(),
        /** What Kong strips from the front of the request path here before joining the rest to the service path. */
        stripPrefix: z.string(),
      }),
    )
    .optional(),
  tenantAccess: z.enum(["NONE", "ANY", "ENTITLED"]).optional(),
  tenants: z.array(z.string()).optional(),
  expression: z.string().optional(),
  priority: z.number().int().optional(),
  priorityParts: z
    .array(
      z.object({
        name: z.string(),
        bits: z.number(),
        shift: z.number(),
        value: z.number(),
        explanation: z.string(),
      }),
    )
    .optional(),
  upstream: z
    .object({
      targets: z.array(z.object({ url: z.string(), weight: z.number() })),
      viaZone: z.string().optional(),
    })
    .optional(),
  issuers: z.array(z.string()).optional(),
  /** The exposure's `stripBasePath`: the provider's upstreams receive only what follows the base path. */
  stripBasePath: z.boolean().optional(),
  /** The provider zone's real-route upstreams, which finally receive the request (a proxy's last hop). */
  providerUpstreams: z.array(z.object({ url: z.string(), weight: z.number() })).optional(),
  /** Inactive routes only: why the route is not emitted. */
  reason: z.string().optional(),
  reasons: z.array(reasonSchema),
});

export const simulationSchema = z.object({
  zone: z.string(),
  seen: z.record(z.string(), z.unknown()),
  matched: z.record(z.string(), z.unknown()).nullable(),
  message: z.string().nullable(),
  candidates: z.array(
    z
      .object({
        name: z.string(),
        priority: z.number(),
        matched: z.boolean(),
        tried: z.boolean(),
        failedAt: z.unknown().optional(),
      })
      .loose(),
  ),
});
