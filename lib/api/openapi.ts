/**
 * The OpenAPI 3.1 document of /api/v1, generated from the zod schemas the handlers parse with
 * (zod 4's JSON Schema output), so the document can't drift from what the API accepts.
 * `tests/integration/openapi.test.ts` checks that every route file appears here.
 */
import { z } from "zod";
import { auditEventSchema, auditListQuery } from "./audit";
import { realmSchema, routeViewSchema, simulationSchema } from "./derived";
import {
  meSchema,
  tokenCreateSchema,
  tokenCreatedSchema,
  tokenListQuery,
  tokenParams,
  tokenSchema,
  userCreateSchema,
  userListQuery,
  userParams,
  userSchema,
  userUpdateSchema,
} from "../auth/schemas";
import { routeDetailSchema, routeNameParams, routeSearchQuery, routeSummarySchema } from "./route-list";
import { refusalQuery } from "./overview";
import { topologySchema } from "./topology";
import {
  estatePlanSchema,
  estatePublishQuery,
  estatePublishSchema,
  publishDetailQuery,
  publishDetailSchema,
  publishListQuery,
  publishPreviewSchema,
  publishQuery,
  publishRecordSchema,
  zoneDriftSchema,
} from "../publish/schemas";
import {
  cascadeQuery,
  entitlementListQuery,
  idParams,
  estateQuery,
  importQuery,
  kongConfigQuery,
  roverListQuery,
  routeListQuery,
  tenantListQuery,
  tenantParams,
  zoneListQuery,
  zoneParams,
} from "./queries";
import {
  entitlementBatchSchema,
  entitlementCreateSchema,
  endpointPreviewSchema,
  entitlementSchema,
  errorBodySchema,
  roverCreateSchema,
  roverSchema,
  roverUpdateSchema,
  settingsSchema,
  settingsUpdateSchema,
  simulateSchema,
  tenantCreateSchema,
  tenantSchema,
  tenantUpdateSchema,
  zoneCreateSchema,
  zoneSchema,
  zoneUpdateSchema,
} from "./schemas";

const settingsViewSchema = settingsSchema.extend({ revision: z.number().int(), updatedAt: z.string() });
const batchResultSchema = z.object({
  granted: z.number().int(),
  alreadyGranted: z.number().int(),
  revoked: z.number().int(),
  notFound: z.number().int(),
});
const servedBySchema = z.object({ name: z.string(), kind: z.string(), application: z.string(), version: z.string() });
const impactRouteSchema = z.object({ expression: z.string(), priority: z.number().int(), tenants: z.array(z.string()) });
const entitlementImpactSchema = z.object({
  zones: z.array(
    z.object({
      zone: z.string(),
      routes: z.number().int(),
      added: z.array(z.string()),
      removed: z.array(z.string()),
      changed: z.array(
        z.object({ name: z.string(), fields: z.array(z.string()), before: impactRouteSchema, after: impactRouteSchema }),
      ),
      activated: z.array(z.string()),
      deactivated: z.array(z.string()),
    }),
  ),
  routes: z.number().int(),
  effects: z
    .array(
      z.object({
        tenant: z.string(),
        zone: z.string(),
        basePath: z.string(),
        endpoint: z.object({ methods: z.array(z.string()), path: z.string() }).nullable(),
        request: z.object({ method: z.string(), scheme: z.string(), host: z.string(), path: z.string() }),
        before: servedBySchema.nullable(),
        after: servedBySchema.nullable(),
      }),
    )
    .describe("Per tenant of the batch and endpoint: the route Kong picks now (before) and after the change; null = no route"),
});
const fieldErrorSchema = z.object({
  path: z.string(),
  message: z.string(),
  line: z.number().int().optional(),
  column: z.number().int().optional(),
});

