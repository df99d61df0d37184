/**
 * The compiler's input (a snapshot of the database) and output (per zone: realms, routes, Kong
 * entities, warnings). Plain data only: lib/db builds a Snapshot, the UI and API render the output.
 */
import type { Expr } from "../atc/ast";

export type ZoneVisibility = "WORLD" | "ENTERPRISE";
export type ExposureVisibility = "WORLD" | "ENTERPRISE" | "ZONE";
export type TenantAccess = "NONE" | "ANY" | "ENTITLED";

export interface SettingsInput {
  /** Name of every zone's default realm. */
  environment: string;
  /** Tenant header name as sent by clients, e.g. `x-okapi-tenant`. */
  tenantHeader: string;
  /** The Kong plugin that enforces a route's trusted issuers (issuer-plugins.ts); absent = `jwt-keycloak`. */
  issuerPlugin?: string;
}

export interface ZoneInput {
  name: string;
  visibility: ZoneVisibility;
  gatewayUrl: string;
  identityProviderUrl: string;
  dtcUrl: string | null;
  enforceIssuers: boolean;
}

export interface UpstreamInput {
  url: string;
  weight: number;
}

export interface EndpointInput {
  methods: string[];
  path: string;
}

export interface ExposureInput {
  basePath: string;
  upstreams: UpstreamInput[];
  visibility: ExposureVisibility;
  tenantAccess: TenantAccess;
  endpoints: EndpointInput[];
  /** Forward only what follows the base path to the upstreams (docs/path-contract.md); absent = false. */
  stripBasePath?: boolean;
}

export interface SubscriptionInput {
  basePath: string;
  approved: boolean;
}

export interface RoverInput {
  id: string;
  name: string;
  version: string;
  zone: string;
  failoverEnabled: boolean;
  exposures: ExposureInput[];
  subscriptions: SubscriptionInput[];
}

export interface EntitlementInput {
  tenant: string;
  application: string;
  version: string;
}

export interface Snapshot {
  settings: SettingsInput;
  zones: ZoneInput[];
  rovers: RoverInput[];
  entitlements: EntitlementInput[];
}

// ---------------------------------------------------------------- output

export interface RealmEntry {
  url: string;
  issuer: string;
}

export interface Realm {
  name: string;
  entries: RealmEntry[];
}

/** real: in the provider zone, to the exposure's upstreams. proxy: in a subscriber's zone.
 *  failover: in a DTC-eligible zone that holds no subscriber but serves a failover subscription. */
export type RouteKind = "real" | "proxy" | "failover";

export type ReasonType = "exposure" | "subscription" | "failover" | "entitlement" | "realm" | "tenant-access";

export interface Reason {
  type: ReasonType;
  message: string;
  /** The entities this reason is about, for links in the UI. */
  refs?: EntityRef[];
}

export type EntityRef =
  | { kind: "zone"; name: string }
  | { kind: "rover"; id: string; name: string; version: string; zone: string }
  | { kind: "tenant"; name: string }
  | { kind: "entitlement"; tenant: string; application: string; version: string };

export interface Downstream {
  host: string;
  /** URL path of the realm entry + basePath, no trailing slash (except "/"). */
  path: string;
  url: string;
  issuer: string;
  /**
   * What Kong strips from the front of a request that enters here before it joins the rest to the
   * service path (docs/path-contract.md): the realm entry's URL path, plus the base path for a
   * real route with `stripBasePath`. "" strips nothing.
   */
  stripPrefix: string;
}

export interface RouteUpstream {
  /** Where Kong forwards: the exposure's upstreams (real) or the provider's default gateway URL (proxy/failover; its path is the service path). */
  targets: UpstreamInput[];
  /** For proxy and failover routes: the zone whose gateway serves the API. */
  viaZone?: string;
}

export interface PriorityPart {
  name: string;
  bits: number;
  /** Bit offset of this field's lowest bit. */
  shift: number;
  value: number;
  explanation: string;
}

