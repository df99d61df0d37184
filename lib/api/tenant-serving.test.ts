import { describe, expect, it } from "vitest";
import { createCompiler } from "../compiler";
import { demoSnapshot } from "../compiler/fixtures/demo";
import { largeEstate, LARGE_ESTATE_TENANTS } from "../compiler/fixtures/large-estate";
import { simulate } from "../compiler/simulate";
import { createTenantServing, servedRouteKeys, tenantEndpoints } from "./tenant-serving";

const HEADER = "x-okapi-tenant";

describe("tenantEndpoints", () => {
  const result = createCompiler().compile(demoSnapshot());
  const central = result.zones.find((z) => z.zone === "zone-a")!;

  it("answers each endpoint of a zone as the simulator does for the tenant: university on 1.0.0's ANY routes, diku on 2.0.0", () => {
    const root = (tenant: string) =>
      tenantEndpoints(central, HEADER, tenant).find((e) => e.basePath === "/capabilities" && e.endpoint?.path === "/")!;
    expect(root("university")).toMatchObject({ request: { method: "GET", path: "/capabilities" }, servedBy: { version: "1.0.0", kind: "real" } });
    expect(root("diku").servedBy).toMatchObject({ version: "2.0.0" });
    // Without the header the ANY route does not match either: no route.
    expect(tenantEndpoints(central, "x-other-header", "diku").find((e) => e.basePath === "/capabilities")!.servedBy).toBeNull();
  });

  it("only probes the base paths asked for", () => {
    const only = tenantEndpoints(central, HEADER, "diku", new Set(["/orders"]));
    expect(only.length).toBeGreaterThan(0);
    expect(only.every((e) => e.basePath === "/orders")).toBe(true);
  });

  it("picks what a simulation against the whole zone picks, on a generated estate (the candidate pre-filter drops no possible match)", () => {
    const options = { zones: 4, dtcEligibleZones: 2, applications: 40, endpoints: 600, tenants: 30, entitlements: 300 };
    const snapshot = largeEstate(options);
    const estate = createCompiler().compile(snapshot);
    const tenants = LARGE_ESTATE_TENANTS(options);
    for (const zone of estate.zones) {
      for (const tenant of [tenants[0], tenants[tenants.length - 1], "nobody"]) {
        for (const e of tenantEndpoints(zone, snapshot.settings.tenantHeader, tenant)) {
          const whole = simulate(zone, { ...e.request, headers: { [snapshot.settings.tenantHeader]: tenant } });
          expect(e.servedBy?.name ?? null, `${zone.zone} ${tenant} ${e.request.path}`).toBe(whole.matched?.name ?? null);
        }
      }
    }
  });
});

describe("createTenantServing", () => {
  it("keeps one answer per compile and tenant, and lists the routes that serve someone", () => {
    const result = createCompiler().compile(demoSnapshot());
    const serving = createTenantServing();
    const first = serving(result, HEADER, "university");
    expect(serving(result, HEADER, "university")).toBe(first);
    const keys = servedRouteKeys(first);
    expect([...keys].some((k) => k.startsWith("zone-a\u0000capabilities-1.0.0-"))).toBe(true);
    expect([...keys].some((k) => k.startsWith("zone-a\u0000capabilities-2.0.0-"))).toBe(false);
  });
});
