import { z } from "zod";
import { DTC_REALM } from "../compiler/realms";
import type { CompileResult, Realm, RouteKind, Warning, ZoneOutput, ZoneVisibility } from "../compiler/types";

/**
 * The estate at a glance, built from one compile: every zone with its realms (each URL beside its
 * issuer and the zone that owns it), DTC URL and eligibility, the problems the compiler found with
 * its realms, and for every API (an exposed base path) which zones serve it as a real, proxy or
 * failover route on which realm. Pure: lib/db/topology.ts feeds it, the topology and realms pages
 * render it.
 */

export interface TopologyZoneInput {
  name: string;
  visibility: ZoneVisibility;
  gatewayUrl: string;
  dtcUrl: string | null;
}

/** The compiler's warnings that are about a zone's realms or the subscriptions that shape them. */
export const REALM_PROBLEM_CODES = [
  "dtc-realm-missing",
  "subscription-refused",
  "subscription-unmatched",
  "failover-refused",
] as const;
const realmProblemCodes: ReadonlySet<string> = new Set(REALM_PROBLEM_CODES);

export interface TopologyRealmEntry {
  url: string;
  issuer: string;
  /** The zone that owns the URL (its gateway URL or its DTC URL); null when no zone claims it. */
  owner: string | null;
  /** Whether the URL is the owner's gateway URL or its DTC URL. */
  source: "gateway" | "dtc" | "unknown";
}

export interface TopologyRealm {
  name: string;
  entries: TopologyRealmEntry[];
  /** Active routes of the zone that use this realm for their downstreams. */
  routes: number;
  /** The APIs (base paths) served on this realm in this zone. */
  apis: string[];
}

export interface TopologyZone {
  name: string;
  visibility: ZoneVisibility;
  gatewayUrl: string;
  dtcUrl: string | null;
  /** A zone a failover subscription can fail over to: a DTC URL and ENTERPRISE visibility. */
  dtcEligible: boolean;
  /** Member of the `dtc` realm: its DTC URL is an entry of every DTC zone's `dtc` realm. */
  dtcMember: boolean;
  realms: TopologyRealm[];
  problems: Warning[];
  routes: Record<RouteKind, number> & { inactive: number };
}

export interface TopologyServing {
  zone: string;
  kind: RouteKind;
  realm: string;
  routes: number;
  /** Application versions behind these routes, e.g. `mod-capabilities@2.0.0`. */
  versions: string[];
  /** For proxy and failover routes: the provider zone Kong forwards to. */
  via: string | null;
}

export interface TopologyApi {
  basePath: string;
  /** `application@version` of every exposure of this base path. */
  applications: string[];
  providers: string[];
  /** Rovers (`name@version (zone)`) whose failover subscription moved the API to the `dtc` realm. */
  failoverSubscribers: string[];
  realm: string;
  serving: TopologyServing[];
  inactiveRoutes: number;
}

export interface Topology {
  environment: string;
  zones: TopologyZone[];
  apis: TopologyApi[];
}

const byText = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
const KIND_ORDER: Record<RouteKind, number> = { real: 0, proxy: 1, failover: 2 };

function ownersOf(zones: readonly TopologyZoneInput[]) {
  const owners = new Map<string, { owner: string; source: "gateway" | "dtc" }>();
  for (const z of zones) {
    owners.set(z.gatewayUrl, { owner: z.name, source: "gateway" });
    if (z.dtcUrl) owners.set(z.dtcUrl, { owner: z.name, source: "dtc" });
  }
  return owners;
}

function zoneRealms(output: ZoneOutput, owners: ReturnType<typeof ownersOf>): TopologyRealm[] {
  const usage = new Map<string, { routes: number; apis: Set<string> }>();
  for (const route of output.routes) {
    const entry = usage.get(route.realm) ?? { routes: 0, apis: new Set<string>() };
    entry.routes += 1;
    entry.apis.add(route.basePath);
    usage.set(route.realm, entry);
  }
  return output.realms.map((realm: Realm) => ({
    name: realm.name,
    entries: realm.entries.map((e) => {
      const owner = owners.get(e.url);
      return {
        url: e.url,
        issuer: e.issuer,
        owner: owner?.owner ?? null,
        source: owner?.source ?? "unknown",
      };
    }),
    routes: usage.get(realm.name)?.routes ?? 0,
    apis: [...(usage.get(realm.name)?.apis ?? [])].sort(byText),
  }));
}

function realmProblems(output: ZoneOutput): Warning[] {
  // One exposure can raise the same warning once per endpoint route; show each message once.
  const seen = new Set<string>();
  return output.warnings.filter((w) => {
    if (!realmProblemCodes.has(w.code) || seen.has(w.message)) return false;
    seen.add(w.message);
    return true;
  });
}

