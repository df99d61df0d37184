/**
 * Request and response schemas of /api/v1, shared by the route handlers, the browser forms
 * (react-hook-form + zodResolver) and the OpenAPI document. One message per bad field.
 */
import { z } from "zod";
import {
  DNS_LABEL,
  HTTP_METHODS,
  SEMVER,
  TENANT_NAME,
  basePathProblem,
  endpointPathProblem,
  httpUrlProblem,
  tenantHeaderProblem,
} from "../domain/rules";
import { ISSUER_PLUGIN_NAMES } from "../compiler/issuer-plugins";

const httpUrl = (label: string) =>
  z
    .string({ error: `${label} is required` })
    .trim()
    .min(1, `${label} is required`)
    .max(2048, `${label} must be at most 2048 characters`)
    .superRefine((v, ctx) => {
      const problem = httpUrlProblem(v);
      if (problem) ctx.addIssue({ code: "custom", message: `${label} ${problem}` });
    });

export const dnsLabel = (label: string) =>
  z
    .string({ error: `${label} is required` })
    .trim()
    .min(1, `${label} is required`)
    .max(63, `${label} must be at most 63 characters`)
    .regex(DNS_LABEL, `${label} must start with a lower-case letter and hold only a-z, 0-9 and -`);

export const semver = z
  .string({ error: "Version is required" })
  .trim()
  .min(1, "Version is required")
  .max(64, "Version must be at most 64 characters")
  .regex(SEMVER, "Version must be semantic, such as 1.2.0");

export const basePath = z
  .string({ error: "Base path is required" })
  .trim()
  .max(256, "Base path must be at most 256 characters")
  .superRefine((v, ctx) => {
    const problem = basePathProblem(v);
    if (problem) ctx.addIssue({ code: "custom", message: `Base path ${problem}` });
  });

export const tenantName = z
  .string({ error: "Tenant name is required" })
  .trim()
  .min(1, "Tenant name is required")
  .max(63, "Tenant name must be at most 63 characters")
  .regex(TENANT_NAME, "Tenant name must start with a lower-case letter and hold only a-z, 0-9 and _");

export const zoneVisibility = z.enum(["WORLD", "ENTERPRISE"], { error: "Visibility must be WORLD or ENTERPRISE" });
export const exposureVisibility = z.enum(["WORLD", "ENTERPRISE", "ZONE"], {
  error: "Visibility must be WORLD, ENTERPRISE or ZONE",
});
export const tenantAccess = z.enum(["NONE", "ANY", "ENTITLED"], { error: "Tenant access must be NONE, ANY or ENTITLED" });

// ---------------------------------------------------------------- settings

export const settingsSchema = z.object({
  environment: dnsLabel("Environment"),
  tenantHeader: z
    .string({ error: "Tenant header is required" })
    .trim()
    .toLowerCase()
    .superRefine((v, ctx) => {
      const problem = tenantHeaderProblem(v);
      if (problem) ctx.addIssue({ code: "custom", message: `Tenant header ${problem}` });
    }),
  issuerPlugin: z
    .enum(ISSUER_PLUGIN_NAMES, { error: `Issuer plugin must be one of ${ISSUER_PLUGIN_NAMES.join(", ")}` })
    .describe("The Kong plugin that enforces each route's trusted issuers (docs/path-contract.md, Issuer plugin)"),
});
export const settingsUpdateSchema = settingsSchema.partial().extend({ revision: z.number().int().optional() });
export type SettingsInput = z.infer<typeof settingsSchema>;

// ---------------------------------------------------------------- zones

const zoneFields = {
  visibility: zoneVisibility,
  gatewayUrl: httpUrl("Gateway URL"),
  identityProviderUrl: httpUrl("Identity provider URL"),
  dtcUrl: z.union([httpUrl("DTC URL"), z.literal("").transform(() => null), z.null()]).optional(),
  enforceIssuers: z.boolean({ error: "Enforce issuers must be true or false" }).optional(),
  kongAdminUrl: httpUrl("Kong admin URL"),
  /** Write-only: stored encrypted, never returned. `null` clears it. */
  kongAdminToken: z
    .union([z.string().max(4096, "Kong admin token must be at most 4096 characters"), z.null()])
    .optional(),
};

export const zoneCreateSchema = z.object({ name: dnsLabel("Zone name"), ...zoneFields }).strict();
export const zoneUpdateSchema = z
  .object({ ...zoneFields, revision: z.number().int().positive().optional() })
  .partial()
  .strict();
export type ZoneCreate = z.input<typeof zoneCreateSchema>;
export type ZoneUpdate = z.input<typeof zoneUpdateSchema>;

