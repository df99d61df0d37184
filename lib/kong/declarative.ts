/**
 * A zone's desired Kong entities as a declarative configuration (`_format_version: "3.0"`), the
 * body of a DB-less node's `POST /config` — the same shape decK files use: routes nested in their
 * service, targets in their upstream, plugins at the top level pointing at their route by id.
 */
import type { KongState } from "../compiler/types";

export interface DeclarativeConfig {
  _format_version: "3.0";
  services: Record<string, unknown>[];
  upstreams: Record<string, unknown>[];
  routes?: Record<string, unknown>[];
  plugins: Record<string, unknown>[];
}

export function toDeclarative(state: KongState): DeclarativeConfig {
  const routesByService = new Map<string, Record<string, unknown>[]>();
  const serviceIds = new Set(state.services.map((s) => s.id));
  const orphanRoutes: Record<string, unknown>[] = [];
  for (const route of state.routes) {
    const { service, ...rest } = route;
    if (serviceIds.has(service.id)) {
      let list = routesByService.get(service.id);
      if (!list) routesByService.set(service.id, (list = []));
      list.push(rest);
    } else orphanRoutes.push({ ...rest, service: service.id });
  }
  const targetsByUpstream = new Map<string, Record<string, unknown>[]>();
  for (const target of state.targets) {
    const { upstream, ...rest } = target;
    let list = targetsByUpstream.get(upstream.id);
    if (!list) targetsByUpstream.set(upstream.id, (list = []));
    list.push(rest);
  }
  const config: DeclarativeConfig = {
    _format_version: "3.0",
    services: state.services.map((s) => ({ ...s, routes: routesByService.get(s.id) ?? [] })),
    upstreams: state.upstreams.map((u) => ({ ...u, targets: targetsByUpstream.get(u.id) ?? [] })),
    // Declarative files reference other entities by id (or name) as plain strings.
    plugins: state.plugins.map((p) => ({ ...p, route: p.route.id })),
  };
  if (orphanRoutes.length > 0) config.routes = orphanRoutes;
  return config;
}
