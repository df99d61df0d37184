import { beforeAll, describe, expect, it } from "vitest";
import * as zones from "@/app/api/v1/zones/route";
import * as rovers from "@/app/api/v1/rovers/route";
import * as tenants from "@/app/api/v1/tenants/route";
import * as entitlements from "@/app/api/v1/entitlements/route";
import * as routes from "@/app/api/v1/zones/[name]/routes/route";
import { get, post } from "./http";

/**
 * Issue: values that try to break out of a Kong expression (quotes, `"#`, backslashes, newlines,
 * regex metacharacters) are refused at the API, naming the field, before anything reaches the
 * compiler. Every value here would change an expression's meaning if it were pasted in as is.
 */
const BREAKOUTS = [
  'diku" || http.host == "evil',
  'diku"# || true',
  "diku\\",
  "diku\nuniversity",
  "diku.*",
  "(diku)",
  "diku$|^",
  "diku\u0000",
];

const zone = {
  name: "eu-central",
  visibility: "ENTERPRISE",
  gatewayUrl: "https://eu-central.gw.example.com",
  identityProviderUrl: "https://iam.eu-central.example.com",
  kongAdminUrl: "http://127.0.0.1:8001/eu-central",
};

const rover = (exposure: Record<string, unknown>) => ({
  name: "orders",
  version: "1.0.0",
  zone: "eu-central",
  exposures: [
    {
      basePath: "/orders",
      upstreams: [{ url: "http://orders.svc:8080" }],
      visibility: "WORLD",
      tenantAccess: "ENTITLED",
      ...exposure,
    },
  ],
});

/** The 422 body names the offending field and says what is wrong with it. */
function expectRefused(
  res: {
    status: number;
    json: { error: { code: string; message: string; details?: { path: string; message: string }[] } };
  },
  field: RegExp,
) {
  expect(res.status).toBe(422);
  expect(res.json.error.code).toBe("validation_failed");
  const paths = (res.json.error.details ?? []).map((d) => d.path);
  expect(
    paths.some((p) => field.test(p)),
    `details ${JSON.stringify(res.json.error.details)}`,
  ).toBe(true);
  for (const d of res.json.error.details ?? []) expect(d.message.length).toBeGreaterThan(5);
}

beforeAll(async () => {
  expect((await post(zones.POST, "/api/v1/zones", { body: zone })).status).toBe(201);
  expect((await post(rovers.POST, "/api/v1/rovers", { body: rover({}) })).status).toBe(201);
});

describe("values that could break out of a Kong expression are refused at the API", () => {
  it.each(BREAKOUTS)("tenant name %j", async (name) => {
    expectRefused(await post(tenants.POST, "/api/v1/tenants", { body: { name } }), /^name$/);
    expectRefused(
      await post(entitlements.POST, "/api/v1/entitlements", {
        body: { tenant: name, name: "orders", version: "1.0.0" },
      }),
      /^tenant$/,
    );
  });

  it.each(BREAKOUTS.map((v) => `/orders${v}`))("exposure base path %j", async (basePath) => {
    expectRefused(
      await post(rovers.POST, "/api/v1/rovers", { body: { ...rover({ basePath }), version: "9.0.0" } }),
      /basePath/,
    );
  });

  // `.` and a trailing `*` are legal in endpoint paths (the compiler regex-escapes the one and
  // anchors the other), so `diku.*` is not a break-out there.
  it.each(BREAKOUTS.filter((v) => v !== "diku.*").map((v) => `/items/${v}`))(
    "endpoint path %j",
    async (path) => {
      const body = { ...rover({ endpoints: [{ methods: ["GET"], path }] }), version: "9.0.1" };
      expectRefused(await post(rovers.POST, "/api/v1/rovers", { body }), /endpoints/);
    },
  );

  it.each([
    'https://a".example.com',
    "https://a.example.com/\\x",
    "https://a.example.com/x\ny",
    "https://a b.example.com",
  ])("gateway URL %j (its host and path end up in the expression)", async (gatewayUrl) => {
    expectRefused(
      await post(zones.POST, "/api/v1/zones", { body: { ...zone, name: "eu-west", gatewayUrl } }),
      /gatewayUrl/,
    );
  });

  it("nothing refused reached the compiler: the zone's expressions mention none of the values", async () => {
    const res = await get(routes.GET, "/api/v1/zones/eu-central/routes?inactive=true", {
      params: { name: "eu-central" },
    });
    expect(res.status).toBe(200);
    const text = JSON.stringify(res.json);
    for (const v of ["evil", "|| true", "university", "9.0.0", "9.0.1"]) expect(text).not.toContain(v);
    const tenantList = await get(tenants.GET, "/api/v1/tenants");
    expect(tenantList.json.items ?? tenantList.json).toHaveLength(0);
  });
});
