import { readdirSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import * as openapi from "@/app/api/v1/openapi.json/route";
import { get } from "./http";

const API_ROOT = path.join(process.cwd(), "app", "api", "v1");
const METHODS = ["GET", "POST", "PUT", "PATCH", "DELETE"] as const;

/** Every route file under app/api/v1 as its URL pattern (`[name]` → `{name}`). */
function routeFiles(dir = API_ROOT): { file: string; pattern: string }[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return routeFiles(full);
    if (entry.name !== "route.ts") return [];
    const rel = path.relative(API_ROOT, path.dirname(full)).split(path.sep).filter(Boolean);
    return [
      { file: full, pattern: ["/api/v1", ...rel.map((s) => s.replace(/^\[(.+)\]$/, "{$1}"))].join("/") },
    ];
  });
}

describe("OpenAPI document", () => {
  it("is served at /api/v1/openapi.json and lists every route file with exactly its methods", async () => {
    const res = await get(openapi.GET, "/api/v1/openapi.json");
    expect(res.status).toBe(200);
    const doc = res.json;
    expect(doc.openapi).toBe("3.1.0");

    const files = routeFiles();
    expect(files.length).toBeGreaterThanOrEqual(15);
    for (const { file, pattern } of files) {
      const mod = (await import(file)) as Record<string, unknown>;
      const exported = METHODS.filter((m) => typeof mod[m] === "function").map((m) => m.toLowerCase());
      expect(Object.keys(doc.paths[pattern] ?? {}).sort(), pattern).toEqual(exported.sort());
    }
    expect(Object.keys(doc.paths).sort()).toEqual(files.map((f) => f.pattern).sort());
  });

  it("describes request bodies, responses and the error body from the zod schemas, and every $ref resolves", async () => {
    const doc = (await get(openapi.GET, "/api/v1/openapi.json")).json;
    const zoneCreate = doc.components.schemas.ZoneCreate;
    expect(zoneCreate.required).toEqual(
      expect.arrayContaining(["name", "visibility", "gatewayUrl", "identityProviderUrl", "kongAdminUrl"]),
    );
    expect(zoneCreate.properties.name.pattern).toBe("^[a-z][a-z0-9-]{0,62}$");
    expect(doc.components.schemas.Error.properties.error.required).toEqual(["code", "message"]);
    expect(doc.paths["/api/v1/zones"].post.requestBody.content["application/json"].schema).toEqual({
      $ref: "#/components/schemas/ZoneCreate",
    });
    expect(doc.paths["/api/v1/zones"].get.responses["200"].content["application/json"].schema.type).toBe(
      "array",
    );
    expect(doc.paths["/api/v1/zones"].get.parameters.map((p: { name: string }) => p.name)).toEqual(
      expect.arrayContaining(["limit", "offset", "q", "visibility", "dtc"]),
    );
    expect(doc.paths["/api/v1/zones/{name}"].patch.responses).toHaveProperty("412");
    expect(doc.paths["/api/v1/rovers"].post.responses["422"].content["application/json"].schema).toEqual({
      $ref: "#/components/schemas/Error",
    });

    const refs = JSON.stringify(doc).match(/"#\/components\/schemas\/[A-Za-z]+"/g) ?? [];
    expect(refs.length).toBeGreaterThan(20);
    for (const r of refs) expect(doc.components.schemas, r).toHaveProperty(r.slice(22, -1));
  });
});
