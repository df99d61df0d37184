import { expect } from "vitest";
import * as zones from "@/app/api/v1/zones/route";
import { post } from "./http";

/**
 * A zone whose Kong is `kongAdminUrl` (a stand-in node, usually), created through the real API: the
 * set-up every publish test needs. Issuer enforcement is off unless asked for, since a stock node
 * lacks the demo's jwt-keycloak.
 */
export async function createKongZone(name: string, kongAdminUrl: string, options: { enforceIssuers?: boolean } = {}): Promise<void> {
  const res = await post(zones.POST, "/api/v1/zones", {
    body: {
      name,
      visibility: "ENTERPRISE",
      gatewayUrl: `https://${name}.gw.example.com`,
      identityProviderUrl: `https://iam.${name}.example.com`,
      enforceIssuers: options.enforceIssuers ?? false,
      kongAdminUrl,
    },
  });
  expect(res.status, res.text).toBe(201);
}
