import { apiHandler } from "@/lib/api/handler";
import { json, listResponse } from "@/lib/api/http";
import { entitlementListQuery } from "@/lib/api/queries";
import { entitlementCreateSchema } from "@/lib/api/schemas";
import { auditBy } from "@/lib/db/audit";
import { createEntitlement, listEntitlements } from "@/lib/db/entitlements";

export const dynamic = "force-dynamic";

export const GET = apiHandler(
  { route: "/api/v1/entitlements", auth: "viewer", query: entitlementListQuery },
  async ({ url, query }) => {
    const { limit, offset, ...filter } = query;
    return listResponse(url, await listEntitlements(filter, { limit, offset }), { limit, offset });
  },
);

export const POST = apiHandler(
  { route: "/api/v1/entitlements", auth: "editor", body: entitlementCreateSchema },
  async ({ body, actor, requestId }) => {
    const entitlement = await createEntitlement(body, auditBy({ actor, requestId }));
    return json(entitlement, {
      status: 201,
      headers: { location: `/api/v1/entitlements/${entitlement.id}` },
    });
  },
);
