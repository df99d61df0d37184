import { requireRole } from "@/lib/api/auth";
import { apiHandler } from "@/lib/api/handler";
import { entityResponse, listResponse } from "@/lib/api/http";
import { zoneListQuery } from "@/lib/api/queries";
import { zoneCreateSchema } from "@/lib/api/schemas";
import { auditBy } from "@/lib/db/audit";
import { createZone, listZones } from "@/lib/db/zones";

export const dynamic = "force-dynamic";

export const GET = apiHandler(
  { route: "/api/v1/zones", auth: "viewer", query: zoneListQuery },
  async ({ url, query }) => {
    const { limit, offset, ...filter } = query;
    return listResponse(url, await listZones(filter, { limit, offset }), { limit, offset });
  },
);

export const POST = apiHandler(
  { route: "/api/v1/zones", auth: "editor", body: zoneCreateSchema },
  async ({ body, actor, requestId }) => {
    // Kong credentials are an administrator's (issue #6): editors create zones without a token. The
    // Kong admin URL of a new zone only has to be inside SWITCHYARD_KONG_ADMIN_ALLOW (checked by
    // createZone): no credential goes there, and the allowlist is the network boundary. Changing it
    // later is an administrator's (PATCH), since a zone by then has a history and maybe a token.
    if (body.kongAdminToken !== undefined) requireRole(actor, "admin", "Setting a Kong admin token");
    const zone = await createZone(body, auditBy({ actor, requestId }));
    return entityResponse(zone, { status: 201, headers: { location: `/api/v1/zones/${zone.name}` } });
  },
);
