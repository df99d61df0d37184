/**
 * Switchyard's compiler: zones + rovers + entitlements → per zone realms, routes, Kong entities
 * and warnings. A pure function of the snapshot: no I/O, no clock, no randomness.
 */
export { compile, createCompiler, type Compiler } from "./compiler";
export { toDeckConfig, type DeckConfig } from "./deck";
export { dtcEligibleZones, isDtcEligible, issuerOf, zoneRealms, DTC_REALM } from "./realms";
export { PRIORITY_LAYOUT, MAX_KONG_PRIORITY, routePriority, basePriority } from "./priority";
export { routesCanOverlap, routeCovers, analyzeRoutes } from "./analysis";
export { tenantHeaderField } from "./expression";
export { SWITCHYARD_NAMESPACE, kongEntityId } from "./ids";
export { DEFAULT_ISSUER_PLUGIN, ISSUER_PLUGINS, ISSUER_PLUGIN_NAMES, isIssuerPlugin, type IssuerPluginName } from "./issuer-plugins";
export { forwardChain, describeForwardChain, exampleRequestPath, type ForwardHop } from "./path-contract";
export type * from "./types";
export { simulate, kongOrder, NO_ROUTE_MESSAGE, type SimulationResult, type SimulationCandidate, type SimulationMatch } from "./simulate";
export { kongRouteWriteOrder, routeWriteOrder, type RouteWrite, type RouteWriteAction } from "./write-order";
export { compareCompiles, compareZone, routeCount, type ZoneImpact, type ChangedRoute, type RouteField } from "./impact";
