import "server-only";
import type { CompiledRoute, InactiveRoute } from "../compiler/types";

/**
 * API shapes of compiler output. A route as served by GET /zones/{name}/routes: everything the
 * compiler knows about it except the expression's syntax tree (large, and the text is canonical).
 */
export type RouteView = Omit<CompiledRoute, "expressionTree"> & { active: true };
export type InactiveRouteView = InactiveRoute & { active: false };

export function routeView(route: CompiledRoute): RouteView {
  const { expressionTree: _tree, ...rest } = route;
  return { ...rest, active: true };
}

export function inactiveRouteView(route: InactiveRoute): InactiveRouteView {
  return { ...route, active: false };
}
