import { describe, expect, it } from "vitest";
import { compile } from "../compiler/compiler";
import { demoSnapshot } from "../compiler/fixtures/demo";
import { mergeDeclarative } from "./declarative";
import { managedTags } from "./kong-gateway";

describe("mergeDeclarative", () => {
  const zone = compile(demoSnapshot()).zones.find((z) => z.zone === "zone-a")!;
  const tags = managedTags("zone-a");

  // Shaped as Kong 3.9's GET /config exports a node (flat lists, references as ids, `_transform: false`).
  const current = {
    _format_version: "3.0",
    _transform: false,
    services: [
      { id: "s-ops", name: "ops", host: "ops.internal", port: 80, protocol: "http", tags: ["ops"], created_at: 1, updated_at: 2 },
      { id: "s-old", name: "gone", host: "x", port: 80, protocol: "http", tags: [...tags] },
      { id: "s-other", name: "other", host: "y", port: 80, protocol: "http", tags: ["switchyard", "zone:zone-b"] },
    ],
    consumers: [{ id: "c1", username: "monitoring", tags: null }],
    basicauth_credentials: [{ id: "b1", consumer: "c1", username: "mon", password: "3b1f…(already hashed)" }],
    certificates: [{ id: "cert1", cert: "-----BEGIN CERTIFICATE-----…", key: "-----BEGIN PRIVATE KEY-----…" }],
    plugins: [{ id: "p-global", name: "correlation-id", route: null, service: null, consumer: null, config: { header_name: "X-Request-ID" } }],
  };

  it("keeps every entity without both of the zone's tags, whatever its type, as the node exported it", () => {
    const merged = mergeDeclarative(structuredClone(current), zone.kong, tags);
    expect(merged.consumers).toEqual(current.consumers);
    expect(merged.basicauth_credentials).toEqual(current.basicauth_credentials);
    expect(merged.certificates).toEqual(current.certificates);
    const services = merged.services as { id: string }[];
    expect(services.slice(0, 2)).toEqual([current.services[0], current.services[2]]);
    expect((merged.plugins as { id: string }[])[0]).toEqual(current.plugins[0]);
    // An export is already transformed: a second transform would hash the stored password hash.
    expect(merged._transform).toBe(false);
  });

  it("replaces the zone's own entities with the desired state, references as plain ids", () => {
    const merged = mergeDeclarative(structuredClone(current), zone.kong, tags);
    const ids = (kind: string) => (merged[kind] as { id: string; tags?: string[] }[]).filter((e) => tags.every((t) => e.tags?.includes(t))).map((e) => e.id);
    expect(ids("services").sort()).toEqual(zone.kong.services.map((s) => s.id).sort());
    expect(ids("routes").sort()).toEqual(zone.kong.routes.map((r) => r.id).sort());
    expect(ids("plugins").sort()).toEqual(zone.kong.plugins.map((p) => p.id).sort());
    expect(ids("services")).not.toContain("s-old");
    const route = (merged.routes as { id: string; service: unknown }[]).find((r) => r.id === zone.kong.routes[0].id)!;
    expect(route.service).toBe(zone.kong.routes[0].service.id);
    const plugin = (merged.plugins as { id: string; service: unknown }[]).find((p) => p.id === zone.kong.plugins[0].id)!;
    expect(plugin.service).toBe(zone.kong.plugins[0].service.id);
  });
});
