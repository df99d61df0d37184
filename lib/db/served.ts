import "server-only";
import { createTenantServing, type TenantEndpoint } from "../api/tenant-serving";
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
