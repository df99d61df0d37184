import { ApiError } from "@/lib/api/errors";
import { apiHandler } from "@/lib/api/handler";
import { idParams } from "@/lib/api/queries";
import { publishDetailQuery } from "@/lib/publish/schemas";
import { publishDetail } from "@/lib/publish/service";

export const dynamic = "force-dynamic";

/** One publish: record, progress, plan, each write's outcome (`?operations=false` leaves them out) and its route diff. */
export const GET = apiHandler(
  { route: "/api/v1/publishes/{id}", auth: "viewer", params: idParams, query: publishDetailQuery },
  async ({ params, query }) => {
    const detail = await publishDetail(params.id, { operations: query.operations !== false });
    if (!detail) throw new ApiError("not_found", `Publish ${params.id} does not exist`);
    return Response.json(detail);
  },
);