/** Named schemas: components.schemas, referenced by name below. [schema, read as request input?] */
const COMPONENTS = {
  Zone: [zoneSchema, false],
  ZoneCreate: [zoneCreateSchema, true],
  ZoneUpdate: [zoneUpdateSchema, true],
  Rover: [roverSchema, false],
  RoverCreate: [roverCreateSchema, true],
  RoverUpdate: [roverUpdateSchema, true],
  Tenant: [tenantSchema, false],
  TenantCreate: [tenantCreateSchema, true],
  TenantUpdate: [tenantUpdateSchema, true],
  Entitlement: [entitlementSchema, false],
  EntitlementCreate: [entitlementCreateSchema, true],
  EntitlementBatch: [entitlementBatchSchema, true],
  EntitlementBatchResult: [batchResultSchema, false],
  EntitlementImpact: [entitlementImpactSchema, false],
  Settings: [settingsViewSchema, false],
  SettingsUpdate: [settingsUpdateSchema, true],
  Realm: [realmSchema, false],
  Route: [routeViewSchema, false],
  RouteDetail: [routeDetailSchema, false],
  RouteSummary: [routeSummarySchema, false],
  SimulateRequest: [simulateSchema, true],
  Simulation: [simulationSchema, false],
  Topology: [topologySchema, false],
  Publish: [publishRecordSchema, false],
  PublishDetail: [publishDetailSchema, false],
  PublishPreview: [publishPreviewSchema, false],
  EstatePlan: [estatePlanSchema, false],
  EstatePublish: [estatePublishSchema, false],
  ZoneDrift: [zoneDriftSchema, false],
  AuditEvent: [auditEventSchema, false],
  User: [userSchema, false],
  UserCreate: [userCreateSchema, true],
  UserUpdate: [userUpdateSchema, true],
  ApiToken: [tokenSchema, false],
  ApiTokenCreate: [tokenCreateSchema, true],
  ApiTokenCreated: [tokenCreatedSchema, false],
  Me: [meSchema, false],
  EndpointPreviewRequest: [endpointPreviewSchema, true],
  Error: [errorBodySchema, false],
  FieldError: [fieldErrorSchema, false],
} as const satisfies Record<string, readonly [z.ZodType, boolean]>;
type ComponentName = keyof typeof COMPONENTS;

type JsonSchema = Record<string, unknown>;

function jsonSchema(schema: z.ZodType, input: boolean): JsonSchema {
  // Refinements (URL and path rules) have no JSON Schema form; their messages document them instead.
  const { $schema: _dialect, ...rest } = z.toJSONSchema(schema, {
    io: input ? "input" : "output",
    unrepresentable: "any",
  });
  return rest;
}

const ref = (name: ComponentName) => ({ $ref: `#/components/schemas/${name}` });
const arrayOf = (name: ComponentName) => ({ type: "array", items: ref(name) });

type Status = 200 | 201 | 202 | 204 | 400 | 404 | 409 | 412 | 415 | 422;
const ERROR_TEXT: Partial<Record<Status, string>> = {
  400: "Malformed request (bad_request): body is not valid JSON/YAML",
  404: "Not found (not_found)",
  409: "Conflict (conflict): duplicate, still referenced, or clashing host",
  412: "Stale revision (precondition_failed): someone saved first",
  415: "Unsupported media type",
  422: "Validation failed (validation_failed): details lists one {path, message} per bad field",
};

interface OperationSpec {
  summary: string;
  tag: string;
  params?: z.ZodObject;
  query?: z.ZodObject;
  body?: ComponentName | { contentType: string; schema: JsonSchema };
  ok: {
    status: 200 | 201 | 202 | 204;
    description: string;
    schema?: JsonSchema;
    contentType?: string;
    headers?: string[];
  };
  errors: Status[];
  ifMatch?: boolean;
}

const LIST_HEADERS = ["X-Total-Count", "Link"];
const HEADER_DOCS: Record<string, JsonSchema> = {
  "X-Total-Count": {
    description: "Number of items matching the filter (all pages)",
    schema: { type: "integer" },
  },
  Link: {
    description: 'RFC 8288 links to the next/prev page: `<…>; rel="next"`',
    schema: { type: "string" },
  },
  ETag: {
    description: 'The entity\'s revision, quoted: `"3"`; send it back as If-Match',
    schema: { type: "string" },
  },
  Location: { description: "URL of the created entity", schema: { type: "string" } },
  "Content-Disposition": { description: "Suggested file name", schema: { type: "string" } },
};

