/**
 * Nothing that passes validation can change the shape of an expression tree, and values that
 * could break out of an expression string are rejected by the API's zod schemas.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { predicates } from "../atc/ast";
import { toKongTree } from "../atc/kong-tree";
// The compiler itself never imports the API layer; this test checks the two agree.
import { basePath as basePathSchema, endpointSchema, semver, settingsSchema, tenantName, upstreamSchema, zoneCreateSchema, dnsLabel } from "../api/schemas";
import { urlBasePath, urlHost } from "../domain/rules";
import { tenantHeaderField } from "./expression";
import { compile } from "./index";
import { demoSnapshot } from "./fixtures/demo";
import { kongTreeOf } from "./test-support/kong-routing";
import type { Snapshot } from "./types";

const HOSTILE = ['"', "#", 'r#"', '"#', "\\", "\n", "\r", "\t", "\u0000", "\u2028", " ", "'", "(", ")", "|", "&", "!", "=", "~", "^", "$", ".", "*", "+", "?", "[", "]", "{", "}", "/", "//", ":", "@", "%22", "-", "_", "é", "A", "a", "z", "0", "9", "x_okapi_tenant", " || ", " && "];
const hostileChunk = fc.constantFrom(...HOSTILE);
/** Mostly-plausible values with hostile pieces spliced in, so some pass validation and most don't. */
const hostile = (base: fc.Arbitrary<string>) =>
  fc.tuple(base, fc.array(fc.tuple(hostileChunk, fc.nat()), { maxLength: 3 })).map(([s, inserts]) =>
    inserts.reduce((acc, [chunk, at]) => {
      const i = acc.length === 0 ? 0 : at % (acc.length + 1);
      return acc.slice(0, i) + chunk + acc.slice(i);
    }, s),
  );

const tenantArb = hostile(fc.constantFrom("diku", "college", "t_1"));
const basePathArb = hostile(fc.constantFrom("/orders", "/a.b/c-d", "/x_y"));
const endpointPathArb = hostile(fc.constantFrom("/items/{id}", "/v1.2/*", "/", "/a~b/{x}/c*"));
const urlArb = hostile(fc.constantFrom("https://gw.example.com", "https://gw.example.com/zone-a", "http://10.0.0.1:8000/p"));
const headerArb = hostile(fc.constantFrom("x-okapi-tenant", "X-Tenant"));
const labelArb = hostile(fc.constantFrom("orders", "zone-a"));
const versionArb = hostile(fc.constantFrom("1.0.0", "2.0.0-rc.1+build.5"));

const URL_KEYS: (keyof Hostile)[] = ["gatewayUrl", "dtcUrl", "upstreamUrl"];

