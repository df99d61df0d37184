import { ApiError } from "@/lib/api/errors";
import { apiHandler } from "@/lib/api/handler";
import { tenantParams } from "@/lib/api/queries";
import { servedEndpoints } from "@/lib/db/served";
import { getTenant } from "@/lib/db/tenants";

export const dynamic = "force-dynamic";

/**
 * Per zone and API endpoint, the route Kong would pick for a request carrying this tenant's header
 * (or none: a 404), worked out by the simulator on the current compile.
 */
export const GET = apiHandler(
  { route: "/api/v1/tenants/{name}/routes", auth: "viewer", params: tenantParams },
  async ({ params }) => {
    if (!(await getTenant(params.name))) throw new ApiError("not_found", `Tenant ${params.name} does not exist`);
    const { tenantHeader, endpoints } = await servedEndpoints(params.name);
    return Response.json({ tenant: params.name, tenantHeader, endpoints });
  },
);