const list = (tag: string, name: ComponentName, query: z.ZodObject): OperationSpec => ({
  summary: `List ${tag} (paged; the body is a JSON array)`,
  tag,
  query,
  ok: { status: 200, description: `A page of ${tag}`, schema: arrayOf(name), headers: LIST_HEADERS },
  errors: [422],
});
const create = (
  tag: string,
  body: ComponentName,
  result: ComponentName,
  errors: Status[] = [400, 409, 422],
): OperationSpec => ({
  summary: `Create a ${tag.replace(/s$/, "")}`,
  tag,
  body,
  ok: { status: 201, description: "Created", schema: ref(result), headers: ["ETag", "Location"] },
  errors,
});
const read = (tag: string, params: z.ZodObject, result: ComponentName): OperationSpec => ({
  summary: `Read one ${tag.replace(/s$/, "")}`,
  tag,
  params,
  ok: { status: 200, description: "The entity", schema: ref(result), headers: ["ETag"] },
  errors: [404],
});
const update = (
  tag: string,
  params: z.ZodObject | undefined,
  body: ComponentName,
  result: ComponentName,
  errors: Status[] = [400, 404, 412, 422],
): OperationSpec => ({
  summary: `Update a ${tag.replace(/s$/, "")} (If-Match or body revision guards against lost updates)`,
  tag,
  params,
  body,
  ifMatch: true,
  ok: { status: 200, description: "The updated entity", schema: ref(result), headers: ["ETag"] },
  errors,
});

/** Every /api/v1 operation: path → method → spec. */
export const OPERATIONS: Record<
  string,
  Partial<Record<"get" | "post" | "patch" | "delete", OperationSpec>>
