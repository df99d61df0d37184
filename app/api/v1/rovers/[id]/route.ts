import { ApiError } from "@/lib/api/errors";
import { apiHandler } from "@/lib/api/handler";
import { entityResponse, expectedRevision } from "@/lib/api/http";
import { idParams } from "@/lib/api/queries";
import { roverUpdateSchema } from "@/lib/api/schemas";
import { auditBy } from "@/lib/db/audit";
import { deleteRover, getRover, updateRover } from "@/lib/db/rovers";

export const dynamic = "force-dynamic";

const route = "/api/v1/rovers/{id}";

export const GET = apiHandler({ route, auth: "viewer", params: idParams }, async ({ params }) => {
  const rover = await getRover(params.id);
  if (!rover) throw new ApiError("not_found", `Rover ${params.id} does not exist`);
  return entityResponse(rover);
});

export const PATCH = apiHandler(
  { route, auth: "editor", params: idParams, body: roverUpdateSchema },
  async ({ req, params, body, actor, requestId }) => {
    const { revision, ...changes } = body;
    return entityResponse(
      await updateRover(params.id, changes, expectedRevision(req, revision), auditBy({ actor, requestId })),
    );
  },
);

export const DELETE = apiHandler(
  { route, auth: "editor", params: idParams },
  async ({ params, actor, requestId }) => {
    await deleteRover(params.id, auditBy({ actor, requestId }));
    return new Response(null, { status: 204 });
  },
);