export interface CompiledRoute {
  /** Unique within the zone, stable across compiles, usable as a Kong name. */
  name: string;
  zone: string;
  kind: RouteKind;
  application: string;
  version: string;
  roverId: string;
  basePath: string;
  endpoint: EndpointInput | null;
  realm: string;
  downstreams: Downstream[];
  tenantAccess: TenantAccess;
  /** Entitled tenants (ENTITLED), sorted and de-duplicated; empty for NONE and ANY. */
  tenants: string[];
  expression: string;
  expressionTree: Expr;
  priority: number;
  priorityParts: PriorityPart[];
  upstream: RouteUpstream;
  /** Trusted issuers of the route's downstreams, sorted, never empty strings. */
  issuers: string[];
  reasons: Reason[];
  /** The exposure's `stripBasePath`: what the provider's upstreams finally receive (docs/path-contract.md). */
  stripBasePath: boolean;
  /** The upstreams of the provider zone's real route, which finally receive the request (a real route's own). */
  providerUpstreams: UpstreamInput[];
}

/** A route the rules call for but that is not emitted, with why (e.g. ENTITLED with no tenants). */
export interface InactiveRoute {
  name: string;
  zone: string;
  kind: RouteKind;
  application: string;
  version: string;
  roverId: string;
  basePath: string;
  endpoint: EndpointInput | null;
  reason: string;
  reasons: Reason[];
}

export type WarningCode =
  | "route-shadowed"
  | "routes-overlap"
  | "dtc-realm-missing"
  | "subscription-refused"
  | "subscription-unmatched"
  /** A failover subscription to a ZONE exposure: it gets no failover routes outside the provider zone. */
  | "failover-refused"
  /** Several upstream URLs that differ in protocol or path: a Kong upstream can't keep them apart. */
  | "upstream-mismatch";

export interface Warning {
  code: WarningCode;
  severity: "warning" | "error" | "info";
  message: string;
  zone?: string;
  routes?: string[];
  refs?: EntityRef[];
}

export interface SubscriptionRefusal {
  subscriberRoverId: string;
  subscriberZone: string;
  basePath: string;
  providerRoverId: string;
  providerZone: string;
  reason: string;
}

// ---- Kong entities (the subset Switchyard manages), shaped as the Admin API takes them ----

export interface KongService {
  id: string;
  name: string;
  protocol: "http" | "https";
  host: string;
  port: number;
  path: string | null;
  tags: string[];
}

export interface KongUpstream {
  id: string;
  name: string;
  algorithm: "round-robin";
  tags: string[];
}

export interface KongTarget {
  id: string;
  upstream: { id: string };
  target: string;
  weight: number;
  tags: string[];
}

export interface KongRoute {
  id: string;
  name: string;
  expression: string;
  priority: number;
  protocols: ["http", "https"];
  service: { id: string };
  strip_path: boolean;
  preserve_host: boolean;
  tags: string[];
}

export interface KongPlugin {
  id: string;
  name: string;
  instance_name: string;
  /**
   * Scoped to the route's own service (every route has one): the plugin can be written before the
   * route, so no moment of a publish has the route live without its issuer check.
   */
  service: { id: string };
  config: Record<string, unknown>;
  enabled: boolean;
  tags: string[];
}

export interface KongState {
  services: KongService[];
  upstreams: KongUpstream[];
  targets: KongTarget[];
  routes: KongRoute[];
  plugins: KongPlugin[];
}

export interface ZoneOutput {
  zone: string;
  dtcEligible: boolean;
  realms: Realm[];
  routes: CompiledRoute[];
  inactiveRoutes: InactiveRoute[];
  refusals: SubscriptionRefusal[];
  warnings: Warning[];
  kong: KongState;
}

export interface CompileResult {
  /** Ordered by zone name. */
  zones: ZoneOutput[];
}