> = {
  "/api/v1/zones": { get: list("zones", "Zone", zoneListQuery), post: create("zones", "ZoneCreate", "Zone") },
  "/api/v1/zones/{name}": {
    get: read("zones", zoneParams, "Zone"),
    patch: update("zones", zoneParams, "ZoneUpdate", "Zone", [400, 404, 409, 412, 422]),
    delete: {
      summary: "Delete a zone; 409 lists its rovers unless ?cascade=true deletes them too",
      tag: "zones",
      params: zoneParams,
      query: cascadeQuery,
      ok: {
        status: 200,
        description: "Deleted",
        schema: { type: "object", properties: { deletedRovers: { type: "integer" } } },
      },
      errors: [404, 409],
    },
  },
  "/api/v1/zones/{name}/realms": {
    get: {
      summary: "The zone's realms (default, and dtc when the zone has a DTC URL)",
      tag: "derived",
      params: zoneParams,
      ok: { status: 200, description: "Realms", schema: arrayOf("Realm") },
      errors: [404],
    },
  },
  "/api/v1/zones/{name}/routes": {
    get: {
      summary: "The zone's compiled routes in Kong's order (all unless limit is given)",
      tag: "derived",
      params: zoneParams,
      query: routeListQuery,
      ok: { status: 200, description: "Routes", schema: arrayOf("Route"), headers: ["X-Total-Count"] },
      errors: [404, 422],
    },
  },
  "/api/v1/zones/{name}/routes/{route}": {
    get: {
      summary: "One route of the zone in full, active or inactive, with its Kong id and place in Kong's order",
      tag: "derived",
      params: routeNameParams,
      ok: { status: 200, description: "Route", schema: ref("RouteDetail") },
      errors: [404],
    },
  },
  "/api/v1/routes": {
    get: {
      summary: "Every zone's routes as paged summaries (zones by name, each in Kong's order, then its inactive routes)",
      tag: "derived",
      query: routeSearchQuery,
      ok: { status: 200, description: "A page of route summaries", schema: arrayOf("RouteSummary"), headers: ["X-Total-Count"] },
      errors: [422],
    },
  },
  "/api/v1/zones/{name}/kong-config": {
    get: {
      summary: "The zone's desired Kong state as a decK declarative file (YAML, or JSON with ?format=json)",
      tag: "derived",
      params: zoneParams,
      query: kongConfigQuery,
      ok: {
        status: 200,
        description: "decK file",
        contentType: "application/yaml",
        schema: { type: "string" },
        headers: ["Content-Disposition"],
      },
      errors: [404, 422],
    },
  },
  "/api/v1/simulate": {
    post: {
      summary: "Which route Kong would pick for a request in a zone, and why the others lost",
      tag: "derived",
      body: "SimulateRequest",
      ok: { status: 200, description: "Simulation", schema: ref("Simulation") },
      errors: [400, 422],
    },
  },
  "/api/v1/topology": {
    get: {
      summary: "Zones with their realms, DTC URLs and eligibility, and which zones serve which API as real, proxy or failover routes",
      tag: "derived",
      ok: { status: 200, description: "Topology", schema: ref("Topology") },
      errors: [],
    },
  },
  "/api/v1/overview": {
    get: {
      summary:
        "The estate at a glance, from the cached compile (no Kong is called): per zone its routes, inactive routes, refused subscriptions, warnings by severity, unpublished route changes (pending) and last publish; estate totals",
      tag: "derived",
      ok: { status: 200, description: "Overview: {zones: [...], totals: {...}}", schema: { type: "object" } },
      errors: [],
    },
  },
  "/api/v1/pending": {
    get: {
      summary:
        "Zones whose routes differ from what their last successful publish sent (added, removed, changed routes; the publish page's 'since the last publish')",
      tag: "publish",
      ok: { status: 200, description: "{zones: [{zone, routes, added, removed, changed, baselinePublishId, publishedAt}], routes}", schema: { type: "object" } },
      errors: [],
    },
  },
  "/api/v1/refusals": {
    get: {
      summary: "Approved subscriptions the compiler refuses, with subscriber, provider, base path and reason",
      tag: "derived",
      query: refusalQuery,
      ok: { status: 200, description: "[{subscriber, provider, basePath, reason}]", schema: { type: "array" }, headers: ["X-Total-Count"] },
      errors: [422],
    },
  },
  "/api/v1/zones/{name}/kong-status": {
    get: {
      summary:
        "Whether the zone's Kong answers GET / and which Kong it is (version, edition, router flavor, DB-less), from a 15 s per-zone cache; a failed node is an answer with its failure class",
      tag: "publish",
      params: zoneParams,
      ok: { status: 200, description: "{zone, reachable, failure, error, version, edition, routerFlavor, dbless, ageSeconds}", schema: { type: "object" } },
      errors: [404],
    },
  },
  "/api/v1/tenants/{name}/routes": {
    get: {
      summary:
        "Per zone and API endpoint, the route Kong would pick for a request with this tenant's header (servedBy null: no route), worked out by the simulator",
      tag: "derived",
      params: tenantParams,
      ok: { status: 200, description: "{tenant, tenantHeader, endpoints: [{zone, applications, basePath, endpoint, request, servedBy}]}", schema: { type: "object" } },
      errors: [404],
    },
  },
  "/api/v1/rovers": {
    get: list("rovers", "Rover", roverListQuery),
    post: create("rovers", "RoverCreate", "Rover"),
  },
  "/api/v1/rovers/{id}": {
    get: read("rovers", idParams, "Rover"),
    patch: update("rovers", idParams, "RoverUpdate", "Rover"),
    delete: {
      summary: "Delete a rover",
      tag: "rovers",
      params: idParams,
      ok: { status: 204, description: "Deleted" },
      errors: [404],
    },
  },
  "/api/v1/rovers/{id}/export": {
    get: {
      summary: "The rover as a rover file (apiVersion switchyard/v1, kind Rover)",
      tag: "rovers",
      params: idParams,
      ok: {
        status: 200,
        description: "Rover file",
        contentType: "text/yaml",
        schema: { type: "string" },
        headers: ["Content-Disposition", "ETag"],
      },
      errors: [404],
    },
  },
  "/api/v1/rovers/import": {
    post: {
      summary:
        "Create a rover from a rover file, or replace it with ?upsert=true; problems carry line and column",
      tag: "rovers",
      query: importQuery,
      body: { contentType: "application/yaml", schema: { type: "string" } },
      ok: {
        status: 201,
        description: "Created (200 when an upsert replaced an existing rover)",
        schema: ref("Rover"),
        headers: ["ETag", "Location"],
      },
      errors: [400, 409, 422],
    },
  },
  "/api/v1/endpoints/preview": {
    post: {
      summary:
        "What importing an OpenAPI document (2.0, 3.0, 3.1; several files that $ref each other) or a FOLIO module descriptor would do to an exposure's endpoints: added, changed, removed, unchanged, and every construct not taken as written",
      tag: "rovers",
      body: "EndpointPreviewRequest",
      ok: {
        status: 200,
        description: "The preview; nothing is stored",
        schema: {
          type: "object",
          properties: {
            format: { type: "string", enum: ["openapi", "folio"] },
            source: { type: "string" },
            module: { type: ["object", "null"] },
            added: { type: "array" },
            changed: { type: "array" },
            removed: { type: "array" },
            unchanged: { type: "array" },
            result: { type: "array" },
            problems: { type: "array" },
          },
        },
      },
      errors: [400, 422],
    },
  },
  "/api/v1/estate": {
    get: {
      summary: "The whole estate (settings, zones without Kong admin tokens, rovers, tenants, entitlements) as one YAML document in a stable order",
      tag: "estate",
      ok: {
        status: 200,
        description: "Estate file",
        contentType: "text/yaml",
        schema: { type: "string" },
        headers: ["Content-Disposition"],
      },
      errors: [],
    },
    post: {
      summary:
        "With ?dryRun=true: what the estate file would create, change and delete, and each zone's route changes. Without: applies it in one transaction (editor; admin to change a Kong admin URL); ?prune=true also deletes what the file leaves out",
      tag: "estate",
      query: estateQuery,
      body: { contentType: "application/yaml", schema: { type: "string" } },
      ok: { status: 200, description: "The plan (applied unless dryRun)", schema: { type: "object" } },
      errors: [400, 409, 412, 422],
    },
  },
  "/api/v1/tenants": {
    get: list("tenants", "Tenant", tenantListQuery),
    post: create("tenants", "TenantCreate", "Tenant"),
  },
  "/api/v1/tenants/{name}": {
    get: read("tenants", tenantParams, "Tenant"),
    patch: update("tenants", tenantParams, "TenantUpdate", "Tenant"),
    delete: {
      summary: "Delete a tenant; 409 lists its entitlements unless ?cascade=true revokes them too",
      tag: "tenants",
      params: tenantParams,
      query: cascadeQuery,
      ok: {
        status: 200,
        description: "Deleted",
        schema: { type: "object", properties: { revokedEntitlements: { type: "integer" } } },
      },
      errors: [404, 409],
    },
  },
  "/api/v1/entitlements": {
    get: list("entitlements", "Entitlement", entitlementListQuery),
    post: create("entitlements", "EntitlementCreate", "Entitlement"),
  },
  "/api/v1/entitlements/{id}": {
    delete: {
      summary: "Revoke an entitlement",
      tag: "entitlements",
      params: idParams,
      ok: { status: 204, description: "Revoked" },
      errors: [404],
    },
  },
  "/api/v1/entitlements/batch": {
    post: {
      summary: "Grant and revoke many entitlements in one transaction",
      tag: "entitlements",
      body: "EntitlementBatch",
      ok: { status: 200, description: "What changed", schema: ref("EntitlementBatchResult") },
      errors: [400, 422],
    },
  },
  "/api/v1/entitlements/impact": {
    post: {
      summary: "Preview a batch of grants and revocations: routes added, removed, changed, (de)activated per zone",
      tag: "entitlements",
      body: "EntitlementBatch",
      ok: { status: 200, description: "The change's impact per zone; nothing is saved", schema: ref("EntitlementImpact") },
      errors: [400, 422],
    },
  },
  "/api/v1/settings": {
    get: {
      summary: "Estate-wide settings",
      tag: "settings",
      ok: { status: 200, description: "Settings", schema: ref("Settings"), headers: ["ETag"] },
      errors: [],
    },
    patch: update("settings", undefined, "SettingsUpdate", "Settings"),
  },
  "/api/v1/publish": {
    post: {
      summary:
        "Publish every zone: ?dryRun=true answers the estate plan (per zone its writes, its place in the order and the zones it waits for: a zone's proxy and failover routes are written after the routes they forward to, and removed before them); otherwise takes every zone's lock in name order, publishes the zones in that order and answers per zone what was and wasn't applied (a zone that fails stops the zones that depend on it). 409 while a zone's lock stays held. A dry run needs the viewer role, a publish the publisher role (else 403)",
      tag: "publish",
      query: estatePublishQuery,
      ok: { status: 200, description: "The estate publish (EstatePlan for a dry run)", schema: { oneOf: [ref("EstatePublish"), ref("EstatePlan")] } },
      errors: [409, 422],
    },
  },
  "/api/v1/zones/{name}/publish": {
    post: {
      summary:
        "Publish the zone to its Kong: ?dryRun=true answers the plan, route diff and warnings (PublishPreview); otherwise 202 with the running record (poll /publishes/{id}), or 200 when done or ?wait=true; 409 while another publish of the zone runs; 412 when its Kong can't be published to. A dry run needs the viewer role, a publish the publisher role (else 403)",
      tag: "publish",
      params: zoneParams,
      query: publishQuery,
      ok: { status: 200, description: "The publish record (PublishPreview for a dry run)", schema: { oneOf: [ref("Publish"), ref("PublishPreview")] }, headers: ["Location"] },
      errors: [404, 409, 412, 422],
    },
  },
  "/api/v1/zones/{name}/drift": {
    get: {
      summary: "Live Kong against the zone's last successful publish: managed entities changed, deleted or added by hand, and the unmanaged ones left alone",
      tag: "publish",
      params: zoneParams,
      ok: { status: 200, description: "Drift", schema: ref("ZoneDrift") },
      errors: [404],
    },
  },
  "/api/v1/publishes": {
    get: {
      summary: "Publish history, newest first (dry runs only with ?includeDryRuns=true)",
      tag: "publish",
      query: publishListQuery,
      ok: { status: 200, description: "A page of publishes", schema: arrayOf("Publish"), headers: LIST_HEADERS },
      errors: [422],
    },
  },
  "/api/v1/publishes/{id}": {
    get: {
      summary: "One publish: record, progress (done/total), plan, each write's outcome (?operations=false leaves them out) and its route diff",
      tag: "publish",
      params: idParams,
      query: publishDetailQuery,
      ok: { status: 200, description: "The publish", schema: ref("PublishDetail") },
      errors: [404, 422],
    },
  },
  "/api/v1/publishes/{id}/rollback": {
    post: {
      summary:
        "Re-publish this publish's desired state to its zone (rollback); ?dryRun=true for its preview; answers as POST /zones/{name}/publish (dry run: viewer; re-publish: publisher, else 403)",
      tag: "publish",
      params: idParams,
      query: publishQuery,
      ok: { status: 200, description: "The new publish record (PublishPreview for a dry run)", schema: { oneOf: [ref("Publish"), ref("PublishPreview")] }, headers: ["Location"] },
      errors: [404, 409, 412, 422],
    },
  },
  "/api/v1/audit": {
    get: {
      ...list("audit", "AuditEvent", auditListQuery),
      summary:
        "The audit trail, newest first: who changed or published what, with before/after (secrets redacted); paged",
    },
  },
  "/api/v1/me": {
    get: {
      summary: "Who the caller is (signed-in user or API token) and its role",
      tag: "access",
      ok: { status: 200, description: "The caller", schema: ref("Me") },
      errors: [],
    },
  },
  "/api/v1/users": {
    get: { ...list("users", "User", userListQuery), summary: "List users (admin; paged; the body is a JSON array)" },
    post: {
      summary: "Create a user with a role and a first password (admin)",
      tag: "users",
      body: "UserCreate",
      ok: { status: 201, description: "Created", schema: ref("User"), headers: ["Location"] },
      errors: [400, 409, 422],
    },
  },
  "/api/v1/users/{id}": {
    get: {
      summary: "Read one user (admin)",
      tag: "users",
      params: userParams,
      ok: { status: 200, description: "The user", schema: ref("User") },
      errors: [404],
    },
    patch: {
      summary: "Change a user's name, role or disabled flag (admin); disabling signs them out; 412 if no administrator would be left",
      tag: "users",
      params: userParams,
      body: "UserUpdate",
      ok: { status: 200, description: "The updated user", schema: ref("User") },
      errors: [400, 404, 412, 422],
    },
    delete: {
      summary: "Delete a user and their sessions (admin); 412 for yourself or the last administrator",
      tag: "users",
      params: userParams,
      ok: { status: 204, description: "Deleted" },
      errors: [404, 412],
    },
  },
  "/api/v1/tokens": {
    get: list("tokens", "ApiToken", tokenListQuery),
    post: {
      summary: "Create an API token scoped to a role (admin); the answer is the only time the token is shown",
      tag: "tokens",
      body: "ApiTokenCreate",
      ok: { status: 201, description: "Created, with the token", schema: ref("ApiTokenCreated"), headers: ["Location"] },
      errors: [400, 409, 422],
    },
  },
  "/api/v1/tokens/{id}": {
    delete: {
      summary: "Revoke an API token (admin): it stops working at once; the record stays",
      tag: "tokens",
      params: tokenParams,
      ok: { status: 200, description: "The revoked token", schema: ref("ApiToken") },
      errors: [404],
    },
  },
  "/api/v1/openapi.json": {
    get: {
      summary: "This document",
      tag: "meta",
      ok: { status: 200, description: "OpenAPI 3.1 document", schema: { type: "object" } },
      errors: [],
    },
  },
};

