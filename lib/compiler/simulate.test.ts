import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { buildContext, evaluate } from "../atc";
import { compile } from "./compiler";
import { demoSnapshot } from "./fixtures/demo";
import { NO_ROUTE_MESSAGE, kongOrder, simulate } from "./simulate";
import { snapshotArb } from "./test-support/arbitraries";
import { kongMatches, kongWinner, type TestRequest } from "./test-support/kong-routing";
import type { ZoneOutput } from "./types";

const zones = compile(demoSnapshot()).zones;
const zone = (name: string): ZoneOutput => zones.find((z) => z.zone === name)!;
const provider = zones.find((z) => z.routes.some((r) => r.application === "capabilities"))!;
const capabilitiesHost = provider.routes.find((r) => r.application === "capabilities")!.downstreams[0].host;

const request = (r: TestRequest) => ({ method: r.method, scheme: "https", host: r.host, path: r.path, headers: r.headers ?? {} });

/** Requests aimed at a zone's own hosts and paths, with and without tenants. */
function requestsFor(z: ZoneOutput): TestRequest[] {
  const out: TestRequest[] = [];
  for (const route of z.routes) {
    for (const d of route.downstreams) {
      for (const path of [d.path, `${d.path}/`, `${d.path}/42`, `${d.path}/42/x`, `${d.path}x`]) {
        for (const tenant of [undefined, "diku", "university"]) {
          for (const method of ["GET", "POST"]) {
            out.push({ method, host: d.host, path, headers: tenant ? { "x-okapi-tenant": tenant } : {} });
          }
        }
      }
    }
  }
  return out;
}

describe("simulate", () => {
  it("tries routes in Kong's order: priority descending, then route id descending", () => {
    for (const z of zones) {
      const order = kongOrder(z);
      for (let i = 1; i < order.length; i++) {
        const [a, b] = [order[i - 1], order[i]];
        expect(a.route.priority > b.route.priority || (a.route.priority === b.route.priority && a.routeId > b.routeId)).toBe(true);
      }
    }
  });

  it("replays the spike: diku reaches the entitled version, university the ANY version, no tenant gets Kong's 404", () => {
    const at = (tenant?: string) =>
      simulate(provider, {
        method: "GET",
        scheme: "https",
        host: capabilitiesHost,
        path: "/capabilities",
        headers: tenant ? { "X-Okapi-Tenant": tenant } : {},
      });
    expect(at("diku").matched).toMatchObject({ application: "capabilities", version: "2.0.0" });
    expect(at("university").matched).toMatchObject({ application: "capabilities", version: "1.0.0" });
    const none = at();
    expect(none.matched).toBeNull();
    expect(none.message).toBe(NO_ROUTE_MESSAGE);
    // Every loser says which predicate failed, with what Kong saw.
    const loser = none.candidates.find((c) => c.application === "capabilities" && c.version === "2.0.0")!;
    expect(loser.failedAt?.predicate).toBeTruthy();
  });

  it("applies Kong's request normalization before matching (dot segments, double slashes, host port)", () => {
    const r = simulate(provider, {
      method: "GET",
      scheme: "https",
      host: `${capabilitiesHost}:8443`,
      path: "/x/..//capabilities?verbose=1",
      headers: { "x-okapi-tenant": "diku" },
    });
    expect(r.seen.path).toBe("/capabilities");
    expect(r.seen.host).toBe(capabilitiesHost);
    expect(r.matched?.version).toBe("2.0.0");
  });

  it("marks routes after the winner as not tried", () => {
    const r = simulate(provider, { method: "GET", scheme: "https", host: capabilitiesHost, path: "/capabilities", headers: { "x-okapi-tenant": "diku" } });
    const winner = r.candidates.findIndex((c) => c.matched);
    expect(r.candidates.slice(0, winner + 1).every((c) => c.tried)).toBe(true);
    expect(r.candidates.slice(winner + 1).every((c) => !c.tried)).toBe(true);
  });

  // simulate() evaluates a zone's routes together, each shared predicate once; evaluate() takes one tree.
  it("explains every candidate and captures the winner as a lone evaluation of its route would", () => {
    const check = (z: ZoneOutput, reqs: TestRequest[]) => {
      const routes = new Map(z.routes.map((r) => [r.name, r]));
      for (const req of reqs) {
        const ctx = buildContext(request(req));
        const ours = simulate(z, request(req));
        for (const c of ours.candidates) {
          const lone = evaluate(routes.get(c.name)!.expressionTree, ctx);
          expect({ route: c.name, matched: c.matched, failedAt: c.failedAt }).toEqual({ route: c.name, matched: lone.matched, failedAt: lone.failedAt });
        }
        if (ours.matched) expect(ours.matched.captures).toEqual(evaluate(routes.get(ours.matched.name)!.expressionTree, ctx).captures ?? {});
      }
    };
    for (const z of zones) check(z, requestsFor(z));
    fc.assert(
      fc.property(snapshotArb, (snapshot) => {
        for (const z of compile(snapshot).zones) {
          const header = snapshot.settings.tenantHeader;
          check(z, requestsFor(z).slice(0, 40).map((r) => ({ ...r, headers: Object.fromEntries(Object.values(r.headers ?? {}).map((v) => [header, v])) })));
        }
      }),
      { numRuns: 60, seed: 1201 },
    );
  });

  // Kong's engine is a WASM instance per expression here: seconds of work, more on a shared machine.
  it("agrees with Kong's engine on every route and every winner for the demo zones", { timeout: 120_000 }, () => {
    let checked = 0;
    for (const z of zones) {
      for (const req of requestsFor(z)) {
        const ours = simulate(z, request(req));
        for (const c of ours.candidates) {
          const route = z.routes.find((r) => r.name === c.name)!;
          expect({ route: c.name, req, matched: c.matched }).toEqual({ route: c.name, req, matched: kongMatches(route.expression, req) });
          checked += 1;
        }
        expect(ours.matched?.name ?? null).toBe(kongWinner(z, req)?.name ?? null);
      }
    }
    expect(checked).toBeGreaterThan(500);
    expect(zone(provider.zone).routes.length).toBeGreaterThan(0);
  });

  it("agrees with Kong's engine on the winner for random estates and requests", { timeout: 120_000 }, () => {
    fc.assert(
      fc.property(snapshotArb, fc.nat(), (snapshot, pick) => {
        const tenantHeader = snapshot.settings.tenantHeader;
        const tenantField = `http.headers.${tenantHeader.toLowerCase().replace(/-/g, "_")}`;
        for (const z of compile(snapshot).zones) {
          const reqs = requestsFor(z).map((r) => ({
            ...r,
            headers: Object.fromEntries(Object.entries(r.headers ?? {}).map(([, v]) => [tenantHeader, v])),
          }));
          if (reqs.length === 0) continue;
          const req = reqs[pick % reqs.length];
          expect(simulate(z, request(req)).matched?.name ?? null).toBe(kongWinner(z, req, tenantField)?.name ?? null);
        }
      }),
      { numRuns: 150, seed: 4242 },
    );
  });
});
