/**
 * Random estates for the data-plane conformance test: values inside lib/domain/rules.ts, with the
 * shapes the path contract cares about — gateway URLs with and without a base path (one with a
 * trailing slash and a port), DTC URLs with and without a path, exposures with and without
 * `stripBasePath`, upstream URLs with and without a path.
 *
 * Every host is distinct per zone: the stand-in plays every zone's Kong on one proxy port and tells
 * them apart by Host, so two zones sharing a gateway host (fine behind a real path-routing load
 * balancer) could not both be reached. Upstream hosts end in suffixes the stand-in echoes
 * (`.internal`, `.local`, `.example.org`) and never start with a zone name, so an upstream is never
 * mistaken for another zone's gateway.
 */
import fc from "fast-check";
import { endpointArb } from "../../lib/compiler/test-support/arbitraries";
import { ISSUER_PLUGIN_NAMES } from "../../lib/compiler";
import type { EndpointInput, ExposureInput, RoverInput, Snapshot, ZoneInput } from "../../lib/compiler/types";

/** The exposure option of the path contract; optional until every producer knows it. */
export type ContractExposure = ExposureInput & { stripBasePath: boolean };
export type ContractRover = Omit<RoverInput, "exposures"> & { exposures: ContractExposure[] };
export type Estate = Omit<Snapshot, "rovers"> & { rovers: ContractRover[] };

export const ZONE_COUNT = { min: 2, max: 5 };
export const APPS = ["orders", "billing", "caps", "stock"] as const;
export const VERSIONS = ["1.0.0", "2.0.0", "2.1.0-rc.1"] as const;
export const TENANTS = ["diku", "college", "test", "university", "t_1"] as const;
/** A valid tenant name nobody is ever entitled to: the "wrong tenant" near miss. */
export const STRANGER = "nobody";
/**
 * Base paths nest (`/orders` and `/orders/v2`) and hold `.`, `_`, `-` inside segments. None starts
 * with a segment of a gateway or DTC path, so which realm entry a request came through is never
 * ambiguous.
 */
export const BASE_PATHS = ["/orders", "/orders/v2", "/billing", "/caps", "/a.b", "/x_y/z-1"] as const;

const zoneName = (n: number) => `zone-${n}`;

function zoneArb(n: number): fc.Arbitrary<ZoneInput> {
  const name = zoneName(n);
  return fc.record({
    name: fc.constant(name),
    visibility: fc.constantFrom("WORLD" as const, "ENTERPRISE" as const),
    gatewayUrl: fc.constantFrom(
      `https://${name}.gw.example.com`,
      `https://gw-${n}.example.com/zone-0${n}`,
      `http://gw-${n}.example.net:8000/edge/`,
    ),
    identityProviderUrl: fc.constant(`https://idp-${n}.example.com`),
    dtcUrl: fc.constantFrom(null, `https://dtc-${n}.example.com`, `https://dtc-${n}.example.com/gtm-0${n}`),
    enforceIssuers: fc.boolean(),
  });
}

const UPSTREAM_HOSTS = [
  "blue.internal:8081",
  "green.internal",
  "svc.cluster.local:8080",
  "edge.example.org",
] as const;

/** Several upstreams share protocol and path (a Kong upstream balances host:port only). */
function upstreamsArb(app: string): fc.Arbitrary<ExposureInput["upstreams"]> {
  return fc
    .record({
      scheme: fc.constantFrom("http", "https"),
      path: fc.constantFrom("", "/api", "/svc/v1/"),
      hosts: fc.uniqueArray(fc.constantFrom(...UPSTREAM_HOSTS), { minLength: 1, maxLength: 3 }),
      weights: fc.array(fc.integer({ min: 1, max: 100 }), { minLength: 3, maxLength: 3 }),
    })
    .map(({ scheme, path, hosts, weights }) =>
      hosts.map((h, i) => ({ url: `${scheme}://${app}-${h}${path}`, weight: weights[i] })),
    );
}