/** Characters that could end or escape a Kong string literal, or a raw string's `"#`. */
const BREAKOUT = /["\\\u0000-\u001f\u007f]|"#/;

function parsed<T>(schema: { safeParse(v: unknown): { success: true; data: T } | { success: false } }, value: unknown): T | null {
  const r = schema.safeParse(value);
  return r.success ? r.data : null;
}

interface Hostile {
  tenant: string;
  basePath: string;
  endpointPath: string;
  gatewayUrl: string;
  dtcUrl: string;
  upstreamUrl: string;
  tenantHeader: string;
  application: string;
  version: string;
}

const hostileArb: fc.Arbitrary<Hostile> = fc.record({
  tenant: tenantArb,
  basePath: basePathArb,
  endpointPath: endpointPathArb,
  gatewayUrl: urlArb,
  dtcUrl: urlArb.map((u) => u.replace("gw.", "dtc.")),
  upstreamUrl: urlArb,
  tenantHeader: headerArb,
  application: labelArb,
  version: versionArb,
});

/** The hostile values as the API would store them (trimmed, lower-cased), null for each one a schema refuses. */
function storedValues(h: Hostile): Record<keyof Hostile, string | null> {
  const values = {
    tenant: parsed(tenantName, h.tenant),
    basePath: parsed(basePathSchema, h.basePath),
    endpointPath: parsed(endpointSchema, { methods: ["GET"], path: h.endpointPath })?.path ?? null,
    gatewayUrl: parsed(zoneCreateSchema.shape.gatewayUrl, h.gatewayUrl),
    dtcUrl: parsed(zoneCreateSchema.shape.gatewayUrl, h.dtcUrl),
    upstreamUrl: parsed(upstreamSchema.shape.url, h.upstreamUrl),
    tenantHeader: parsed(settingsSchema.shape.tenantHeader, h.tenantHeader),
    application: parsed(dnsLabel("Application"), h.application),
    version: parsed(semver, h.version),
  };
  return values;
}

/** Every value the schemas accept, the known-good default where they refuse one. */
function acceptedOrDefault(h: Hostile): { values: Hostile; accepted: number } {
  const stored = storedValues(h);
  const values = { ...validDefaults };
  let accepted = 0;
  for (const key of Object.keys(stored) as (keyof Hostile)[]) {
    const v = stored[key];
    if (v === null) continue;
    values[key] = v;
    accepted++;
  }
  return { values, accepted };
}

function snapshotWith(v: Hostile): Snapshot {
  const s = demoSnapshot();
  s.settings.tenantHeader = v.tenantHeader;
  const zoneA = s.zones.find((z) => z.name === "zone-a")!;
  zoneA.gatewayUrl = v.gatewayUrl;
  zoneA.dtcUrl = v.dtcUrl;
  const provider = s.rovers.find((r) => r.id === "rover-capabilities-2")!;
  provider.name = v.application;
  provider.version = v.version;
  provider.exposures[0].basePath = v.basePath;
  provider.exposures[0].upstreams = [{ url: v.upstreamUrl, weight: 100 }];
  provider.exposures[0].endpoints = [{ methods: ["GET"], path: v.endpointPath }];
  s.rovers.find((r) => r.id === "rover-billing-2")!.subscriptions.push({ basePath: v.basePath, approved: true });
  s.entitlements.push({ tenant: v.tenant, application: v.application, version: v.version });
  return s;
}

function expectIntendedTrees(snapshot: Snapshot, tenant: string): void {
  const field = tenantHeaderField(snapshot.settings.tenantHeader);
  let sawTenant = false;
  for (const zone of compile(snapshot).zones) {
    for (const route of zone.routes) {
      expect(kongTreeOf(route.expression, field)).toEqual(toKongTree(route.expressionTree));
      sawTenant ||= predicates(route.expressionTree).some((p) => p.lhs.field === field && p.op === "==" && p.rhs.value === tenant);
    }
  }
  expect(sawTenant).toBe(true);
}

describe("hostile input", () => {
  it("nothing passing validation changes the shape of the expression tree (Kong parses the intended tree)", () => {
    let accepted = 0;
    fc.assert(
      fc.property(hostileArb, (h) => {
        const { values, accepted: n } = acceptedOrDefault(h);
        accepted += n;
        expectIntendedTrees(snapshotWith(values), values.tenant);
      }),
      { numRuns: 300 },
    );
    expect(accepted).toBeGreaterThan(300);
  });

  it("values that could break out of an expression string are rejected by the zod schemas", () => {
    let rejected = 0;
    fc.assert(
      fc.property(hostileArb, (h) => {
        for (const [key, value] of Object.entries(h) as [keyof Hostile, string][]) {
          if (!BREAKOUT.test(value) || URL_KEYS.includes(key)) continue;
          rejected++;
          // Refused, or stored without the character (zod trims surrounding whitespace).
          const stored = storedValues({ ...validDefaults, [key]: value })[key];
          if (stored !== null) expect(BREAKOUT.test(stored), `${key} = ${JSON.stringify(value)} stored as ${JSON.stringify(stored)}`).toBe(false);
        }
      }),
      { numRuns: 300 },
    );
    expect(rejected).toBeGreaterThan(50);
  });

  it("URLs that pass validation give hosts and paths without breakout characters (the compiler uses only those)", () => {
    fc.assert(
      fc.property(urlArb, (url) => {
        const stored = parsed(zoneCreateSchema.shape.gatewayUrl, url);
        if (stored === null) return;
        expect(BREAKOUT.test(urlHost(stored)) || BREAKOUT.test(urlBasePath(stored))).toBe(false);
      }),
      { numRuns: 500 },
    );
  });

  // WHATWG URL parsing drops tabs and newlines, so a URL check that only parses would accept
  // "http://10.0.0.1:\n8000/p" and store the raw value.
  it("URL validation rejects control characters anywhere in the URL", () => {
    expect(parsed(zoneCreateSchema.shape.gatewayUrl, "http://10.0.0.1:\n8000/p")).toBeNull();
  });

  it("even unvalidated tenant names and paths can't change the tree: strings are always quoted or escaped", () => {
    const raw = fc.string({ unit: fc.constantFrom(...HOSTILE.filter((c) => c !== "\u0000")), maxLength: 12 });
    fc.assert(
      fc.property(raw, raw, (tenant, segment) => {
        const s = snapshotWith({ ...validDefaults, tenant: tenant || "t" });
        s.rovers.find((r) => r.id === "rover-capabilities-2")!.exposures[0].endpoints = [{ methods: ["GET"], path: `/${segment}/{id}` }];
        expectIntendedTrees(s, tenant || "t");
      }),
      { numRuns: 200 },
    );
  });
});

const validDefaults: Hostile = {
  tenant: "diku",
  basePath: "/orders/v9",
  endpointPath: "/items/{id}",
  gatewayUrl: "https://gw.zone-a.example.com",
  dtcUrl: "https://dtc.zone-a.example.com",
  upstreamUrl: "http://svc:8080",
  tenantHeader: "x-okapi-tenant",
  application: "hostile",
  version: "1.0.0",
};
