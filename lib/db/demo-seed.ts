import "server-only";
import {
  entitlementCreateSchema,
  roverCreateSchema,
  tenantCreateSchema,
  zoneCreateSchema,
} from "../api/schemas";
import { applyEntitlementBatch } from "./entitlements";
import { prisma } from "./prisma";
import { createRover } from "./rovers";
import { createTenant } from "./tenants";
import { createZone } from "./zones";

/**
 * The demo estate, told after the two source designs:
 *
 * - Dynamic Traffic Control: the orders API lives in eu-central; billing (eu-west) subscribes with
 *   failover enabled, so /orders moves to the `dtc` realm and eu-north — DTC-eligible but with no
 *   subscriber — serves it as a failover zone. shipping (ap-south, no DTC URL) subscribes without
 *   failover. storefront in us-east (a WORLD zone) is refused by the ENTERPRISE exposure, and the
 *   preview says why instead of dropping it.
 * - Version-specific routes: mod-capabilities 1.0.0 and 2.0.0 both serve GET /capabilities in
 *   eu-central; 1.0.0 takes any tenant, 2.0.0 only the tenants entitled to it (diku, college,
 *   test). The spike lost tenants and let 1.0.0's looser route shadow 2.0.0's; here university
 *   reaches 1.0.0 and the entitled tenants reach 2.0.0.
 *
 * Everything goes through the data layer with the API's schemas, so the demo obeys the same rules.
 */
// Where the demo zones' Kong lives: the stand-in the dev command (admin port 8001) or the Playwright
// server (8101) starts; they set SWITCHYARD_KONG_ADMIN_BASE to the one they actually started.
const KONG_STAND_IN = (process.env.SWITCHYARD_KONG_ADMIN_BASE ?? "http://127.0.0.1:8001").replace(/\/+$/, "");

const zone = (name: string, visibility: "WORLD" | "ENTERPRISE", dtc: boolean, enforceIssuers = true) =>
  zoneCreateSchema.parse({
    name,
    visibility,
    gatewayUrl: `https://${name}.gw.example.com`,
    identityProviderUrl: `https://iam.${name}.example.com`,
    dtcUrl: dtc ? `https://${name}.dtc.example.com` : null,
    enforceIssuers,
    // The stand-in serves every zone's Admin API under its own path; a real Kong is one setting away.
    kongAdminUrl: `${KONG_STAND_IN}/${name}`,
  });

const ZONES = [
  zone("eu-central", "ENTERPRISE", true),
  zone("eu-west", "ENTERPRISE", true),
  zone("eu-north", "ENTERPRISE", true),
  zone("us-east", "WORLD", true, false),
  zone("ap-south", "ENTERPRISE", false),
];

const capabilityEndpoints = [
  { methods: ["GET"], path: "/" },
  { methods: ["GET"], path: "/{id}" },
];

const ROVERS = [
  {
    name: "orders",
    version: "1.4.2",
    zone: "eu-central",
    exposures: [
      {
        basePath: "/orders",
        upstreams: [
          { url: "http://orders.eu-central.svc.cluster.local:8080/api", weight: 50 },
          { url: "http://orders-canary.eu-central.svc.cluster.local:8080/api", weight: 50 },
        ],
        visibility: "ENTERPRISE",
        tenantAccess: "NONE",
      },
    ],
  },
  {
    name: "billing",
    version: "2.1.0",
    zone: "eu-west",
    failoverEnabled: true,
    subscriptions: [{ basePath: "/orders", approved: true }],
  },
  {
    name: "shipping",
    version: "1.4.0",
    zone: "ap-south",
    subscriptions: [
      { basePath: "/orders", approved: true },
      // Requested but not yet approved: no route until someone approves it.
      { basePath: "/capabilities", approved: false },
    ],
  },
  {
    name: "storefront",
    version: "3.0.0",
    zone: "us-east",
    subscriptions: [{ basePath: "/orders", approved: true }],
  },
  {
    name: "mod-capabilities",
    version: "1.0.0",
    zone: "eu-central",
    exposures: [
      {
        basePath: "/capabilities",
        upstreams: [{ url: "http://mod-capabilities-v1.eu-central.svc.cluster.local:8081" }],
        visibility: "WORLD",
        tenantAccess: "ANY",
        endpoints: capabilityEndpoints,
      },
    ],
  },
  {
    name: "mod-capabilities",
    version: "2.0.0",
    zone: "eu-central",
    exposures: [
      {
        basePath: "/capabilities",
        upstreams: [
          { url: "http://mod-capabilities-v2-blue.eu-central.svc.cluster.local:8081", weight: 80 },
          { url: "http://mod-capabilities-v2-green.eu-central.svc.cluster.local:8081", weight: 20 },
        ],
        visibility: "WORLD",
        tenantAccess: "ENTITLED",
        endpoints: capabilityEndpoints,
      },
    ],
  },
].map((r) => roverCreateSchema.parse(r));

const TENANTS = [
  { name: "diku", description: "Library consortium, moved to mod-capabilities 2.0.0" },
  { name: "college", description: "College library, moved to mod-capabilities 2.0.0" },
  { name: "test", description: "Test tenant for release checks" },
  { name: "university", description: "University library, still on mod-capabilities 1.0.0" },
].map((t) => tenantCreateSchema.parse(t));

const ENTITLEMENTS = ["diku", "college", "test"].map((tenant) =>
  entitlementCreateSchema.parse({ tenant, application: "mod-capabilities", version: "2.0.0" }),
);

export interface SeedResult {
  seeded: boolean;
  zones: number;
  rovers: number;
  tenants: number;
  entitlements: number;
}

/** Seeds the demo estate into an empty database (no zones); leaves any other database untouched. */
export async function seedDemoData(): Promise<SeedResult> {
  if ((await prisma.zone.count()) > 0)
    return { seeded: false, zones: 0, rovers: 0, tenants: 0, entitlements: 0 };
  // The demo data enters the audit trail like any change, by the actor "seed".
  const by = { actor: "seed", requestId: null };
  for (const z of ZONES) await createZone(z, by);
  for (const r of ROVERS) await createRover(r, by);
  for (const t of TENANTS) await createTenant(t, by);
  const { granted } = await applyEntitlementBatch({ grant: ENTITLEMENTS, revoke: [] }, by);
  return {
    seeded: true,
    zones: ZONES.length,
    rovers: ROVERS.length,
    tenants: TENANTS.length,
    entitlements: granted,
  };
}
