import { beforeAll, describe, expect, it } from "vitest";
import * as entitlements from "@/app/api/v1/entitlements/route";
import * as estate from "@/app/api/v1/estate/route";
import * as rovers from "@/app/api/v1/rovers/route";
import * as tenants from "@/app/api/v1/tenants/route";
import * as tokens from "@/app/api/v1/tokens/route";
import * as kongConfig from "@/app/api/v1/zones/[name]/kong-config/route";
import * as zones from "@/app/api/v1/zones/route";
import { createCompiler } from "@/lib/compiler";
import { prisma } from "@/lib/db/prisma";
import { loadSnapshot } from "@/lib/db/snapshot";
import { get, patch, post, unique } from "./http";

/**
 * The estate as a file, through the real handlers and database: export is stable and holds no
 * secret; export → wipe → apply reproduces the compile byte for byte; a dry run answers the plan
 * and writes nothing; an apply is one transaction with its audit events; problems name file, line
 * and field; roles are enforced.
 */
const exportText = async () => {
  const res = await get(estate.GET, "/api/v1/estate");
  expect(res.status, res.text).toBe(200);
  return res.text;
};
const sendEstate = (yaml: string, query = "", token?: string) =>
  post(estate.POST, `/api/v1/estate${query}`, {
    rawBody: yaml,
    headers: { "content-type": "application/yaml" },
    ...(token ? { token } : {}),
  });

async function createToken(role: "viewer" | "editor" | "admin") {
  const res = await post(tokens.POST, "/api/v1/tokens", { body: { name: unique(`${role}-token`), role } });
  expect(res.status, res.text).toBe(201);
  return res.json.token as string;
}

/** The compile with each rover's id replaced by its identity: a restored rover has a new id. */
async function compileOutput(): Promise<string> {
  const snapshot = await loadSnapshot();
  const identity = new Map(snapshot.rovers.map((r) => [r.id, `${r.name}/${r.version}/${r.zone}`]));
  const text = JSON.stringify(createCompiler().compile(snapshot));
  return text.replace(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/g, (id) => identity.get(id) ?? id);
}

async function kongConfigs(): Promise<string[]> {
  const names = (await prisma.zone.findMany({ select: { name: true }, orderBy: { name: "asc" } })).map((z) => z.name);
  return Promise.all(
    names.map(async (name) => (await get(kongConfig.GET, `/api/v1/zones/${name}/kong-config`, { params: { name } })).text),
  );
}

const zone = (name: string, extra: Record<string, unknown> = {}) => ({
  name,
  visibility: "ENTERPRISE",
  gatewayUrl: `https://${name}.gw.example.com`,
  identityProviderUrl: `https://iam.${name}.example.com`,
  kongAdminUrl: `http://127.0.0.1:8001/${name}`,
  ...extra,
});

beforeAll(async () => {
  for (const body of [
    zone("eu-central", { dtcUrl: "https://eu-central.dtc.example.com", kongAdminToken: "s3cret-admin-token" }),
    zone("us-east", { dtcUrl: "https://us-east.dtc.example.com", gatewayUrl: "https://us-east.gw.example.com/zone-02" }),
    zone("ap-south", { visibility: "WORLD", enforceIssuers: false }),
  ])
    expect((await post(zones.POST, "/api/v1/zones", { body })).status).toBe(201);
  for (const name of ["diku", "college", "university"])
    expect((await post(tenants.POST, "/api/v1/tenants", { body: { name, description: `Tenant ${name}` } })).status).toBe(201);
  const rover = (body: Record<string, unknown>) => post(rovers.POST, "/api/v1/rovers", { body });
  for (const version of ["1.0.0", "2.0.0"]) {
    expect(
      (
        await rover({
          name: "mod-orders",
          version,
          zone: "eu-central",
          exposures: [
            {
              basePath: "/orders",
              upstreams: [{ url: `http://orders-${version.replace(/\./g, "-")}.svc:8080/api`, weight: 80 }, { url: "http://orders-canary.svc:8080/api", weight: 20 }],
              visibility: "ENTERPRISE",
              tenantAccess: version === "1.0.0" ? "ANY" : "ENTITLED",
              endpoints: [
                { methods: ["POST", "GET"], path: "/" },
                { methods: ["GET", "PUT", "DELETE"], path: "/{orderId}" },
                { methods: ["GET"], path: "/{orderId}/items*" },
              ],
            },
          ],
        })
      ).status,
    ).toBe(201);
  }
  expect(
    (
      await rover({
        name: "mod-shipping",
        version: "3.1.0",
        zone: "us-east",
        failoverEnabled: true,
        exposures: [{ basePath: "/shipping", upstreams: [{ url: "http://shipping.svc" }], stripBasePath: true, visibility: "WORLD" }],
        subscriptions: [{ basePath: "/orders", approved: true }],
      })
    ).status,
  ).toBe(201);
  expect(
    (
      await post(entitlements.POST, "/api/v1/entitlements", {
        body: { tenant: "diku", application: "mod-orders", version: "2.0.0" },
      })
    ).status,
  ).toBe(201);
  expect(
    (
      await post(entitlements.POST, "/api/v1/entitlements", {
        body: { tenant: "college", application: "mod-orders", version: "2.0.0" },
      })
    ).status,
  ).toBe(201);
});