export const zoneSchema = z.object({
  name: z.string(),
  visibility: zoneVisibility,
  gatewayUrl: z.string(),
  identityProviderUrl: z.string(),
  dtcUrl: z.string().nullable(),
  enforceIssuers: z.boolean(),
  kongAdminUrl: z.string(),
  hasKongAdminToken: z.boolean(),
  /** Derived: has a DTC URL and ENTERPRISE visibility. */
  dtcEligible: z.boolean(),
  roverCount: z.number().int(),
  revision: z.number().int(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type Zone = z.infer<typeof zoneSchema>;

// ---------------------------------------------------------------- rovers

export const upstreamSchema = z.object({
  url: httpUrl("Upstream URL"),
  weight: z
    .number({ error: "Weight must be a number" })
    .int("Weight must be a whole number")
    .min(1, "Weight must be at least 1")
    .max(100, "Weight must be at most 100")
    .default(100),
});

export const endpointSchema = z.object({
  methods: z
    .array(z.enum(HTTP_METHODS, { error: `Method must be one of ${HTTP_METHODS.join(", ")}` }))
    .min(1, "Pick at least one method")
    .max(HTTP_METHODS.length)
    .refine((m) => new Set(m).size === m.length, "Methods must not repeat"),
  path: z
    .string({ error: "Endpoint path is required" })
    .trim()
    .min(1, "Endpoint path is required")
    .max(512, "Endpoint path must be at most 512 characters")
    .superRefine((v, ctx) => {
      const problem = endpointPathProblem(v);
      if (problem) ctx.addIssue({ code: "custom", message: `Endpoint path ${problem}` });
    }),
});

export const exposureSchema = z.object({
  basePath,
  upstreams: z.array(upstreamSchema).min(1, "Add at least one upstream").max(10, "At most 10 upstreams"),
  visibility: exposureVisibility.default("ENTERPRISE"),
  tenantAccess: tenantAccess.default("NONE"),
  endpoints: z.array(endpointSchema).max(500, "At most 500 endpoints per exposure").default([]),
  stripBasePath: z
    .boolean({ error: "Strip base path must be true or false" })
    .default(false)
    .describe("Forward only what follows basePath to the upstreams (default: the base path is forwarded)"),
});

export const subscriptionSchema = z.object({
  basePath,
  approved: z.boolean({ error: "Approved must be true or false" }).default(false),
});

const uniqueBy =
  <T>(key: (t: T) => string, what: string) =>
  (items: T[], ctx: z.RefinementCtx) => {
    const seen = new Map<string, number>();
    items.forEach((item, i) => {
      const k = key(item);
      if (seen.has(k)) ctx.addIssue({ code: "custom", path: [i, "basePath"], message: `${what} ${k} is listed twice` });
      else seen.set(k, i);
    });
  };

const roverFields = {
  failoverEnabled: z.boolean({ error: "Failover must be true or false" }).default(false),
  exposures: z
    .array(exposureSchema)
    .max(100, "At most 100 exposures")
    .default([])
    .superRefine(uniqueBy((e) => e.basePath, "Exposure")),
  subscriptions: z
    .array(subscriptionSchema)
    .max(200, "At most 200 subscriptions")
    .default([])
    .superRefine(uniqueBy((s) => s.basePath, "Subscription")),
};

export const roverCreateSchema = z
  .object({ name: dnsLabel("Application name"), version: semver, zone: dnsLabel("Zone"), ...roverFields })
  .strict();
export const roverUpdateSchema = z
  .object({
    /** Moves the rover to another zone (which must exist). */
    zone: dnsLabel("Zone").optional(),
    failoverEnabled: roverFields.failoverEnabled.optional(),
    exposures: z.array(exposureSchema).max(100).superRefine(uniqueBy((e) => e.basePath, "Exposure")).optional(),
    subscriptions: z
      .array(subscriptionSchema)
      .max(200)
      .superRefine(uniqueBy((s) => s.basePath, "Subscription"))
      .optional(),
    revision: z.number().int().positive().optional(),
  })
  .strict();
export type RoverCreate = z.input<typeof roverCreateSchema>;
export type RoverUpdate = z.input<typeof roverUpdateSchema>;

export const roverSchema = z.object({
  id: z.string(),
  name: z.string(),
  version: z.string(),
  zone: z.string(),
  failoverEnabled: z.boolean(),
  exposures: z.array(
    z.object({
      basePath: z.string(),
      upstreams: z.array(z.object({ url: z.string(), weight: z.number() })),
      visibility: exposureVisibility,
      tenantAccess,
      endpoints: z.array(z.object({ methods: z.array(z.string()), path: z.string() })),
      stripBasePath: z.boolean(),
    }),
  ),
  subscriptions: z.array(z.object({ basePath: z.string(), approved: z.boolean() })),
  revision: z.number().int(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type Rover = z.infer<typeof roverSchema>;

// ---------------------------------------------------------------- tenants & entitlements

export const tenantCreateSchema = z
  .object({
    name: tenantName,
    description: z.string().trim().max(500, "Description must be at most 500 characters").default(""),
  })
  .strict();
export const tenantUpdateSchema = z
  .object({
    description: z.string().trim().max(500, "Description must be at most 500 characters"),
    revision: z.number().int().positive().optional(),
  })
  .partial()
  .strict();
export type TenantCreate = z.input<typeof tenantCreateSchema>;

export const tenantSchema = z.object({
  name: z.string(),
  description: z.string(),
  entitlementCount: z.number().int(),
  revision: z.number().int(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type Tenant = z.infer<typeof tenantSchema>;

export const entitlementCreateSchema = z
  .object({ tenant: tenantName, application: dnsLabel("Application name"), version: semver })
  .strict();
export type EntitlementCreate = z.infer<typeof entitlementCreateSchema>;

/** Grant and revoke several entitlements in one transaction. */
export const entitlementBatchSchema = z
  .object({
    grant: z.array(entitlementCreateSchema).max(1000, "At most 1000 grants at once").default([]),
    revoke: z.array(entitlementCreateSchema).max(1000, "At most 1000 revocations at once").default([]),
  })
  .strict()
  .refine((b) => b.grant.length + b.revoke.length > 0, "Name at least one entitlement to grant or revoke");
export type EntitlementBatch = z.input<typeof entitlementBatchSchema>;

export const entitlementSchema = z.object({
  id: z.string(),
  tenant: z.string(),
  application: z.string(),
  version: z.string(),
  createdAt: z.string(),
});
export type Entitlement = z.infer<typeof entitlementSchema>;

// ---------------------------------------------------------------- endpoint import (lib/import)

const MAX_IMPORT_FILES = 50;

export const endpointPreviewSchema = z
  .object({
    format: z
      .enum(["auto", "openapi", "folio"], { error: "Format must be auto, openapi or folio" })
      .default("auto"),
    files: z
      .array(
        z.object({
          name: z
            .string({ error: "File name is required" })
            .trim()
            .min(1, "File name is required")
            .max(256, "File name must be at most 256 characters")
            .refine((n) => !/[\u0000-\u001f\\]/.test(n), "File name must not hold control characters or \\"),
          text: z.string({ error: "File text is required" }),
        }),
      )
      .min(1, "Send at least one file")
      .max(MAX_IMPORT_FILES, `At most ${MAX_IMPORT_FILES} files`),
    basePath,
    /** The exposure's endpoints as the form holds them now. */
    current: z.array(endpointSchema).max(500, "At most 500 endpoints per exposure").default([]),
    /** FOLIO: import system interfaces (`_tenant`, `_timer`, …) too. */
    includeSystem: z.boolean({ error: "includeSystem must be true or false" }).default(false),
  })
  .strict();
export type EndpointPreviewRequest = z.input<typeof endpointPreviewSchema>;

// ---------------------------------------------------------------- simulate

export const simulateSchema = z.object({
  zone: dnsLabel("Zone"),
  request: z.object({
    method: z.string().trim().toUpperCase().regex(/^[A-Z]{1,16}$/, "Method must be an HTTP method such as GET"),
    scheme: z.enum(["http", "https"], { error: "Scheme must be http or https" }).default("https"),
    host: z.string().trim().min(1, "Host is required").max(253),
    path: z.string().min(1, "Path is required").max(4096).refine((p) => p.startsWith("/"), "Path must start with /"),
    headers: z.record(z.string().max(256), z.union([z.string().max(4096), z.array(z.string().max(4096)).max(32)])).default({}),
    query: z.record(z.string().max(256), z.union([z.string().max(4096), z.array(z.string().max(4096)).max(32)])).optional(),
  }),
});
export type SimulateRequest = z.input<typeof simulateSchema>;

// ---------------------------------------------------------------- errors

export const errorBodySchema = z.object({
  error: z.object({
    code: z.string(),
    message: z.string(),
    details: z.unknown().optional(),
  }),
});
export type ErrorBody = z.infer<typeof errorBodySchema>;

/** One entry per bad field in a 422's `details`. */
export interface FieldError {
  path: string;
  message: string;
}
