/**
 * The Kong entities a zone's routes need, shaped as the Admin API takes them. Ids are UUID v5
 * from zone + entity type + name; everything carries `switchyard` and `zone:<name>` so a publish
 * never touches entities Switchyard did not create.
 */
import { fnv1a } from "./routes";
import { kongEntityId, type KongEntityType } from "./ids";
import { ISSUER_PLUGINS, type IssuerPluginName } from "./issuer-plugins";
import { needsStripPath } from "./path-contract";
import { compareStrings } from "./semver";
import type { CompiledRoute, KongPlugin, KongRoute, KongService, KongState, KongTarget, KongUpstream, Warning } from "./types";

/** How a zone's routes enforce their issuers: whether at all (the zone's setting), and with which plugin (the estate's). */
export interface IssuerEnforcement {
  enforce: boolean;
  plugin: IssuerPluginName;
}

const tagsByZone = new Map<string, string[]>();

/**
 * The tags of a zone's entities: one array per zone, shared by all of them (a large zone has
 * thousands of entities, and nothing mutates entities after the compile).
 */
export function zoneTags(zone: string): string[] {
  let tags = tagsByZone.get(zone);
  if (!tags) {
    tags = ["switchyard", `zone:${zone}`];
    if (tagsByZone.size > 10_000) tagsByZone.clear();
    tagsByZone.set(zone, tags);
  }
  return tags;
}

export type IdSource = (zone: string, type: KongEntityType, name: string) => string;

/** Kong entities of one route, without the route's priority-dependent parts. */
export interface RouteEntities {
  service: KongService;
  upstream: KongUpstream | null;
  targets: KongTarget[];
  route: KongRoute;
  plugin: KongPlugin | null;
  warnings: Warning[];
}

interface ParsedTarget {
  protocol: "http" | "https";
  host: string;
  port: number;
  path: string | null;
}

/** Every endpoint route of an exposure, in every zone, has the same upstream URLs: parse each once. */
const parsedTargets = new Map<string, ParsedTarget>();

function parsedTarget(url: string): ParsedTarget {
  let parsed = parsedTargets.get(url);
  if (!parsed) {
    const u = new URL(url);
    const protocol = u.protocol === "https:" ? "https" : "http";
    const path = u.pathname.replace(/\/+$/, "");
    parsed = { protocol, host: u.hostname, port: u.port ? Number(u.port) : protocol === "https" ? 443 : 80, path: path === "" ? null : path };
    if (parsedTargets.size > 50_000) parsedTargets.clear();
    parsedTargets.set(url, parsed);
  }
  return parsed;
}

/** Kong upstream names are host names: lower-case labels, so route names are folded and made unique with a hash. */
function upstreamName(routeName: string): string {
  const label = routeName.toLowerCase().replace(/[^a-z0-9-]+/g, "-").replace(/^-+|-+$/g, "").slice(0, 40) || "route";
  return `${label}-${fnv1a(routeName)}.upstream`;
}

export function routeEntities(route: CompiledRoute, issuers: IssuerEnforcement, idOf: IdSource = kongEntityId): RouteEntities {
  const tags = zoneTags(route.zone);
  const warnings: Warning[] = [];
  const targets = route.upstream.targets.map((t) => ({ ...parsedTarget(t.url), weight: t.weight }));
  const first = targets[0];
  // One plain upstream is a service pointing straight at it; several (weights only mean
  // something between several) need a Kong upstream with targets.
  const balanced = targets.length > 1;
  let upstream: KongUpstream | null = null;
  const kongTargets: KongTarget[] = [];
  if (balanced) {
    const name = upstreamName(route.name);
    upstream = { id: idOf(route.zone, "upstream", name), name, algorithm: "round-robin", tags };
    const weights = new Map<string, number>();
    for (const t of targets) {
      const target = `${t.host}:${t.port}`;
      // Kong refuses two targets with the same host:port in one upstream; their weights add up.
      weights.set(target, Math.min(65535, (weights.get(target) ?? 0) + t.weight));
    }
    for (const [target, weight] of [...weights].sort(([a], [b]) => compareStrings(a, b))) {
      kongTargets.push({ id: idOf(route.zone, "target", `${name}/${target}`), upstream: { id: upstream.id }, target, weight, tags });
    }
    if (targets.some((t) => t.protocol !== first.protocol || t.path !== first.path)) {
      warnings.push({
        code: "upstream-mismatch",
        severity: "warning",
        message: `Route ${route.name}: a Kong upstream balances host:port only, so all targets use ${first.protocol} and path ${first.path ?? "/"} of the first upstream URL`,
        zone: route.zone,
        routes: [route.name],
      });
    }
  }
  const service: KongService = {
    id: idOf(route.zone, "service", route.name),
    name: route.name,
    protocol: first.protocol,
    host: upstream ? upstream.name : first.host,
    port: upstream ? (first.protocol === "https" ? 443 : 80) : first.port,
    path: first.path,
    tags,
  };
  const kongRoute: KongRoute = {
    id: idOf(route.zone, "route", route.name),
    name: route.name,
    expression: route.expression,
    priority: route.priority,
    protocols: ["http", "https"],
    service: { id: service.id },
    // Kong strips what the expression's last `http.path` predicate reports (docs/path-contract.md);
    // a route whose downstreams have nothing to strip keeps the request path whole.
    strip_path: needsStripPath(route.downstreams),
    preserve_host: false,
    tags,
  };
  const plugin: KongPlugin | null =
    issuers.enforce && route.issuers.length > 0
      ? {
          // The plugin's name is part of its identity: switching plugins replaces the entity
          // (Kong keeps a plugin's name fixed), and the default keeps the ids it always had.
          id: idOf(route.zone, "plugin", `${route.name}/${issuers.plugin}`),
          name: issuers.plugin,
          instance_name: `${route.name}.${issuers.plugin}`,
          service: { id: service.id },
          config: ISSUER_PLUGINS[issuers.plugin].config(route.issuers),
          enabled: true,
          tags,
        }
      : null;
  return { service, upstream, targets: kongTargets, route: kongRoute, plugin, warnings };
}

export function kongState(entities: readonly RouteEntities[]): KongState {
  const byName = <T extends { name: string }>(a: T, b: T) => compareStrings(a.name, b.name);
  return {
    services: entities.map((e) => e.service).sort(byName),
    upstreams: entities.flatMap((e) => (e.upstream ? [e.upstream] : [])).sort(byName),
    targets: entities.flatMap((e) => e.targets).sort((a, b) => compareStrings(a.upstream.id, b.upstream.id) || compareStrings(a.target, b.target)),
    routes: entities.map((e) => e.route).sort(byName),
    plugins: entities.flatMap((e) => (e.plugin ? [e.plugin] : [])).sort((a, b) => compareStrings(a.instance_name, b.instance_name)),
  };
}