function parameters(where: "path" | "query", schema: z.ZodObject | undefined): JsonSchema[] {
  if (!schema) return [];
  return Object.entries(schema.shape).map(([name, field]) => ({
    name,
    in: where,
    required: where === "path",
    schema: jsonSchema(field as z.ZodType, true),
  }));
}

function operation(method: string, path: string, spec: OperationSpec): JsonSchema {
  const errorResponses = Object.fromEntries(
    [...spec.errors, 500].map((status) => [
      String(status),
      {
        description:
          status === 500
            ? "Unexpected error (internal); details are only in the server log"
            : ERROR_TEXT[status as Status],
        content: { "application/json": { schema: ref("Error") } },
      },
    ]),
  );
  const ok = spec.ok;
  const body =
    spec.body === undefined
      ? undefined
      : typeof spec.body === "string"
        ? { required: true, content: { "application/json": { schema: ref(spec.body) } } }
        : { required: true, content: { [spec.body.contentType]: { schema: spec.body.schema } } };
  return {
    operationId: `${method}${path
      .replace(/^\/api\/v1/, "")
      .replace(/[{}]/g, "")
      .replace(/[/.-](\w)/g, (_m, c: string) => c.toUpperCase())}`,
    summary: spec.summary,
    tags: [spec.tag],
    parameters: [
      ...parameters("path", spec.params),
      ...parameters("query", spec.query),
      ...(spec.ifMatch
        ? [
            {
              name: "If-Match",
              in: "header",
              required: false,
              schema: { type: "string" },
              description: 'ETag of the revision the change is based on, e.g. "3"',
            },
          ]
        : []),
    ],
    ...(body ? { requestBody: body } : {}),
    responses: {
      [String(ok.status)]: {
        description: ok.description,
        ...(ok.schema ? { content: { [ok.contentType ?? "application/json"]: { schema: ok.schema } } } : {}),
        ...(ok.headers ? { headers: Object.fromEntries(ok.headers.map((h) => [h, HEADER_DOCS[h]])) } : {}),
      },
      ...errorResponses,
    },
  };
}

