import { describe, expect, it } from "vitest";
import * as tenants from "@/app/api/v1/tenants/route";
import * as tenant from "@/app/api/v1/tenants/[name]/route";
import * as entitlements from "@/app/api/v1/entitlements/route";
import * as entitlement from "@/app/api/v1/entitlements/[id]/route";
import * as batch from "@/app/api/v1/entitlements/batch/route";
import * as settings from "@/app/api/v1/settings/route";
import { del, get, patch, post } from "./http";

const createTenant = async (name: string, description = "") => {
  const res = await post(tenants.POST, "/api/v1/tenants", { body: { name, description } });
  expect(res.status).toBe(201);
  return res.json;
};

describe("tenants API", () => {
  it("creates, reads, updates with revisions, and refuses duplicates and bad names", async () => {
    const t = await createTenant("diku", "Danish library consortium");
    expect(t).toMatchObject({ name: "diku", entitlementCount: 0, revision: 1 });
    const params = { name: "diku" };
    expect((await get(tenant.GET, "/x", { params })).json.description).toBe("Danish library consortium");

    const dup = await post(tenants.POST, "/api/v1/tenants", { body: { name: "diku" } });
    expect(dup.status).toBe(409);
    expect(dup.json.error.details).toEqual([{ path: "name", message: "Tenant diku already exists" }]);

    const bad = await post(tenants.POST, "/api/v1/tenants", { body: { name: "has-dash", description: 5 } });
    expect(bad.status).toBe(422);
    expect(bad.json.error.details.map((d: { path: string }) => d.path).sort()).toEqual([
      "description",
      "name",
    ]);

    const updated = await patch(tenant.PATCH, "/x", {
      params,
      headers: { "if-match": '"1"' },
      body: { description: "DIKU" },
    });
    expect(updated.status).toBe(200);
    expect(updated.headers.get("etag")).toBe('"2"');
    const stale = await patch(tenant.PATCH, "/x", {
      params,
      headers: { "if-match": '"1"' },
      body: { description: "again" },
    });
    expect(stale.status).toBe(412);
    expect((await get(tenant.GET, "/x", { params: { name: "nobody" } })).status).toBe(404);
  });

  it("searches by name or description", async () => {
    await createTenant("college", "Small college");
    await createTenant("university", "State university");
    const res = await get(tenants.GET, "/api/v1/tenants?q=univ");
    expect(res.json.map((t: { name: string }) => t.name)).toEqual(["university"]);
    const byDescription = await get(tenants.GET, "/api/v1/tenants?q=small");
    expect(byDescription.json.map((t: { name: string }) => t.name)).toEqual(["college"]);
  });
});

