import { randomBytes, createHash } from "node:crypto";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as zones from "@/app/api/v1/zones/route";
import * as zone from "@/app/api/v1/zones/[name]/route";
import * as zoneRealms from "@/app/api/v1/zones/[name]/realms/route";
import { currentGeneration, isListening, startListening } from "@/lib/db/changes";
import { get, patch, post } from "./http";

/**
 * Reads served from memory (lib/db/changes.ts) must never outlive a committed change: not one
 * made by this process, not one made by another connection, not one made while the change
 * listener was disconnected.
 *
 * To show a read really comes from memory, some changes below are made with triggers switched off
 * (`session_replication_role = replica`): no notification is sent, so only a cached answer can
 * still show the old value. A real change always fires the triggers.
 */
let other: pg.Client;
beforeAll(async () => {
  other = new pg.Client({ connectionString: process.env.DATABASE_URL });
  await other.connect();
  expect(await startListening()).toBe(true);
});
afterAll(async () => {
  await other.end();
});

async function until<T>(what: string, fn: () => Promise<T | undefined>, timeoutMs = 10_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await fn();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

/**
 * Waits until every notification committed so far has reached this process: they arrive in commit
 * order, so once one sent now has arrived, so have those of the writes before it.
 */
async function settle() {
  const before = currentGeneration("domain");
  expect(before).not.toBeNull();
  await other.query(`select pg_notify('switchyard_changes', 'domain')`);
  await until("the notifications to arrive", async () => (currentGeneration("domain")! > before! ? true : undefined));
}

const zoneBody = (name: string) => ({
  name,
  visibility: "ENTERPRISE",
  gatewayUrl: `https://${name}.gw.example.com`,
  identityProviderUrl: `https://idp.${name}.example.com`,
  kongAdminUrl: `http://127.0.0.1:8001/${name}`,
});

const gatewayOf = async (name: string) =>
  ((await get(zones.GET, "/api/v1/zones?limit=200")).json as { name: string; gatewayUrl: string }[]).find(
    (z) => z.name === name,
  )?.gatewayUrl;

/** Changes a zone's gateway URL from another connection without announcing it (as the API would: a new revision). */
async function silentGatewayChange(name: string, gatewayUrl: string) {
  await other.query("begin");
  await other.query("set local session_replication_role = replica");
  await other.query(`update "Zone" set "gatewayUrl" = $1, revision = revision + 1, "updatedAt" = now() where name = $2`, [gatewayUrl, name]);
  await other.query("commit");
}

describe("reads served from memory", () => {
  it("are served from memory until a change is announced, then read afresh", async () => {
    expect((await post(zones.POST, "/api/v1/zones", { body: zoneBody("cached") })).status).toBe(201);
    await settle();
    expect(await gatewayOf("cached")).toBe("https://cached.gw.example.com");

    await silentGatewayChange("cached", "https://silent.example.com");
    // Nothing announced the change: the list still answers from memory.
    expect(await gatewayOf("cached")).toBe("https://cached.gw.example.com");
    // An announcement (what the triggers send on commit) makes the next read go to the database.
    await other.query(`select pg_notify('switchyard_changes', 'domain')`);
    await until("the announced change", async () =>
      (await gatewayOf("cached")) === "https://silent.example.com" ? true : undefined,
    );
  });

  it("see another connection's committed change as soon as its notification arrives", async () => {
    expect((await post(zones.POST, "/api/v1/zones", { body: zoneBody("elsewhere") })).status).toBe(201);
    expect(await gatewayOf("elsewhere")).toBe("https://elsewhere.gw.example.com");
    // An ordinary update, as psql, a script or another replica of the app would make it.
    await other.query(`update "Zone" set "gatewayUrl" = 'https://moved.example.com' where name = 'elsewhere'`);
    await until("the other connection's change", async () =>
      (await gatewayOf("elsewhere")) === "https://moved.example.com" ? true : undefined,
    );
  });

  it("see this process's own write at once, with no wait for the notification", async () => {
    expect((await post(zones.POST, "/api/v1/zones", { body: zoneBody("mine") })).status).toBe(201);
    const before = await get(zone.GET, "/api/v1/zones/mine", { params: { name: "mine" } });
    expect(await gatewayOf("mine")).toBe("https://mine.gw.example.com");
    const saved = await patch(zone.PATCH, "/api/v1/zones/mine", {
      params: { name: "mine" },
      headers: { "if-match": before.headers.get("etag")! },
      body: { gatewayUrl: "https://mine-v2.example.com" },
    });
    expect(saved.status, saved.text).toBe(200);
    expect(await gatewayOf("mine")).toBe("https://mine-v2.example.com");
  });

  it("keep the compile until a change, and recompile after one", async () => {
    expect((await post(zones.POST, "/api/v1/zones", { body: zoneBody("compiled") })).status).toBe(201);
    await settle();
    // A zone's realms come from the compile; their URLs carry its gateway URL.
    const realms = async () =>
      (await get(zoneRealms.GET, "/api/v1/zones/compiled/realms", { params: { name: "compiled" } })).text;
    expect(await realms()).toContain("compiled.gw.example.com");

    await silentGatewayChange("compiled", "https://renamed.example.com");
    expect(await realms()).toContain("compiled.gw.example.com");
    await other.query(`select pg_notify('switchyard_changes', 'domain')`);
    await until("the recompile", async () =>
      (await realms()).includes("renamed.example.com") ? true : undefined,
    );
  });

  it("see a token revoked elsewhere refused after the notification", async () => {
    const token = `sy_${randomBytes(32).toString("base64url")}`;
    await other.query(
      `insert into "ApiToken" (id, name, role, "tokenHash", prefix, "createdBy") values (gen_random_uuid(), 'revoked-elsewhere', 'viewer', $1, $2, 'tests')`,
      [createHash("sha256").update(token).digest("hex"), token.slice(0, 9)],
    );
    await until("the new token to work", async () =>
      (await get(zones.GET, "/api/v1/zones", { token })).status === 200 ? true : undefined,
    );
    await other.query(`update "ApiToken" set "revokedAt" = now() where name = 'revoked-elsewhere'`);
    const status = await until("the revocation", async () => {
      const s = (await get(zones.GET, "/api/v1/zones", { token })).status;
      return s === 200 ? undefined : s;
    });
    expect(status).toBe(401);
  });

  it("go to the database while the listener is disconnected, and resume once it is back", async () => {
    expect((await post(zones.POST, "/api/v1/zones", { body: zoneBody("deaf") })).status).toBe(201);
    expect(await gatewayOf("deaf")).toBe("https://deaf.gw.example.com");
    const { rowCount } = await other.query(
      `select pg_terminate_backend(pid) from pg_stat_activity
        where datname = current_database() and application_name = 'switchyard-changes'`,
    );
    expect(rowCount).toBe(1);
    await until("the listener to notice", async () => (isListening() ? undefined : true));
    // Deaf: a silent change is seen at once, because nothing is served from memory.
    await silentGatewayChange("deaf", "https://deaf-1.example.com");
    expect(await gatewayOf("deaf")).toBe("https://deaf-1.example.com");
    // Back: reads are cached again (the next silent change is not seen until it is announced).
    await until("the listener to reconnect", async () => {
      await gatewayOf("deaf"); // a read is what reconnects it
      return isListening() ? true : undefined;
    });
    await settle();
    expect(await gatewayOf("deaf")).toBe("https://deaf-1.example.com");
    await silentGatewayChange("deaf", "https://deaf-2.example.com");
    expect(await gatewayOf("deaf")).toBe("https://deaf-1.example.com");
    await other.query(`select pg_notify('switchyard_changes', 'domain')`);
    await until("the announced change", async () =>
      (await gatewayOf("deaf")) === "https://deaf-2.example.com" ? true : undefined,
    );
  });
});