let cached: JsonSchema | null = null;

export function openApiDocument(): JsonSchema {
  cached ??= {
    openapi: "3.1.0",
    info: {
      title: "Switchyard API",
      version: "1",
      description:
        "Zones, rovers, tenants and entitlements of a Kong gateway estate, and what Switchyard derives from them. " +
        "Every error has the body {error: {code, message, details?}}. " +
        "Every operation needs a credential: the session cookie of a signed-in user, or an API token as " +
        "`Authorization: Bearer <token>`. No or bad credentials answer 401 (unauthorized); a role too low for " +
        "the operation answers 403 (forbidden). Roles: viewer reads; editor changes zones, rovers, tenants and " +
        "entitlements; publisher also publishes; admin also manages users, tokens and Kong credentials.",
    },
    security: [{ bearerToken: [] }, { sessionCookie: [] }],
    paths: Object.fromEntries(
      Object.entries(OPERATIONS).map(([path, methods]) => [
        path,
        Object.fromEntries(
          Object.entries(methods).map(([method, spec]) => [method, operation(method, path, spec)]),
        ),
      ]),
    ),
    components: {
      schemas: Object.fromEntries(
        Object.entries(COMPONENTS).map(([name, [schema, input]]) => [name, jsonSchema(schema, input)]),
      ),
      securitySchemes: {
        bearerToken: { type: "http", scheme: "bearer", description: "An API token (admin → API tokens)" },
        sessionCookie: { type: "apiKey", in: "cookie", name: "switchyard.session_token" },
      },
    },
  };
  return cached;
}
