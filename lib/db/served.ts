import "server-only";
import { createTenantServing, servedRouteKeys, type TenantEndpoint } from "../api/tenant-serving";
import { compiledEstate } from "./compiled";
import { getSettings } from "./settings";

const globalForServed = globalThis as unknown as {
  switchyardServed?: ReturnType<typeof createTenantServing>;
};
const serving = (globalForServed.switchyardServed ??= createTenantServing());

/** What every zone's endpoints answer for the tenant, simulated on the cached compile. */
export async function servedEndpoints(tenant: string): Promise<{ tenantHeader: string; endpoints: TenantEndpoint[] }> {
  const [compiled, settings] = await Promise.all([compiledEstate(), getSettings()]);
  return { tenantHeader: settings.tenantHeader, endpoints: serving(compiled, settings.tenantHeader, tenant) };
}

/** The routes that serve the tenant somewhere (`zone\u0000name`), for the routes list's `served` filter. */
export async function servedRoutes(tenant: string): Promise<Set<string>> {
  return servedRouteKeys((await servedEndpoints(tenant)).endpoints);
}
