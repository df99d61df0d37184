import { apiHandler } from "@/lib/api/handler";
import { entityResponse, listResponse } from "@/lib/api/http";
import { roverListQuery } from "@/lib/api/queries";
import { roverCreateSchema } from "@/lib/api/schemas";
import { auditBy } from "@/lib/db/audit";
import { createRover, listRovers } from "@/lib/db/rovers";

export const dynamic = "force-dynamic";

export const GET = apiHandler(
  { route: "/api/v1/rovers", auth: "viewer", query: roverListQuery },
  async ({ url, query }) => {
    const { limit, offset, ...filter } = query;
    return listResponse(url, await listRovers(filter, { limit, offset }), { limit, offset });
  },
);

export const POST = apiHandler(
  { route: "/api/v1/rovers", auth: "editor", body: roverCreateSchema },
  async ({ body, actor, requestId }) => {
    const rover = await createRover(body, auditBy({ actor, requestId }));
    return entityResponse(rover, { status: 201, headers: { location: `/api/v1/rovers/${rover.id}` } });
  },
);
