import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as audit from "@/app/api/v1/audit/route";
import * as batch from "@/app/api/v1/entitlements/batch/route";
import * as entitlement from "@/app/api/v1/entitlements/[id]/route";
import * as entitlements from "@/app/api/v1/entitlements/route";
import * as rover from "@/app/api/v1/rovers/[id]/route";
import * as roverImport from "@/app/api/v1/rovers/import/route";
import * as rovers from "@/app/api/v1/rovers/route";
import * as settings from "@/app/api/v1/settings/route";
import * as tenant from "@/app/api/v1/tenants/[name]/route";
import * as tenants from "@/app/api/v1/tenants/route";
import * as zone from "@/app/api/v1/zones/[name]/route";
import * as zones from "@/app/api/v1/zones/route";
import * as publish from "@/app/api/v1/zones/[name]/publish/route";
import * as rollback from "@/app/api/v1/publishes/[id]/rollback/route";
import { createTenant } from "@/lib/db/tenants";
import { prisma } from "@/lib/db/prisma";
import { startKongStandin, type KongStandin } from "@/scripts/kong-standin/server";
import { del, get, patch, post, unique } from "./http";

let kong: KongStandin;
beforeAll(async () => {
  kong = await startKongStandin({ adminPort: 0, proxyPort: 0, host: "127.0.0.1" });
});
afterAll(async () => {
  await kong.close();
});

const zoneBody = (name: string, extra: Record<string, unknown> = {}) => ({
  name,
  visibility: "ENTERPRISE",
  gatewayUrl: `https://${name}.gw.example.com`,
  identityProviderUrl: `https://idp.${name}.example.com`,
  kongAdminUrl: `http://127.0.0.1:8001/${name}`,
  ...extra,
});

const roverBody = (name: string, zoneName: string) => ({
  name,
  version: "1.0.0",
  zone: zoneName,
  exposures: [{ basePath: `/${name}`, upstreams: [{ url: `http://${name}.svc:8080` }] }],
});

/** The trail of one entity, oldest first, through the API. */
async function trailOf(entityType: string, entity: string) {
  const res = await get(
    audit.GET,
    `/api/v1/audit?entityType=${entityType}&entity=${encodeURIComponent(entity)}`,
  );
  expect(res.status).toBe(200);
  return [...res.json].reverse();
}