function exposureArb(app: string): fc.Arbitrary<ContractExposure> {
  return fc.record({
    basePath: fc.constantFrom(...BASE_PATHS),
    upstreams: upstreamsArb(app),
    visibility: fc.constantFrom("WORLD" as const, "ENTERPRISE" as const, "ZONE" as const),
    tenantAccess: fc.constantFrom("NONE" as const, "ANY" as const, "ENTITLED" as const),
    endpoints: fc.oneof(
      fc.constant<EndpointInput[]>([]),
      fc.array(endpointArb, { minLength: 1, maxLength: 3 }),
    ),
    stripBasePath: fc.boolean(),
  });
}

function roverArb(zones: readonly string[]): fc.Arbitrary<Omit<ContractRover, "id">> {
  return fc.constantFrom(...APPS).chain((name) =>
    fc.record({
      name: fc.constant(name),
      version: fc.constantFrom(...VERSIONS),
      zone: fc.constantFrom(...zones),
      failoverEnabled: fc.boolean(),
      exposures: fc.uniqueArray(exposureArb(name), { maxLength: 3, selector: (e) => e.basePath }),
      subscriptions: fc.uniqueArray(
        fc.record({
          basePath: fc.constantFrom(...BASE_PATHS, "/nobody-exposes"),
          approved: fc.oneof(fc.constant(true), fc.constant(true), fc.constant(false)),
        }),
        { maxLength: 3, selector: (s) => s.basePath },
      ),
    }),
  );
}

export const estateArb: fc.Arbitrary<Estate> = fc.integer(ZONE_COUNT).chain((count) => {
  const numbers = Array.from({ length: count }, (_, i) => i + 1);
  const names = numbers.map(zoneName);
  return fc.record({
    settings: fc.record({
      environment: fc.constantFrom("default", "prod"),
      tenantHeader: fc.constantFrom("x-okapi-tenant", "x-tenant"),
      issuerPlugin: fc.constantFrom(...ISSUER_PLUGIN_NAMES),
    }),
    zones: fc.tuple(...numbers.map(zoneArb)),
    rovers: fc
      .uniqueArray(roverArb(names), {
        minLength: 2,
        maxLength: 8,
        selector: (r) => `${r.name}@${r.version}@${r.zone}`,
      })
      .map((rovers) => rovers.map((r, i): ContractRover => ({ ...r, id: `rover-${i}` }))),
    entitlements: fc.uniqueArray(
      fc.record({
        tenant: fc.constantFrom(...TENANTS),
        application: fc.constantFrom(...APPS),
        version: fc.constantFrom(...VERSIONS),
      }),
      { maxLength: 10, selector: (e) => `${e.tenant}@${e.application}@${e.version}` },
    ),
  });
});

/** One line per zone and rover: what a shrunk counterexample needs to be read and replayed. */
export function describeEstate(estate: Estate): string {
  const { environment, tenantHeader, issuerPlugin } = estate.settings;
  const lines = [
    `settings: environment ${environment}, tenant header ${tenantHeader}, issuer plugin ${issuerPlugin ?? "default"}`,
  ];
  for (const z of estate.zones) {
    lines.push(
      `zone ${z.name} ${z.visibility} gateway ${z.gatewayUrl} dtc ${z.dtcUrl ?? "-"}${z.enforceIssuers ? " issuers" : ""}`,
    );
  }
  for (const r of estate.rovers) {
    lines.push(`rover ${r.id} ${r.name}@${r.version} in ${r.zone}${r.failoverEnabled ? " failover" : ""}`);
    for (const e of r.exposures) {
      const endpoints = e.endpoints.map((p) => `${p.methods.join("|")} ${p.path}`).join(", ");
      lines.push(
        `  exposes ${e.basePath} ${e.visibility} ${e.tenantAccess}${e.stripBasePath ? " stripBasePath" : ""} → ${e.upstreams.map((u) => `${u.url} (${u.weight})`).join(", ")}${endpoints ? ` endpoints: ${endpoints}` : ""}`,
      );
    }
    for (const s of r.subscriptions)
      lines.push(`  subscribes ${s.basePath}${s.approved ? "" : " (not approved)"}`);
  }
  if (estate.entitlements.length > 0)
    lines.push(
      `entitlements: ${estate.entitlements.map((e) => `${e.tenant}→${e.application}@${e.version}`).join(", ")}`,
    );
  return lines.join("\n");
}