export function buildTopology(
  result: CompileResult,
  zoneInputs: readonly TopologyZoneInput[],
  environment: string,
): Topology {
  const inputs = new Map(zoneInputs.map((z) => [z.name, z]));
  const owners = ownersOf(zoneInputs);
  const dtcMembers = new Set(zoneInputs.filter((z) => z.dtcUrl).map((z) => z.name));

  interface ApiAcc {
    applications: Set<string>;
    providers: Set<string>;
    failover: Set<string>;
    realms: Set<string>;
    serving: Map<string, TopologyServing & { versionSet: Set<string> }>;
    inactive: number;
  }
  const apis = new Map<string, ApiAcc>();
  const apiOf = (basePath: string) => {
    let acc = apis.get(basePath);
    if (!acc) {
      acc = {
        applications: new Set(),
        providers: new Set(),
        failover: new Set(),
        realms: new Set(),
        serving: new Map(),
        inactive: 0,
      };
      apis.set(basePath, acc);
    }
    return acc;
  };

  const zones: TopologyZone[] = [];
  for (const output of result.zones) {
    const input = inputs.get(output.zone);
    if (!input) continue;
    const counts = { real: 0, proxy: 0, failover: 0, inactive: output.inactiveRoutes.length };
    for (const route of output.routes) {
      counts[route.kind] += 1;
      const acc = apiOf(route.basePath);
      const label = `${route.application}@${route.version}`;
      const via = route.upstream.viaZone ?? null;
      if (route.kind === "real") {
        acc.applications.add(label);
        acc.providers.add(route.zone);
      } else if (via) acc.providers.add(via);
      acc.realms.add(route.realm);
      for (const reason of route.reasons) {
        if (reason.type !== "realm" && reason.type !== "failover") continue;
        for (const ref of reason.refs ?? []) {
          if (ref.kind === "rover") acc.failover.add(`${ref.name}@${ref.version} (${ref.zone})`);
        }
      }
      const key = `${route.zone}|${route.kind}|${route.realm}|${via ?? ""}`;
      let serving = acc.serving.get(key);
      if (!serving) {
        serving = {
          zone: route.zone,
          kind: route.kind,
          realm: route.realm,
          routes: 0,
          versions: [],
          via,
          versionSet: new Set(),
        };
        acc.serving.set(key, serving);
      }
      serving.routes += 1;
      serving.versionSet.add(label);
    }
    for (const route of output.inactiveRoutes) {
      const acc = apiOf(route.basePath);
      acc.inactive += 1;
      if (route.kind === "real") {
        acc.applications.add(`${route.application}@${route.version}`);
        acc.providers.add(route.zone);
      }
    }
    zones.push({
      name: output.zone,
      visibility: input.visibility,
      gatewayUrl: input.gatewayUrl,
      dtcUrl: input.dtcUrl,
      dtcEligible: output.dtcEligible,
      dtcMember: dtcMembers.has(output.zone),
      realms: zoneRealms(output, owners),
      problems: realmProblems(output),
      routes: counts,
    });
  }

  const apiList: TopologyApi[] = [...apis.entries()]
    .sort(([a], [b]) => byText(a, b))
    .map(([basePath, acc]) => ({
      basePath,
      applications: [...acc.applications].sort(byText),
      providers: [...acc.providers].sort(byText),
      failoverSubscribers: [...acc.failover].sort(byText),
      realm: acc.realms.has(DTC_REALM) ? DTC_REALM : environment,
      serving: [...acc.serving.values()]
        .map(({ versionSet, ...s }) => ({ ...s, versions: [...versionSet].sort(byText) }))
        .sort((a, b) => byText(a.zone, b.zone) || KIND_ORDER[a.kind] - KIND_ORDER[b.kind]),
      inactiveRoutes: acc.inactive,
    }));

  return { environment, zones, apis: apiList };
}

// ---- documentation schema (the OpenAPI document is generated from it) ----

const warningSchema = z.object({
  code: z.string(),
  severity: z.enum(["warning", "error", "info"]),
  message: z.string(),
  zone: z.string().optional(),
  routes: z.array(z.string()).optional(),
  refs: z.array(z.record(z.string(), z.unknown())).optional(),
});
const kindSchema = z.enum(["real", "proxy", "failover"]);

export const topologySchema = z.object({
  environment: z.string(),
  zones: z.array(
    z.object({
      name: z.string(),
      visibility: z.enum(["WORLD", "ENTERPRISE"]),
      gatewayUrl: z.string(),
      dtcUrl: z.string().nullable(),
      dtcEligible: z.boolean(),
      dtcMember: z.boolean(),
      realms: z.array(
        z.object({
          name: z.string(),
          entries: z.array(
            z.object({
              url: z.string(),
              issuer: z.string(),
              owner: z.string().nullable(),
              source: z.enum(["gateway", "dtc", "unknown"]),
            }),
          ),
          routes: z.number().int(),
          apis: z.array(z.string()),
        }),
      ),
      problems: z.array(warningSchema),
      routes: z.object({
        real: z.number().int(),
        proxy: z.number().int(),
        failover: z.number().int(),
        inactive: z.number().int(),
      }),
    }),
  ),
  apis: z.array(
    z.object({
      basePath: z.string(),
      applications: z.array(z.string()),
      providers: z.array(z.string()),
      failoverSubscribers: z.array(z.string()),
      realm: z.string(),
      serving: z.array(
        z.object({
          zone: z.string(),
          kind: kindSchema,
          realm: z.string(),
          routes: z.number().int(),
          versions: z.array(z.string()),
          via: z.string().nullable(),
        }),
      ),
      inactiveRoutes: z.number().int(),
    }),
  ),
});
