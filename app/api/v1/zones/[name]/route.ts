import { requireRole } from "@/lib/api/auth";
import { ApiError } from "@/lib/api/errors";
import { apiHandler } from "@/lib/api/handler";
import { entityResponse, expectedRevision, json } from "@/lib/api/http";
import { cascadeQuery, zoneParams } from "@/lib/api/queries";
import { zoneUpdateSchema } from "@/lib/api/schemas";
import { auditBy } from "@/lib/db/audit";
import { deleteZone, getZone, updateZone } from "@/lib/db/zones";

export const dynamic = "force-dynamic";

const route = "/api/v1/zones/{name}";

export const GET = apiHandler({ route, auth: "viewer", params: zoneParams }, async ({ params }) => {
  const zone = await getZone(params.name);
  if (!zone) throw new ApiError("not_found", `Zone ${params.name} does not exist`);
  return entityResponse(zone);
});

export const PATCH = apiHandler(
  { route, auth: "editor", params: zoneParams, body: zoneUpdateSchema },
  async ({ req, params, body, actor, requestId }) => {
    const { revision, ...changes } = body;
    // Kong credentials are an administrator's: an editor changes the rest of the zone. The admin URL
    // is where the stored token is sent and where the server sends requests on every drift check and
    // dry run, so moving it is an administrator's too — decided inside the update's transaction.
    if (changes.kongAdminToken !== undefined) requireRole(actor, "admin", "Changing a Kong admin token");
    return entityResponse(
      await updateZone(params.name, changes, expectedRevision(req, revision), auditBy({ actor, requestId }), {
        authorizeKongAdminUrlChange: () => requireRole(actor, "admin", "Changing a zone's Kong admin URL"),
      }),
    );
  },
);

export const DELETE = apiHandler(
  { route, auth: "editor", params: zoneParams, query: cascadeQuery },
  async ({ params, query, actor, requestId }) =>
    json(await deleteZone(params.name, { cascade: query.cascade ?? false }, auditBy({ actor, requestId }))),
);
