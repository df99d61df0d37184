import { apiHandler } from "@/lib/api/handler";
import { entityResponse, listResponse } from "@/lib/api/http";
import { tenantListQuery } from "@/lib/api/queries";
import { tenantCreateSchema } from "@/lib/api/schemas";
import { auditBy } from "@/lib/db/audit";
import { createTenant, listTenants } from "@/lib/db/tenants";

export const dynamic = "force-dynamic";

export const GET = apiHandler(
  { route: "/api/v1/tenants", auth: "viewer", query: tenantListQuery },
  async ({ url, query }) => {
    const { limit, offset, ...filter } = query;
    return listResponse(url, await listTenants(filter, { limit, offset }), { limit, offset });
  },
);

export const POST = apiHandler(
  { route: "/api/v1/tenants", auth: "editor", body: tenantCreateSchema },
  async ({ body, actor, requestId }) => {
    const tenant = await createTenant(body, auditBy({ actor, requestId }));
    return entityResponse(tenant, { status: 201, headers: { location: `/api/v1/tenants/${tenant.name}` } });
  },
);
