import { expect, type APIRequestContext } from "@playwright/test";

/**
 * Test data goes in through the public API, the way an outside tool would, with names unique to
 * each test so journeys never depend on each other or on the demo seed.
 */
export function uniqueName(prefix: string): string {
  const suffix = `${Date.now().toString(36)}${Math.floor(Math.random() * 1296).toString(36)}`;
  return `${prefix}-${suffix}`.slice(0, 40);
}

/** Tenant names allow `_` but not `-`. */
export const uniqueTenant = (prefix: string) => uniqueName(prefix).replace(/-/g, "_");

/**
 * Where the journeys' Kong answers: the stand-in e2e-server starts (--e2e, Admin API 8101), or the
 * dev command's (8001) when E2E_BASE_URL points at a running dev server.
 */
const KONG_ADMIN_BASE =
  process.env.SWITCHYARD_KONG_ADMIN_BASE ??
  (process.env.E2E_BASE_URL ? "http://127.0.0.1:8001" : "http://127.0.0.1:8101");

export async function createZone(
  request: APIRequestContext,
  name: string,
  overrides: Record<string, unknown> = {},
) {
  const res = await request.post("/api/v1/zones", {
    data: {
      name,
      visibility: "ENTERPRISE",
      gatewayUrl: `https://${name}.gw.e2e.example.com`,
      identityProviderUrl: `https://iam.${name}.e2e.example.com`,
      kongAdminUrl: `${KONG_ADMIN_BASE}/${name}`,
      ...overrides,
    },
  });
  expect(res.status(), await res.text()).toBe(201);
  return (await res.json()) as { name: string; revision: number };
}

export async function createTenant(request: APIRequestContext, name: string) {
  const res = await request.post("/api/v1/tenants", { data: { name, description: "e2e tenant" } });
  expect(res.status(), await res.text()).toBe(201);
}

export async function createRover(request: APIRequestContext, body: Record<string, unknown>) {
  const res = await request.post("/api/v1/rovers", { data: body });
  expect(res.status(), await res.text()).toBe(201);
  return (await res.json()) as { id: string };
}

export async function deleteRover(request: APIRequestContext, id: string): Promise<void> {
  const res = await request.delete(`/api/v1/rovers/${id}`);
  expect([204, 404], await res.text()).toContain(res.status());
}

export async function entitlementsOf(request: APIRequestContext, application: string) {
  const res = await request.get(`/api/v1/entitlements?application=${application}&limit=500`);
  expect(res.ok()).toBeTruthy();
  const items = (await res.json()) as Array<{ tenant: string; version: string }>;
  return items.map((e) => `${e.tenant}@${e.version}`).sort();
}