describe("audit trail", () => {
  it("records a zone's create, update and delete with before/after, request id and actor, never the token", async () => {
    const name = unique("audit-zone");
    const token = `kong-secret-${Date.now()}`;
    const created = await post(zones.POST, "/api/v1/zones", {
      body: zoneBody(name, { kongAdminToken: token }),
      headers: { "x-request-id": `req-create-${name}` },
    });
    expect(created.status).toBe(201);
    const updated = await patch(zone.PATCH, `/api/v1/zones/${name}`, {
      params: { name },
      body: { visibility: "WORLD", kongAdminToken: `${token}-2`, revision: 1 },
    });
    expect(updated.status).toBe(200);
    expect((await del(zone.DELETE, `/api/v1/zones/${name}`, { params: { name } })).status).toBe(200);

    const trail = await trailOf("zone", name);
    expect(trail.map((e) => e.action)).toEqual(["create", "update", "delete"]);
    const [create, update, remove] = trail;
    expect(create).toMatchObject({
      entityKey: name,
      entityLabel: name,
      before: null,
      requestId: `req-create-${name}`,
    });
    expect(create.after).toMatchObject({
      name,
      visibility: "ENTERPRISE",
      hasKongAdminToken: true,
      kongAdminToken: "[redacted]",
    });
    expect(update.before).toMatchObject({ visibility: "ENTERPRISE", revision: 1 });
    expect(update.after).toMatchObject({ visibility: "WORLD", revision: 2, kongAdminToken: "[redacted]" });
    expect(update.requestId).toBe(updated.headers.get("x-request-id"));
    expect(remove).toMatchObject({ after: null });
    expect(remove.before).toMatchObject({ name, visibility: "WORLD" });
    expect(typeof create.actor).toBe("string");
    expect(create.actor.length).toBeGreaterThan(0);
    expect(new Set(trail.map((e) => e.actor)).size).toBe(1);

    // Neither the token nor its ciphertext is anywhere in the stored trail.
    const stored = await prisma.auditEvent.findMany({ where: { entityKey: name } });
    const enc = (await prisma.zone.findMany({ select: { kongAdminTokenEnc: true } })).map(
      (z) => z.kongAdminTokenEnc,
    );
    const text = JSON.stringify(stored);
    expect(text).not.toContain(token);
    expect(text).not.toContain("kongAdminTokenEnc");
    for (const e of enc) if (e) expect(text).not.toContain(e);
  });

  it("records nothing for a refused change (duplicate, stale revision, missing entity)", async () => {
    const name = unique("refused");
    expect((await post(zones.POST, "/api/v1/zones", { body: zoneBody(name) })).status).toBe(201);
    const before = await prisma.auditEvent.count();
    expect((await post(zones.POST, "/api/v1/zones", { body: zoneBody(name) })).status).toBe(409);
    expect(
      (
        await patch(zone.PATCH, `/api/v1/zones/${name}`, {
          params: { name },
          body: { visibility: "WORLD", revision: 7 },
        })
      ).status,
    ).toBe(412);
    expect((await del(tenant.DELETE, "/api/v1/tenants/nobody", { params: { name: "nobody" } })).status).toBe(
      404,
    );
    expect(
      (
        await post(batch.POST, "/api/v1/entitlements/batch", {
          body: { grant: [{ tenant: "nobody", application: "x", version: "1.0.0" }] },
        })
      ).status,
    ).toBe(422);
    expect(await prisma.auditEvent.count()).toBe(before);
  });

  it("writes the event in the change's transaction: when the event can't be written, the change is rolled back", async () => {
    const name = unique("atomic");
    // Make every audit insert fail, as a full disk or a broken table would.
    await prisma.$executeRawUnsafe(
      `alter table "AuditEvent" add constraint audit_down check (action = 'never') not valid`,
    );
    try {
      const res = await post(tenants.POST, "/api/v1/tenants", { body: { name: name.replace(/-/g, "_") } });
      expect(res.status).toBe(500);
      const zoneRes = await post(zones.POST, "/api/v1/zones", { body: zoneBody(name) });
      expect(zoneRes.status).toBe(500);
    } finally {
      await prisma.$executeRawUnsafe(`alter table "AuditEvent" drop constraint audit_down`);
    }
    expect(await prisma.tenant.count({ where: { name: name.replace(/-/g, "_") } })).toBe(0);
    expect(await prisma.zone.count({ where: { name } })).toBe(0);
  });

  it("records rovers: create, update, import (create and upsert), delete, and a zone's cascade", async () => {
    const zoneName = unique("rover-zone");
    expect((await post(zones.POST, "/api/v1/zones", { body: zoneBody(zoneName) })).status).toBe(201);
    const created = await post(rovers.POST, "/api/v1/rovers", { body: roverBody("orders", zoneName) });
    expect(created.status).toBe(201);
    const id = created.json.id as string;
    expect(
      (await patch(rover.PATCH, `/api/v1/rovers/${id}`, { params: { id }, body: { failoverEnabled: true } }))
        .status,
    ).toBe(200);
    expect((await del(rover.DELETE, `/api/v1/rovers/${id}`, { params: { id } })).status).toBe(204);
    const roverTrail = await trailOf("rover", id);
    expect(roverTrail.map((e) => e.action)).toEqual(["create", "update", "delete"]);
    expect(roverTrail[0].entityLabel).toBe(`orders 1.0.0 in ${zoneName}`);
    expect(roverTrail[1].before).toMatchObject({ failoverEnabled: false });
    expect(roverTrail[1].after).toMatchObject({ failoverEnabled: true, revision: 2 });

    const file = (basePath: string) =>
      [
        "apiVersion: switchyard/v1",
        "kind: Rover",
        "metadata:",
        "  name: billing",
        "  version: 2.0.0",
        "spec:",
        `  zone: ${zoneName}`,
        "  exposures:",
        `    - basePath: ${basePath}`,
        "      upstreams:",
        "        - url: http://billing.svc:8080",
      ].join("\n");
    const imported = await post(roverImport.POST, "/api/v1/rovers/import", { rawBody: file("/billing") });
    expect(imported.status).toBe(201);
    const upserted = await post(roverImport.POST, "/api/v1/rovers/import?upsert=true", {
      rawBody: file("/billing-v2"),
    });
    expect(upserted.status).toBe(200);
    const importTrail = await trailOf("rover", imported.json.id);
    expect(importTrail.map((e) => e.action)).toEqual(["import", "import"]);
    expect(importTrail[0].before).toBeNull();
    expect(importTrail[1].before.exposures[0].basePath).toBe("/billing");
    expect(importTrail[1].after.exposures[0].basePath).toBe("/billing-v2");

    const cascade = await del(zone.DELETE, `/api/v1/zones/${zoneName}?cascade=true`, {
      params: { name: zoneName },
    });
    expect(cascade.json).toEqual({ deletedRovers: 1 });
    const last = await trailOf("rover", imported.json.id);
    expect(last.at(-1)).toMatchObject({
      action: "delete",
      after: null,
      requestId: cascade.headers.get("x-request-id"),
    });
    expect((await trailOf("zone", zoneName)).at(-1)).toMatchObject({ action: "delete" });
  });

  it("records tenants, single grants and revocations, only what a batch changed, and a tenant's cascade", async () => {
    const name = unique("t").replace(/-/g, "_");
    expect(
      (await post(tenants.POST, "/api/v1/tenants", { body: { name, description: "first" } })).status,
    ).toBe(201);
    expect(
      (
        await patch(tenant.PATCH, `/api/v1/tenants/${name}`, {
          params: { name },
          body: { description: "second" },
        })
      ).status,
    ).toBe(200);
    const granted = await post(entitlements.POST, "/api/v1/entitlements", {
      body: { tenant: name, application: "orders", version: "1.0.0" },
    });
    expect(granted.status).toBe(201);
    const res = await post(batch.POST, "/api/v1/entitlements/batch", {
      body: {
        grant: [
          { tenant: name, application: "orders", version: "1.0.0" }, // already there: not a change
          { tenant: name, application: "orders", version: "2.0.0" },
          { tenant: name, application: "billing", version: "1.0.0" },
        ],
        revoke: [
          { tenant: name, application: "orders", version: "1.0.0" },
          { tenant: name, application: "orders", version: "9.9.9" }, // not there: not a change
        ],
      },
    });
    // The grant of 1.0.0 and its revocation in one batch are refused; send the revocation on its own.
    expect(res.status).toBe(422);
    const moved = await post(batch.POST, "/api/v1/entitlements/batch", {
      body: {
        grant: [
          { tenant: name, application: "orders", version: "2.0.0" },
          { tenant: name, application: "billing", version: "1.0.0" },
        ],
        revoke: [
          { tenant: name, application: "orders", version: "1.0.0" },
          { tenant: name, application: "orders", version: "9.9.9" },
        ],
      },
    });
    expect(moved.json).toEqual({ granted: 2, alreadyGranted: 0, revoked: 1, notFound: 1 });
    const again = await post(batch.POST, "/api/v1/entitlements/batch", {
      body: { grant: [{ tenant: name, application: "orders", version: "2.0.0" }] },
    });
    expect(again.json).toMatchObject({ granted: 0, alreadyGranted: 1 });

    const batchEvents = (
      await get(audit.GET, `/api/v1/audit?entityType=entitlement&entity=${name}`)
    ).json.filter((e: { requestId: string }) => e.requestId === moved.headers.get("x-request-id"));
    expect(
      batchEvents.map((e: { action: string; entityLabel: string }) => `${e.action} ${e.entityLabel}`).sort(),
    ).toEqual([
      `grant ${name} → billing 1.0.0`,
      `grant ${name} → orders 2.0.0`,
      `revoke ${name} → orders 1.0.0`,
    ]);
    expect((await trailOf("entitlement", granted.json.id)).map((e) => e.action)).toEqual(["grant", "revoke"]);

    const single = await post(entitlements.POST, "/api/v1/entitlements", {
      body: { tenant: name, application: "search", version: "1.0.0" },
    });
    const sid = single.json.id as string;
    expect(
      (await del(entitlement.DELETE, `/api/v1/entitlements/${sid}`, { params: { id: sid } })).status,
    ).toBe(204);
    expect((await trailOf("entitlement", sid)).map((e) => e.action)).toEqual(["grant", "revoke"]);

    const gone = await del(tenant.DELETE, `/api/v1/tenants/${name}?cascade=true`, { params: { name } });
    expect(gone.json).toEqual({ revokedEntitlements: 2 });
    const cascadeEvents = (await get(audit.GET, `/api/v1/audit?entity=${name}`)).json.filter(
      (e: { requestId: string }) => e.requestId === gone.headers.get("x-request-id"),
    );
    expect(cascadeEvents.map((e: { action: string }) => e.action).sort()).toEqual([
      "delete",
      "revoke",
      "revoke",
    ]);
    const tenantTrail = await trailOf("tenant", name);
    expect(tenantTrail.map((e) => e.action)).toEqual(["create", "update", "delete"]);
    expect(tenantTrail[1].before).toMatchObject({ description: "first" });
    expect(tenantTrail[1].after).toMatchObject({ description: "second" });
  });

  it("is append-only: the app's own connection can't update, delete or truncate an event", async () => {
    const name = unique("kept").replace(/-/g, "_");
    expect((await post(tenants.POST, "/api/v1/tenants", { body: { name } })).status).toBe(201);
    const event = await prisma.auditEvent.findFirstOrThrow({ where: { entityKey: name } });
    const refused = /append-only/;
    await expect(
      prisma.auditEvent.update({ where: { id: event.id }, data: { actor: "someone else" } }),
    ).rejects.toThrow(refused);
    await expect(prisma.auditEvent.deleteMany({ where: { id: event.id } })).rejects.toThrow(refused);
    await expect(prisma.$executeRawUnsafe(`update "AuditEvent" set "after" = null`)).rejects.toThrow(refused);
    await expect(prisma.$executeRawUnsafe(`delete from "AuditEvent"`)).rejects.toThrow(refused);
    await expect(prisma.$executeRawUnsafe(`truncate "AuditEvent"`)).rejects.toThrow(refused);
    // Setting the prune job's flag by hand doesn't open recent history either.
    await expect(
      prisma.$transaction([
        prisma.$executeRawUnsafe(`select set_config('switchyard.audit_prune', 'on', true)`),
        prisma.$executeRawUnsafe(`delete from "AuditEvent" where id = ${event.id}`),
      ]),
    ).rejects.toThrow(refused);
    expect(await prisma.auditEvent.findUniqueOrThrow({ where: { id: event.id } })).toEqual(event);
  });

  it("can be pruned only of events older than a year, through switchyard_prune_audit", async () => {
    const old = await prisma.auditEvent.create({
      data: {
        actor: "history",
        action: "create",
        entityType: "tenant",
        entityKey: unique("ancient"),
        entityLabel: "ancient",
        createdAt: new Date(Date.now() - 2 * 365 * 24 * 3600 * 1000),
      },
    });
    const recent = await prisma.auditEvent.count();
    await expect(prisma.$queryRawUnsafe(`select switchyard_prune_audit(interval '30 days')`)).rejects.toThrow(
      /at least a year/,
    );
    const [{ removed }] = await prisma.$queryRawUnsafe<{ removed: bigint }[]>(
      `select switchyard_prune_audit(interval '365 days') as removed`,
    );
    expect(removed).toBe(1n);
    expect(await prisma.auditEvent.findUnique({ where: { id: old.id } })).toBeNull();
    expect(await prisma.auditEvent.count()).toBe(recent - 1);
  });

  it("records settings changes", async () => {
    const current = (await get(settings.GET, "/api/v1/settings")).json;
    const res = await patch(settings.PATCH, "/api/v1/settings", {
      body: { tenantHeader: "x-tenant-audit", revision: current.revision },
    });
    expect(res.status).toBe(200);
    try {
      const [event] = (await get(audit.GET, "/api/v1/audit?entityType=settings&limit=1")).json;
      expect(event).toMatchObject({ action: "update", entityKey: "settings" });
      expect(event.before).toMatchObject({ tenantHeader: current.tenantHeader });
      expect(event.after).toMatchObject({ tenantHeader: "x-tenant-audit" });
    } finally {
      await patch(settings.PATCH, "/api/v1/settings", { body: { tenantHeader: current.tenantHeader } });
    }
  });

  it("filters by actor, entity type, entity, action and time, and pages newest first", async () => {
    const stamp = Date.now();
    const names = [0, 1, 2].map((i) => `filter_${stamp}_${i}`);
    for (const n of names)
      await createTenant({ name: n, description: "" }, { actor: `bot-${stamp}`, requestId: null });

    const byActor = await get(audit.GET, `/api/v1/audit?actor=bot-${stamp}&limit=2`);
    expect(byActor.status).toBe(200);
    expect(byActor.headers.get("x-total-count")).toBe("3");
    expect(byActor.json.map((e: { entityKey: string }) => e.entityKey)).toEqual([names[2], names[1]]);
    expect(byActor.headers.get("link")).toContain('rel="next"');
    const page2 = await get(audit.GET, `/api/v1/audit?actor=bot-${stamp}&limit=2&offset=2`);
    expect(page2.json.map((e: { entityKey: string }) => e.entityKey)).toEqual([names[0]]);

    const exact = await get(audit.GET, `/api/v1/audit?entity=${names[1]}&entityType=tenant&action=create`);
    expect(exact.json).toHaveLength(1);
    expect(exact.json[0]).toMatchObject({ actor: `bot-${stamp}`, entityKey: names[1] });
    expect((await get(audit.GET, `/api/v1/audit?entity=${names[1]}&action=delete`)).json).toHaveLength(0);
    expect((await get(audit.GET, `/api/v1/audit?entity=${names[1]}&entityType=zone`)).json).toHaveLength(0);

    const at = exact.json[0].createdAt as string;
    const later = new Date(Date.parse(at) + 1).toISOString();
    const q = (range: string) => get(audit.GET, `/api/v1/audit?entity=${names[1]}&${range}`);
    expect((await q(`from=${at}`)).json).toHaveLength(1);
    expect((await q(`to=${later}`)).json).toHaveLength(1);
    expect((await q(`from=${later}`)).json).toHaveLength(0);
    expect((await q(`to=${at}`)).json).toHaveLength(0);
  });

  it("answers 422 naming the bad filter", async () => {
    const bad = await get(audit.GET, "/api/v1/audit?entityType=planet");
    expect(bad.status).toBe(422);
    expect(bad.json.error.message).toContain("entityType");
    const time = await get(audit.GET, "/api/v1/audit?from=yesterday");
    expect(time.status).toBe(422);
    expect(time.json.error.message).toContain("from");
    expect((await get(audit.GET, "/api/v1/audit?limit=0")).status).toBe(422);
  });

  it("records every real publish and rollback with its outcome, and no dry run", async () => {
    const name = unique("pub-zone");
    const created = await post(zones.POST, "/api/v1/zones", {
      body: zoneBody(name, { kongAdminUrl: kong.zoneAdminUrl(name), enforceIssuers: false }),
    });
    expect(created.status).toBe(201);
    expect((await post(rovers.POST, "/api/v1/rovers", { body: roverBody("catalog", name) })).status).toBe(
      201,
    );

    const dry = await post(publish.POST, `/api/v1/zones/${name}/publish?dryRun=true`, { params: { name } });
    expect(dry.status).toBe(200);
    const first = await post(publish.POST, `/api/v1/zones/${name}/publish?wait=true`, { params: { name } });
    expect(first.status, first.text).toBe(200);
    expect(first.json.status).toBe("SUCCEEDED");
    const id = first.json.id as string;

    const trail = await trailOf("publish", id);
    expect(trail.map((e) => e.action)).toEqual(["publish", "finish"]);
    expect(trail[0]).toMatchObject({ entityLabel: `${name} publish`, actor: first.json.actor });
    expect(trail[0].after).toMatchObject({ publishId: id, zone: name, status: "RUNNING" });
    expect(trail[1].after).toMatchObject({
      status: "SUCCEEDED",
      summary: { applied: first.json.summary.applied },
    });
    expect(trail[1].after.summary.applied).toBeGreaterThan(0);
    // Filtering by the zone's name finds its publishes next to its changes; the dry run is not there.
    const byZone = (await get(audit.GET, `/api/v1/audit?entity=${name}`)).json;
    expect(byZone.filter((e: { entityType: string }) => e.entityType === "publish")).toHaveLength(2);

    const back = await post(rollback.POST, `/api/v1/publishes/${id}/rollback?wait=true`, { params: { id } });
    expect(back.status, back.text).toBe(200);
    const rolled = await trailOf("publish", back.json.id);
    expect(rolled[0]).toMatchObject({ action: "rollback" });
    expect(rolled[0].after).toMatchObject({ sourcePublishId: id });
  });
});
