/**
 * The routes of every zone as one list (GET /api/v1/routes) and one route in full
 * (GET /api/v1/zones/{name}/routes/{route}). The list is what the routes page pages through: a
 * large estate has 10,000+ routes, so a row is a summary (no expression, no downstreams, the first
 * few tenants only) and filtering and paging happen here, on the compile result the server keeps.
 */
import { z } from "zod";
import { kongOrder } from "../compiler/simulate";
import type {
  CompileResult,
  CompiledRoute,
  InactiveRoute,
  RouteKind,
  TenantAccess,
  ZoneOutput,
} from "../compiler/types";
import {
  inactiveRouteView,
  routeView,
  routeViewSchema,
  type InactiveRouteView,
  type RouteView,
} from "./derived";
import { paging, q, routeKind } from "./queries";
import { dnsLabel, tenantName } from "./schemas";

/** Tenants shown per row; the detail has them all. */
export const TENANT_PREVIEW = 5;

export interface RouteSummary {
  zone: string;
  name: string;
  kind: RouteKind;
  active: boolean;
  application: string;
  version: string;
  basePath: string;
  endpoint: { methods: string[]; path: string } | null;
  /** null for inactive routes: they are not emitted, so nothing is checked. */
  tenantAccess: TenantAccess | null;
  /** The first TENANT_PREVIEW entitled tenants. */
  tenants: string[];
  tenantCount: number;
  priority: number | null;
  /** 1-based position in the order Kong tries the zone's routes; null when inactive. */
  rank: number | null;
  realm: string | null;
  /** Inactive routes only: why the route is not emitted. */
  reason: string | null;
}

export const routeSearchQuery = z.object({
  zone: dnsLabel("zone").optional(),
  kind: routeKind.optional(),
  application: dnsLabel("application").optional(),
  /** Routes that name the tenant among their entitled tenants. */
  tenant: tenantName.optional(),
  /** Routes Kong would pick for the tenant's requests (lib/api/tenant-serving.ts): who serves it, whatever the tenant lists say. */
  served: tenantName.optional(),
  status: z.enum(["active", "inactive"], { error: "status must be active or inactive" }).optional(),
  q,
  ...paging,
});
export type RouteSearch = z.output<typeof routeSearchQuery>;

export const routeNameParams = z.object({
  name: dnsLabel("Zone name"),
  route: z
    .string()
    .max(255, "Route name must be at most 255 characters")
    .regex(/^[a-z0-9][a-z0-9._-]*$/, "Route name must be lower-case letters, digits, '.', '_' or '-'"),
});

export const routeSummarySchema = z.object({
  zone: z.string(),
  name: z.string(),
  kind: routeKind,
  active: z.boolean(),
  application: z.string(),
  version: z.string(),
  basePath: z.string(),
  endpoint: z.object({ methods: z.array(z.string()), path: z.string() }).nullable(),
  tenantAccess: z.enum(["NONE", "ANY", "ENTITLED"]).nullable(),
  tenants: z.array(z.string()).describe(`The first ${TENANT_PREVIEW} entitled tenants`),
  tenantCount: z.number().int(),
  priority: z.number().int().nullable(),
  rank: z.number().int().nullable().describe("1-based position in Kong's order within the zone"),
  realm: z.string().nullable(),
  reason: z.string().nullable(),
});

interface Indexed {
  summary: RouteSummary;
  /** Everything the text filter looks at, lower-cased once. */
  haystack: string;
  allTenants: readonly string[];
}

const indexCache = new WeakMap<CompileResult, Indexed[]>();

function activeSummary(route: CompiledRoute, rank: number): Indexed {
  return {
    summary: {
      zone: route.zone,
      name: route.name,
      kind: route.kind,
      active: true,
      application: route.application,
      version: route.version,
      basePath: route.basePath,
      endpoint: route.endpoint,
      tenantAccess: route.tenantAccess,
      tenants: route.tenants.slice(0, TENANT_PREVIEW),
      tenantCount: route.tenants.length,
      priority: route.priority,
      rank,
      realm: route.realm,
      reason: null,
    },
    haystack: [
      route.name,
      route.application,
      route.basePath,
      route.endpoint?.path ?? "",
      ...route.downstreams.map((d) => d.host),
    ]
      .join(" ")
      .toLowerCase(),
    allTenants: route.tenants,
  };
}

function inactiveSummary(route: InactiveRoute): Indexed {
  return {
    summary: {
      zone: route.zone,
      name: route.name,
      kind: route.kind,
      active: false,
      application: route.application,
      version: route.version,
      basePath: route.basePath,
      endpoint: route.endpoint,
      tenantAccess: null,
      tenants: [],
      tenantCount: 0,
      priority: null,
      rank: null,
      realm: null,
      reason: route.reason,
    },
    haystack: [route.name, route.application, route.basePath, route.endpoint?.path ?? ""]
      .join(" ")
      .toLowerCase(),
    allTenants: [],
  };
}

/** Zones by name; within a zone Kong's order (priority, then id, descending), then the inactive routes. */
function indexOf(result: CompileResult): Indexed[] {
  let index = indexCache.get(result);
  if (!index) {
    index = [];
    for (const zone of [...result.zones].sort((a, b) => (a.zone < b.zone ? -1 : a.zone > b.zone ? 1 : 0))) {
      kongOrder(zone).forEach(({ route }, i) => index!.push(activeSummary(route, i + 1)));
      for (const route of zone.inactiveRoutes) index.push(inactiveSummary(route));
    }
    indexCache.set(result, index);
  }
  return index;
}

export function searchRoutes(
  result: CompileResult,
  search: RouteSearch,
  /** With `search.served`: the `zone\u0000name` keys of the routes that serve the tenant (servedRouteKeys). */
  served?: ReadonlySet<string>,
): { items: RouteSummary[]; total: number } {
  const needle = search.q?.toLowerCase();
  const matches = indexOf(result).filter(
    ({ summary: s, haystack, allTenants }) =>
      (!search.zone || s.zone === search.zone) &&
      (!search.kind || s.kind === search.kind) &&
      (!search.application || s.application === search.application) &&
      (!search.status || s.active === (search.status === "active")) &&
      (!search.tenant || allTenants.includes(search.tenant)) &&
      (!search.served || (served?.has(`${s.zone}\u0000${s.name}`) ?? false)) &&
      (!needle || haystack.includes(needle)),
  );
  return {
    items: matches.slice(search.offset, search.offset + search.limit).map((m) => m.summary),
    total: matches.length,
  };
}

export const routeDetailSchema = routeViewSchema.extend({
  routeId: z.string().nullable().describe("The Kong route id (UUID v5); null when inactive"),
  rank: z
    .number()
    .int()
    .nullable()
    .describe("1-based position in Kong's order within the zone; null when inactive"),
});

export type RouteDetail =
  (RouteView & { routeId: string; rank: number }) | (InactiveRouteView & { routeId: null; rank: null });

/** One route of a zone with its Kong id and its place in Kong's order, or null. */
export function routeDetail(zone: ZoneOutput, name: string): RouteDetail | null {
  const ordered = kongOrder(zone);
  const at = ordered.findIndex((o) => o.route.name === name);
  if (at >= 0) return { ...routeView(ordered[at].route), routeId: ordered[at].routeId, rank: at + 1 };
  const inactive = zone.inactiveRoutes.find((r) => r.name === name);
  return inactive ? { ...inactiveRouteView(inactive), routeId: null, rank: null } : null;
}