describe("the estate as a file", () => {
  it("exports byte-identical documents in a stable order, without Kong admin tokens", async () => {
    const first = await exportText();
    expect(await exportText()).toBe(first);
    expect(first).toMatch(/^apiVersion: switchyard\/v1\nkind: Estate\nsettings:\n {2}environment: default\n/);
    expect(first).not.toContain("s3cret-admin-token");
    expect(first).not.toMatch(/kongAdminToken|hasKongAdminToken|revision|createdAt|\bid:/);
    // Zones by name, rovers by name and version, entitlements by tenant.
    const zoneNames = [...first.matchAll(/^ {2}- name: ([a-z-]+)\n {4}visibility/gm)].map((m) => m[1]);
    expect(zoneNames).toEqual(["ap-south", "eu-central", "us-east"]);
    expect(first.indexOf("version: 1.0.0")).toBeLessThan(first.indexOf("version: 2.0.0"));
    expect(first.indexOf("tenant: college")).toBeLessThan(first.indexOf("tenant: diku"));
  });

  it("answers a dry run of its own export with no changes, and writes nothing", async () => {
    const text = await exportText();
    const events = await prisma.auditEvent.count();
    const res = await sendEstate(text, "?dryRun=true");
    expect(res.status, res.text).toBe(200);
    expect(res.json).toMatchObject({ dryRun: true, prune: false, changes: 0, routes: [] });
    expect(res.json.rovers).toMatchObject({ created: [], changed: [], deleted: [], notInFile: [], unchanged: 3 });
    expect(await prisma.auditEvent.count()).toBe(events);
  });

  it("export → wipe → apply reproduces the same compile output and Kong state byte for byte", async () => {
    const exported = await exportText();
    const compiled = await compileOutput();
    const configs = await kongConfigs();
    expect(compiled).toContain("mod-orders");

    await prisma.entitlement.deleteMany();
    await prisma.rover.deleteMany();
    await prisma.tenant.deleteMany();
    await prisma.zone.deleteMany();
    await prisma.settings.update({ where: { id: 1 }, data: { tenantHeader: "x-tenant" } });

    const plan = await sendEstate(exported, "?dryRun=true");
    expect(plan.status, plan.text).toBe(200);
    expect(plan.json.zones.created).toEqual(["ap-south", "eu-central", "us-east"]);
    expect(plan.json.settings.changed).toEqual(["tenantHeader"]);
    expect(plan.json.routes.map((z: { zone: string }) => z.zone)).toEqual(["eu-central", "us-east"]);
    expect(await prisma.zone.count()).toBe(0);

    const eventsBefore = await prisma.auditEvent.count();
    const applied = await sendEstate(exported);
    expect(applied.status, applied.text).toBe(200);
    expect(applied.json).toMatchObject({ dryRun: false, changes: 3 + 3 + 3 + 2 + 1 });
    expect(await compileOutput()).toBe(compiled);
    expect(await kongConfigs()).toEqual(configs);
    expect(await exportText()).toBe(exported);
    // Every change is in the trail, under the request that made it.
    const events = await prisma.auditEvent.findMany({ where: { id: { gt: eventsBefore } } });
    expect(events.map((e) => `${e.action} ${e.entityType}`).sort()).toEqual(
      [
        "update settings",
        ...Array(3).fill("create zone"),
        ...Array(3).fill("create tenant"),
        ...Array(3).fill("create rover"),
        ...Array(2).fill("grant entitlement"),
      ].sort(),
    );
    expect(new Set(events.map((e) => e.requestId)).size).toBe(1);
  });

  it("shows a change per entity and its route changes, applies it, and deletes nothing without prune", async () => {
    const text = (await exportText())
      .replace("description: Tenant university", "description: The university")
      .replace("tenant: college\n    application: mod-orders\n    version: 2.0.0\n", "tenant: university\n    application: mod-orders\n    version: 2.0.0\n")
      .replace(/ {2}- name: mod-shipping[\s\S]*?(?=\ntenants:)/, "");
    const plan = await sendEstate(text, "?dryRun=true");
    expect(plan.status, plan.text).toBe(200);
    expect(plan.json.tenants.changed).toEqual([{ name: "university", fields: ["description"] }]);
    expect(plan.json.entitlements).toMatchObject({ created: ["university → mod-orders 2.0.0"], deleted: [], notInFile: ["college → mod-orders 2.0.0"] });
    expect(plan.json.rovers).toMatchObject({ deleted: [], notInFile: ["mod-shipping 3.1.0 in us-east"] });
    // The tenant is added to the ENTITLED routes; without prune, college stays.
    const eu = plan.json.routes.find((z: { zone: string }) => z.zone === "eu-central");
    expect(eu.changed.length).toBeGreaterThan(0);
    expect(eu.changed[0].after.tenants).toEqual(["college", "diku", "university"]);

    const applied = await sendEstate(text);
    expect(applied.status, applied.text).toBe(200);
    expect(await prisma.rover.count({ where: { name: "mod-shipping" } })).toBe(1);
    expect(await prisma.entitlement.count()).toBe(3);

    const pruned = await sendEstate(text, "?prune=true&dryRun=true");
    expect(pruned.json.rovers.deleted).toEqual(["mod-shipping 3.1.0 in us-east"]);
    expect(pruned.json.entitlements.deleted).toEqual(["college → mod-orders 2.0.0"]);
    const prunedApply = await sendEstate(text, "?prune=true");
    expect(prunedApply.status, prunedApply.text).toBe(200);
    expect(await prisma.rover.count({ where: { name: "mod-shipping" } })).toBe(0);
    expect(await prisma.entitlement.count()).toBe(2);
  });

  it("answers hostile files with a 4xx in bounded CPU time: many duplicate keys, deep flow nesting, an endless flow list", async () => {
    const hostile = [
      // 100,000 keys under one mapping: yaml's own unique-key check was quadratic in them.
      `apiVersion: switchyard/v1\nkind: Estate\nsettings:\n${Array.from({ length: 100_000 }, (_, i) => `  k${i % 1000}: ${i}`).join("\n")}\n`,
      // More lines than the shape allows: refused before parsing.
      `apiVersion: switchyard/v1\nkind: Estate\n${"# note\n".repeat(300_000)}`,
      // Flow collections nested far deeper than any estate needs: yaml's parser recurses on them.
      `apiVersion: switchyard/v1\nkind: Estate\nzones: ${"[".repeat(100_000)}\n`,
      // More flow items than the shape allows.
      `apiVersion: switchyard/v1\nkind: Estate\ntenants: [${Array.from({ length: 150_000 }, () => "a").join(",")}]\n`,
    ];
    for (const text of hostile) {
      const cpu = process.cpuUsage();
      const res = await sendEstate(text, "?dryRun=true");
      const { user, system } = process.cpuUsage(cpu);
      expect(res.status, res.text.slice(0, 300)).toBeGreaterThanOrEqual(400);
      expect(res.status).toBeLessThan(500);
      // CPU, not wall time: on a loaded 2-core machine wall time mostly counts other processes.
      expect((user + system) / 1000).toBeLessThan(8_000);
    }
  });

  it("names the file, line and field of a bad value and of a reference to nothing", async () => {
    const text = await exportText();
    const bad = text.replace("basePath: /orders\n", "basePath: orders\n");
    const res = await sendEstate(bad, "?dryRun=true&file=estates/prod.yaml");
    expect(res.status).toBe(422);
    const line = bad.split("\n").findIndex((l) => l.includes("basePath: orders")) + 1;
    expect(res.json.error.details[0]).toMatchObject({
      file: "estates/prod.yaml",
      path: "rovers.0.exposures.0.basePath",
      line,
      message: "Base path must start with /",
    });
    expect(res.json.error.message).toMatch(new RegExp(`^estates/prod\\.yaml:${line}:\\d+: rovers\\.0\\.exposures\\.0\\.basePath: Base path must start with /`));

    const dangling = text.replace("zone: eu-central\n", "zone: eu-west\n");
    const ref = await sendEstate(dangling);
    expect(ref.status).toBe(422);
    expect(ref.json.error.details[0]).toMatchObject({
      path: "rovers.0.zone",
      line: dangling.split("\n").findIndex((l) => l.includes("zone: eu-west")) + 1,
      message: "Zone eu-west is neither in the file nor in Switchyard",
    });

    const token = text.replace("    kongAdminUrl: http://127.0.0.1:8001/ap-south\n", "    kongAdminUrl: http://127.0.0.1:8001/ap-south\n    kongAdminToken: hunter2\n");
    const secret = await sendEstate(token, "?dryRun=true");
    expect(secret.status).toBe(422);
    expect(secret.json.error.details[0].path).toBe("zones.0.kongAdminToken");
    expect(secret.json.error.details[0].message).toContain("never part of an estate file");

    const syntax = await sendEstate("apiVersion: switchyard/v1\nkind: Estate\nzones: [\n", "?dryRun=true");
    expect(syntax.status).toBe(400);
    expect(syntax.json.error.details[0]).toMatchObject({ file: "estate.yaml", line: expect.any(Number) });
  });

  it("applies nothing when one change fails: a clash of hosts in the second new zone", async () => {
    const text = (await exportText()).replace(
      "zones:\n",
      "zones:\n" +
        "  - name: aa-first\n    visibility: WORLD\n    gatewayUrl: https://aa.gw.example.com\n    identityProviderUrl: https://iam.example.com\n    enforceIssuers: true\n    kongAdminUrl: http://127.0.0.1:8001/aa\n" +
        "  - name: ab-second\n    visibility: WORLD\n    gatewayUrl: https://ab.gw.example.com\n    identityProviderUrl: https://iam.example.com\n    dtcUrl: https://eu-central.gw.example.com\n    enforceIssuers: true\n    kongAdminUrl: http://127.0.0.1:8001/ab\n",
    );
    const zonesBefore = await prisma.zone.count();
    const events = await prisma.auditEvent.count();
    const res = await sendEstate(text);
    expect(res.status, res.text).toBe(409);
    expect(res.json.error.details[0]).toMatchObject({ path: "zones.1.dtcUrl", line: expect.any(Number) });
    expect(res.json.error.message).toContain("eu-central's gateway host");
    expect(await prisma.zone.count()).toBe(zonesBefore);
    expect(await prisma.auditEvent.count()).toBe(events);
  });

  it("lets a viewer export and dry-run, an editor apply, and only an admin change a Kong admin URL", async () => {
    const [viewer, editor] = [await createToken("viewer"), await createToken("editor")];
    const text = await exportText();
    expect((await get(estate.GET, "/api/v1/estate", { token: viewer })).status).toBe(200);
    expect((await sendEstate(text, "?dryRun=true", viewer)).status).toBe(200);
    const refused = await sendEstate(text, "", viewer);
    expect(refused.status).toBe(403);
    expect(refused.json.error.message).toContain("Applying an estate file needs the editor role");
    expect((await sendEstate(text, "", editor)).status).toBe(200);

    // A token set by an admin stays through applies: files never carry one.
    const zoneRoute = await import("@/app/api/v1/zones/[name]/route");
    const withToken = await patch(zoneRoute.PATCH, "/api/v1/zones/us-east", {
      params: { name: "us-east" },
      body: { kongAdminToken: "kong-admin-secret" },
    });
    expect(withToken.status, withToken.text).toBe(200);
    const moved = text.replace("kongAdminUrl: http://127.0.0.1:8001/us-east", "kongAdminUrl: http://127.0.0.1:8002/us-east");
    const editorMove = await sendEstate(moved, "", editor);
    expect(editorMove.status).toBe(403);
    expect(editorMove.json.error.message).toContain("Kong admin URL of us-east needs the admin role");
    expect((await prisma.zone.findUniqueOrThrow({ where: { name: "us-east" } })).kongAdminUrl).toBe("http://127.0.0.1:8001/us-east");
    expect((await sendEstate(moved)).status).toBe(200);
    const stored = await prisma.zone.findUniqueOrThrow({ where: { name: "us-east" } });
    expect(stored.kongAdminUrl).toBe("http://127.0.0.1:8002/us-east");
    expect(stored.kongAdminTokenEnc).not.toBeNull();
  });
});
