/**
 * A zone's Kong state as a decK declarative configuration (`_format_version: "3.0"`), the file
 * format Kong users already read and diff: routes nested in their service, plugins nested in
 * their route, targets nested in their upstream. Foreign keys are implied by nesting, so they are
 * left out; ids stay so decK matches entities by id exactly as a Switchyard publish does.
 */
import { compareStrings } from "./semver";
import type { KongPlugin, KongRoute, KongService, KongTarget, KongUpstream, ZoneOutput } from "./types";

export type DeckPlugin = Omit<KongPlugin, "route">;
export type DeckRoute = Omit<KongRoute, "service"> & { plugins?: DeckPlugin[] };
export type DeckService = Omit<KongService, "path"> & { path?: string; routes: DeckRoute[] };
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
  const pluginsByRoute = groupBy(plugins, (p) => p.route.id);
  const routesByService = groupBy(routes, (r) => r.service.id);
  const targetsByUpstream = groupBy(targets, (t) => t.upstream.id);
  const byName = <T extends { name: string }>(a: T, b: T) => compareStrings(a.name, b.name);

  return {
    _format_version: "3.0",
    // decK limits a sync to entities carrying these tags, as Switchyard's publish does.
    _info: { select_tags: ["switchyard", `zone:${zone.zone}`] },
    services: [...services].sort(byName).map(({ path, ...service }) => ({
      ...service,
      ...(path === null ? {} : { path }),
      routes: (routesByService.get(service.id) ?? []).sort(byName).map(({ service: _service, ...route }) => {
        const routePlugins = (pluginsByRoute.get(route.id) ?? [])
          .sort((a, b) => compareStrings(a.instance_name, b.instance_name))
          .map(({ route: _route, ...plugin }) => ({ ...plugin, tags: [...plugin.tags] }));
        return { ...route, tags: [...route.tags], ...(routePlugins.length > 0 ? { plugins: routePlugins } : {}) };
      }),
    })),
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
