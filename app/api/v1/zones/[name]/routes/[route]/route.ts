import { ApiError } from "@/lib/api/errors";
import { apiHandler } from "@/lib/api/handler";
import { json } from "@/lib/api/http";
import { routeDetail, routeNameParams } from "@/lib/api/route-list";
import { compiledZone } from "@/lib/db/compiled";

export const dynamic = "force-dynamic";

/** One route of a zone in full (expression, priority parts, downstreams, upstream, reasons), active or inactive. */
export const GET = apiHandler(
  { route: "/api/v1/zones/{name}/routes/{route}", auth: "viewer", params: routeNameParams },
  async ({ params }) => {
    const zone = await compiledZone(params.name);
    if (!zone) throw new ApiError("not_found", `Zone ${params.name} does not exist`);
    const route = routeDetail(zone, params.route);
    if (!route) throw new ApiError("not_found", `Zone ${params.name} has no route ${params.route}`);
    return json(route);
  },
);
