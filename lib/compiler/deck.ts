/**
 * A zone's Kong state as a decK declarative configuration (`_format_version: "3.0"`), the file
 * format Kong users already read and diff: routes and plugins nested in their service (the issuer
 * plugin is scoped to the route's own service), targets nested in their upstream. Foreign keys are implied by nesting, so they are
 * left out; ids stay so decK matches entities by id exactly as a Switchyard publish does.
 */
import { compareStrings } from "./semver";
import type { KongPlugin, KongRoute, KongService, KongTarget, KongUpstream, ZoneOutput } from "./types";

export type DeckPlugin = Omit<KongPlugin, "service">;
export type DeckRoute = Omit<KongRoute, "service">;
export type DeckService = Omit<KongService, "path"> & { path?: string; routes: DeckRoute[]; plugins?: DeckPlugin[] };
export type DeckTarget = Omit<KongTarget, "upstream">;
export type DeckUpstream = KongUpstream & { targets: DeckTarget[] };

export interface DeckConfig {
  _format_version: "3.0";
  _info: { select_tags: string[] };
  services: DeckService[];
  upstreams: DeckUpstream[];
}

export function toDeckConfig(zone: ZoneOutput): DeckConfig {
  const { services, routes, plugins, upstreams, targets } = zone.kong;
  const pluginsByService = groupBy(plugins, (p) => p.service.id);
  const routesByService = groupBy(routes, (r) => r.service.id);
  const targetsByUpstream = groupBy(targets, (t) => t.upstream.id);
  const byName = <T extends { name: string }>(a: T, b: T) => compareStrings(a.name, b.name);

  return {
    _format_version: "3.0",
    // decK limits a sync to entities carrying these tags, as Switchyard's publish does.
    _info: { select_tags: ["switchyard", `zone:${zone.zone}`] },
    services: [...services].sort(byName).map(({ path, ...service }) => {
      const servicePlugins = (pluginsByService.get(service.id) ?? [])
        .sort((a, b) => compareStrings(a.instance_name, b.instance_name))
        .map(({ service: _service, ...plugin }) => ({ ...plugin, tags: [...plugin.tags] }));
      return {
        ...service,
        ...(path === null ? {} : { path }),
        routes: (routesByService.get(service.id) ?? [])
          .sort(byName)
          .map(({ service: _service, ...route }) => ({ ...route, tags: [...route.tags] })),
        ...(servicePlugins.length > 0 ? { plugins: servicePlugins } : {}),
      };
    }),
    upstreams: [...upstreams].sort(byName).map((upstream) => ({
      ...upstream,
      tags: [...upstream.tags],
      targets: (targetsByUpstream.get(upstream.id) ?? [])
        .sort((a, b) => compareStrings(a.target, b.target))
        .map(({ upstream: _upstream, ...target }) => ({ ...target, tags: [...target.tags] })),
    })),
  };
}

function groupBy<T>(items: readonly T[], key: (t: T) => string): Map<string, T[]> {
  const map = new Map<string, T[]>();
  for (const item of items) {
    const k = key(item);
    const list = map.get(k) ?? [];
    list.push(item);
    map.set(k, list);
  }
  return map;
}
