import { describe, expect, it } from "vitest";
import { compile } from "./index";
import { demoSnapshot } from "./fixtures/demo";
import { dtcEligibleZones, isDtcEligible, issuerOf, zoneRealms } from "./realms";
import type { ZoneInput } from "./types";

const zone = (name: string, over: Partial<ZoneInput> = {}): ZoneInput => ({
  name,
  visibility: "ENTERPRISE",
  gatewayUrl: `https://gw.${name}.example.com`,
  identityProviderUrl: `https://idp.${name}.example.com`,
  dtcUrl: `https://dtc.${name}.example.com`,
  enforceIssuers: true,
  ...over,
});

describe("realms", () => {
  it("default realm is named after the environment: the gateway URL with the zone's own issuer", () => {
    const z = zone("zone-a", { dtcUrl: null, identityProviderUrl: "https://idp.example.com/" });
    expect(zoneRealms(z, [z], "prod")).toEqual([
      { name: "prod", entries: [{ url: "https://gw.zone-a.example.com", issuer: "https://idp.example.com/auth/realms/prod" }] },
    ]);
  });

  it("dtc realm only for a zone with a DTC URL: its default entry, then every DTC URL by zone name", () => {
    const zones = [zone("zone-c"), zone("zone-a"), zone("zone-b", { dtcUrl: null }), zone("zone-d", { visibility: "WORLD" })];
    const realms = zoneRealms(zones[0], zones, "default");
    expect(realms.map((r) => r.name)).toEqual(["default", "dtc"]);
    expect(realms[1].entries.map((e) => e.url)).toEqual([
      "https://gw.zone-c.example.com",
      "https://dtc.zone-a.example.com",
      "https://dtc.zone-c.example.com",
      "https://dtc.zone-d.example.com",
    ]);
    expect(zoneRealms(zones[2], zones, "default").map((r) => r.name)).toEqual(["default"]);
  });

  it("realm issuers are never empty: the source PR's 4 URLs vs 2 issuers case pairs each URL with its owner's issuer", () => {
    // The PR's test: a dtc realm with 4 URLs and only 2 issuer URLs, paired by index, left two
    // URLs with "" as issuer. Here: 3 DTC zones, two of them sharing one IdP (2 distinct issuers).
    const zones = [
      zone("zone-a", { identityProviderUrl: "https://idp1.example.com" }),
      zone("zone-b", { identityProviderUrl: "https://idp2.example.com" }),
      zone("zone-c", { identityProviderUrl: "https://idp2.example.com" }),
    ];
    const dtc = zoneRealms(zones[0], zones, "default")[1];
    expect(dtc.entries).toEqual([
      { url: "https://gw.zone-a.example.com", issuer: "https://idp1.example.com/auth/realms/default" },
      { url: "https://dtc.zone-a.example.com", issuer: "https://idp1.example.com/auth/realms/default" },
      { url: "https://dtc.zone-b.example.com", issuer: "https://idp2.example.com/auth/realms/default" },
      { url: "https://dtc.zone-c.example.com", issuer: "https://idp2.example.com/auth/realms/default" },
    ]);
    // Not the IdP realm "dtc" the PR pointed at, which nothing creates.
    expect(dtc.entries.every((e) => e.issuer.endsWith("/auth/realms/default"))).toBe(true);
  });

  it("realm issuers are never empty anywhere in the output: realms, routes and issuer plugins", () => {
    for (const z of compile(demoSnapshot()).zones) {
      for (const realm of z.realms) for (const e of realm.entries) expect(e.issuer).toMatch(/^https:\/\/idp\.[a-z-]+\.example\.com\/auth\/realms\/default$/);
      for (const r of z.routes) {
        expect(r.issuers.length).toBeGreaterThan(0);
        expect(r.issuers).not.toContain("");
      }
      for (const p of z.kong.plugins) expect(p.config.allowed_iss).not.toContain("");
    }
  });

  it("DTC eligibility needs a DTC URL and ENTERPRISE visibility", () => {
    expect(isDtcEligible(zone("a"))).toBe(true);
    expect(isDtcEligible(zone("a", { dtcUrl: null }))).toBe(false);
    expect(isDtcEligible(zone("a", { dtcUrl: "" }))).toBe(false);
    expect(isDtcEligible(zone("a", { visibility: "WORLD" }))).toBe(false);
    expect(dtcEligibleZones([zone("b"), zone("a"), zone("c", { visibility: "WORLD" })]).map((z) => z.name)).toEqual(["a", "b"]);
    expect(issuerOf(zone("a"), "default")).toBe("https://idp.a.example.com/auth/realms/default");
  });
});
