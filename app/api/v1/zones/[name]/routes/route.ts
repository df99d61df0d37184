import { inactiveRouteView, routeView, type InactiveRouteView, type RouteView } from "@/lib/api/derived";
import { ApiError } from "@/lib/api/errors";
import { apiHandler } from "@/lib/api/handler";
import { zoneParams, routeListQuery } from "@/lib/api/queries";
import { compiledZone } from "@/lib/db/compiled";

export const dynamic = "force-dynamic";

/**
 * A zone's routes in Kong's evaluation order (the compiler's order). Unlike entity lists this
 * returns every route unless `limit` is given: the route table is one derived document, and
 * X-Total-Count still tells its size. `?inactive=true` appends the routes the rules call for
 * but that are not emitted (with why).
 */
export const GET = apiHandler(
  { route: "/api/v1/zones/{name}/routes", auth: "viewer", params: zoneParams, query: routeListQuery },
  async ({ params, query }) => {
    const zone = await compiledZone(params.name);
    if (!zone) throw new ApiError("not_found", `Zone ${params.name} does not exist`);
    const needle = query.q?.toLowerCase();
    const keep = (r: { name: string; basePath: string; kind: string; application: string }) =>
      (!query.kind || r.kind === query.kind) &&
      (!needle ||
        r.name.toLowerCase().includes(needle) ||
        r.basePath.includes(needle) ||
        r.application.includes(needle));
    const routes: (RouteView | InactiveRouteView)[] = zone.routes.filter(keep).map(routeView);
    if (query.inactive) routes.push(...zone.inactiveRoutes.filter(keep).map(inactiveRouteView));
    const page =
      query.limit === undefined
        ? routes.slice(query.offset)
        : routes.slice(query.offset, query.offset + query.limit);
    return Response.json(page, { headers: { "x-total-count": String(routes.length) } });
  },
);
