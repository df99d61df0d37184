/** fast-check generators of valid estates (values that pass lib/domain/rules.ts). */
import fc from "fast-check";
import { HTTP_METHODS } from "../../domain/rules";
import type { EndpointInput, ExposureInput, RoverInput, Snapshot, ZoneInput } from "../types";

const ZONE_NAMES = ["zone-a", "zone-b", "zone-c", "zone-d", "zone-e"];
const APPS = ["orders", "billing", "capabilities", "users"];
const VERSIONS = ["1.0.0", "1.1.0", "2.0.0-rc.1", "2.0.0"];
const TENANTS = ["diku", "college", "test", "university", "t_1"];
const BASE_PATHS = ["/orders", "/orders/v2", "/capabilities", "/users", "/a.b", "/x_y/z-1"];
const LITERAL_SEGMENTS = ["items", "v1.2", "a_b", "x-y", "~t", "ID"];

const segment = fc.oneof(fc.constantFrom(...LITERAL_SEGMENTS), fc.constantFrom("{id}", "{item_id}"));

export const endpointArb: fc.Arbitrary<EndpointInput> = fc.record({
  methods: fc.uniqueArray(fc.constantFrom(...HTTP_METHODS), { minLength: 1, maxLength: 3 }),
  path: fc.oneof(
    fc.constant("/"),
    fc.constant("/*"),
    fc.tuple(fc.array(segment, { minLength: 1, maxLength: 3 }), fc.constantFrom("", "*", "/*")).map(([segs, tail]) => `/${segs.join("/")}${tail}`),
  ),
});

const exposureArb: fc.Arbitrary<ExposureInput> = fc.record({
  basePath: fc.constantFrom(...BASE_PATHS),
  upstreams: fc.array(
    fc.record({ url: fc.constantFrom("http://svc-a:8080", "https://svc-b.example.com/api", "http://10.0.0.1:81/x"), weight: fc.integer({ min: 1, max: 100 }) }),
    { minLength: 1, maxLength: 3 },
  ),
  visibility: fc.constantFrom("WORLD", "ENTERPRISE", "ZONE"),
  tenantAccess: fc.constantFrom("NONE", "ANY", "ENTITLED"),
  endpoints: fc.oneof(fc.constant<EndpointInput[]>([]), fc.array(endpointArb, { maxLength: 3 })),
  stripBasePath: fc.boolean(),
});

function zoneArb(name: string): fc.Arbitrary<ZoneInput> {
  return fc.record({
    name: fc.constant(name),
    visibility: fc.constantFrom("WORLD", "ENTERPRISE"),
    gatewayUrl: fc.constantFrom(`https://gw.${name}.example.com`, `https://gw.example.com/${name}`, `http://${name}.example.com:8000/gw/`),
    identityProviderUrl: fc.constantFrom(`https://idp.${name}.example.com`, "https://idp.example.com/"),
    dtcUrl: fc.constantFrom(null, `https://dtc.${name}.example.com`, `https://dtc.example.com/${name}`),
    enforceIssuers: fc.boolean(),
  });
}

export const snapshotArb: fc.Arbitrary<Snapshot> = fc
  .integer({ min: 1, max: ZONE_NAMES.length })
  .chain((zoneCount) => {
    const names = ZONE_NAMES.slice(0, zoneCount);
    const roverArb: fc.Arbitrary<Omit<RoverInput, "id">> = fc.record({
      name: fc.constantFrom(...APPS),
      version: fc.constantFrom(...VERSIONS),
      zone: fc.constantFrom(...names),
      failoverEnabled: fc.boolean(),
      exposures: fc.uniqueArray(exposureArb, { maxLength: 2, selector: (e) => e.basePath }),
      subscriptions: fc.uniqueArray(fc.record({ basePath: fc.constantFrom(...BASE_PATHS, "/nobody"), approved: fc.boolean() }), {
        maxLength: 3,
        selector: (s) => s.basePath,
      }),
    });
    return fc.record({
      settings: fc.record({ environment: fc.constantFrom("default", "prod"), tenantHeader: fc.constantFrom("x-okapi-tenant", "X-Tenant") }),
      zones: fc.tuple(...names.map(zoneArb)),
      rovers: fc
        .uniqueArray(roverArb, { maxLength: 6, selector: (r) => `${r.name}@${r.version}@${r.zone}` })
        .map((rovers) => rovers.map((r, i) => ({ ...r, id: `rover-${i}` }))),
      entitlements: fc.array(
        fc.record({ tenant: fc.constantFrom(...TENANTS), application: fc.constantFrom(...APPS), version: fc.constantFrom(...VERSIONS) }),
        { maxLength: 12 },
      ),
    });
  });
