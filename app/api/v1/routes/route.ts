import { apiHandler } from "@/lib/api/handler";
import { routeSearchQuery, searchRoutes } from "@/lib/api/route-list";
import { compiledEstate } from "@/lib/db/compiled";
import { servedRoutes } from "@/lib/db/served";

export const dynamic = "force-dynamic";

/**
 * Every zone's routes as one paged list of summaries (zones by name, each in Kong's order, then
 * its inactive routes), filtered by zone, kind, application, entitled tenant, served tenant (the
 * routes the simulator picks for the tenant's requests), status and text.
 */
export const GET = apiHandler(
  { route: "/api/v1/routes", auth: "viewer", query: routeSearchQuery },
  async ({ query }) => {
    const served = query.served ? await servedRoutes(query.served) : undefined;
    const { items, total } = searchRoutes(await compiledEstate(), query, served);
    return Response.json(items, { headers: { "x-total-count": String(total) } });
  },
);