describe("entitlements API", () => {
  it("grants one (201), refuses a duplicate (409) and an unknown tenant (422 on tenant)", async () => {
    await createTenant("alpha");
    const body = { tenant: "alpha", application: "mod-capabilities", version: "2.0.0" };
    const created = await post(entitlements.POST, "/api/v1/entitlements", { body });
    expect(created.status).toBe(201);
    expect(created.json).toMatchObject(body);
    const dup = await post(entitlements.POST, "/api/v1/entitlements", { body });
    expect(dup.status).toBe(409);
    expect(dup.json.error.message).toBe("Tenant alpha is already entitled to mod-capabilities 2.0.0");
    const unknown = await post(entitlements.POST, "/api/v1/entitlements", {
      body: { ...body, tenant: "ghost" },
    });
    expect(unknown.status).toBe(422);
    expect(unknown.json.error.details).toEqual([{ path: "tenant", message: "Tenant ghost does not exist" }]);

    expect((await del(entitlement.DELETE, "/x", { params: { id: created.json.id } })).status).toBe(204);
    expect((await del(entitlement.DELETE, "/x", { params: { id: created.json.id } })).status).toBe(404);
  });

  it("filters by tenant, application and version", async () => {
    await createTenant("beta");
    await createTenant("gamma");
    for (const [t, v] of [
      ["beta", "1.0.0"],
      ["beta", "2.0.0"],
      ["gamma", "2.0.0"],
    ]) {
      expect(
        (
          await post(entitlements.POST, "/api/v1/entitlements", {
            body: { tenant: t, application: "mod-filter", version: v },
          })
        ).status,
      ).toBe(201);
    }
    const v2 = await get(entitlements.GET, "/api/v1/entitlements?application=mod-filter&version=2.0.0");
    expect(v2.json.map((e: { tenant: string }) => e.tenant)).toEqual(["beta", "gamma"]);
    expect(v2.headers.get("x-total-count")).toBe("2");
    const beta = await get(entitlements.GET, "/api/v1/entitlements?tenant=beta&application=mod-filter");
    expect(beta.json.map((e: { version: string }) => e.version)).toEqual(["1.0.0", "2.0.0"]);
  });

  it("grants and revokes in one transaction and counts what changed", async () => {
    await createTenant("delta");
    await createTenant("epsilon");
    const e = (tenant: string, version: string) => ({ tenant, application: "mod-batch", version });
    await post(entitlements.POST, "/api/v1/entitlements", { body: e("delta", "1.0.0") });

    const moved = await post(batch.POST, "/api/v1/entitlements/batch", {
      body: {
        grant: [e("delta", "2.0.0"), e("epsilon", "2.0.0"), e("epsilon", "2.0.0")],
        revoke: [e("delta", "1.0.0"), e("epsilon", "1.0.0")],
      },
    });
    expect(moved.status).toBe(200);
    expect(moved.json).toEqual({ granted: 2, alreadyGranted: 0, revoked: 1, notFound: 1 });

    // An unknown tenant anywhere rolls the whole batch back.
    const failed = await post(batch.POST, "/api/v1/entitlements/batch", {
      body: { grant: [e("delta", "3.0.0"), e("nobody", "3.0.0")], revoke: [e("delta", "2.0.0")] },
    });
    expect(failed.status).toBe(422);
    expect(failed.json.error.details).toEqual([
      { path: "grant.1.tenant", message: "Tenant nobody does not exist" },
    ]);
    const left = await get(entitlements.GET, "/api/v1/entitlements?application=mod-batch");
    expect(left.json.map((x: { tenant: string; version: string }) => `${x.tenant}@${x.version}`)).toEqual([
      "delta@2.0.0",
      "epsilon@2.0.0",
    ]);

    const empty = await post(batch.POST, "/api/v1/entitlements/batch", { body: {} });
    expect(empty.status).toBe(422);
    const again = await post(batch.POST, "/api/v1/entitlements/batch", {
      body: { grant: [e("delta", "2.0.0")] },
    });
    expect(again.json).toEqual({ granted: 0, alreadyGranted: 1, revoked: 0, notFound: 0 });
  });

  it("refuses to delete a tenant that holds entitlements unless cascade=true", async () => {
    await createTenant("zeta");
    await post(entitlements.POST, "/api/v1/entitlements", {
      body: { tenant: "zeta", application: "mod-x", version: "1.0.0" },
    });
    const params = { name: "zeta" };
    const refused = await del(tenant.DELETE, "/api/v1/tenants/zeta", { params });
    expect(refused.status).toBe(409);
    expect(refused.json.error.message).toContain("mod-x 1.0.0");
    expect(refused.json.error.details.references.entitlements.count).toBe(1);
    const done = await del(tenant.DELETE, "/api/v1/tenants/zeta?cascade=true", { params });
    expect(done.status).toBe(200);
    expect(done.json).toEqual({ revokedEntitlements: 1 });
    expect((await get(tenant.GET, "/x", { params })).status).toBe(404);
  });
});

describe("settings API", () => {
  it("reads defaults and updates with a revision check", async () => {
    const read = await get(settings.GET, "/api/v1/settings");
    expect(read.json).toMatchObject({ environment: "default", tenantHeader: "x-okapi-tenant", revision: 1 });
    const updated = await patch(settings.PATCH, "/api/v1/settings", {
      headers: { "if-match": read.headers.get("etag")! },
      body: { environment: "prod" },
    });
    expect(updated.json).toMatchObject({ environment: "prod", revision: 2 });
    const stale = await patch(settings.PATCH, "/api/v1/settings", {
      body: { environment: "stage", revision: 1 },
    });
    expect(stale.status).toBe(412);
    const bad = await patch(settings.PATCH, "/api/v1/settings", { body: { tenantHeader: "x tenant" } });
    expect(bad.status).toBe(422);
    expect(bad.json.error.details[0].path).toBe("tenantHeader");
  });
});
