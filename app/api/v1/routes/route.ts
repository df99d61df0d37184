import { apiHandler } from "@/lib/api/handler";
import { routeSearchQuery, searchRoutes } from "@/lib/api/route-list";
import { compiledEstate } from "@/lib/db/compiled";

export const dynamic = "force-dynamic";

/**
 * Every zone's routes as one paged list of summaries (zones by name, each in Kong's order, then
 * its inactive routes), filtered by zone, kind, application, tenant, status and text.
 */
export const GET = apiHandler(
  { route: "/api/v1/routes", auth: "viewer", query: routeSearchQuery },
  async ({ query }) => {
    const { items, total } = searchRoutes(await compiledEstate(), query);
    return Response.json(items, { headers: { "x-total-count": String(total) } });
  },
);
