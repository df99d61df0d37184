import { ApiError } from "@/lib/api/errors";
import { apiHandler } from "@/lib/api/handler";
import { entityResponse, expectedRevision, json } from "@/lib/api/http";
import { cascadeQuery, tenantParams } from "@/lib/api/queries";
import { tenantUpdateSchema } from "@/lib/api/schemas";
import { auditBy } from "@/lib/db/audit";
import { deleteTenant, getTenant, updateTenant } from "@/lib/db/tenants";

export const dynamic = "force-dynamic";

const route = "/api/v1/tenants/{name}";

export const GET = apiHandler({ route, auth: "viewer", params: tenantParams }, async ({ params }) => {
  const tenant = await getTenant(params.name);
  if (!tenant) throw new ApiError("not_found", `Tenant ${params.name} does not exist`);
  return entityResponse(tenant);
});

export const PATCH = apiHandler(
  { route, auth: "editor", params: tenantParams, body: tenantUpdateSchema },
  async ({ req, params, body, actor, requestId }) => {
    const { revision, ...changes } = body;
    return entityResponse(
      await updateTenant(
        params.name,
        changes,
        expectedRevision(req, revision),
        auditBy({ actor, requestId }),
      ),
    );
  },
);

export const DELETE = apiHandler(
  { route, auth: "editor", params: tenantParams, query: cascadeQuery },
  async ({ params, query, actor, requestId }) =>
    json(await deleteTenant(params.name, { cascade: query.cascade ?? false }, auditBy({ actor, requestId }))),
);
