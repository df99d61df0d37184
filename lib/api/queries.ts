/**
 * Path parameters and list queries of /api/v1, shared by the route handlers and the OpenAPI
 * document so both always describe the same contract.
 */
import { z } from "zod";
import { DEFAULT_LIMIT, MAX_LIMIT } from "./limits";
import { dnsLabel, semver, tenantName, zoneVisibility } from "./schemas";

export const zoneParams = z.object({ name: dnsLabel("Zone name") });
export const tenantParams = z.object({ name: tenantName });
export const idParams = z.object({ id: z.uuid("Id must be a UUID") });

const booleanFlag = (name: string) =>
  z
    .enum(["true", "false", "1", "0"], { error: `${name} must be true or false` })
    .transform((v) => v === "true" || v === "1")
    .optional();

const limitSchema = z.coerce
  .number({ error: "limit must be a number" })
  .int("limit must be a whole number")
  .min(1, "limit must be at least 1")
  .max(MAX_LIMIT, `limit must be at most ${MAX_LIMIT}`);

export const paging = {
  limit: limitSchema.default(DEFAULT_LIMIT),
  offset: z.coerce
    .number({ error: "offset must be a number" })
    .int("offset must be a whole number")
    .min(0, "offset must be at least 0")
    .default(0),
};

/** The free-text search every list takes. */
export const q = z.string().trim().max(200, "q must be at most 200 characters").optional();
/** A route kind, as the route lists filter by it. */
export const routeKind = z.enum(["real", "proxy", "failover"], { error: "kind must be real, proxy or failover" });

export const zoneListQuery = z.object({
  ...paging,
  q,
  visibility: zoneVisibility.optional(),
  dtc: booleanFlag("dtc"),
});
export const roverListQuery = z.object({
  ...paging,
  q,
  zone: dnsLabel("zone").optional(),
  name: dnsLabel("name").optional(),
  version: semver.optional(),
});
export const tenantListQuery = z.object({ ...paging, q });
export const entitlementListQuery = z.object({
  ...paging,
  q,
  tenant: tenantName.optional(),
  application: dnsLabel("application").optional(),
  version: semver.optional(),
});
export const cascadeQuery = z.object({ cascade: booleanFlag("cascade") });
export const routeListQuery = z.object({
  q,
  kind: routeKind.optional(),
  inactive: booleanFlag("inactive"),
  limit: limitSchema.optional(),
  offset: paging.offset,
});
export const kongConfigQuery = z.object({
  format: z.enum(["yaml", "json"], { error: "format must be yaml or json" }).default("yaml"),
});
export const importQuery = z.object({ upsert: booleanFlag("upsert") });
/** `POST /api/v1/estate`: `dryRun` answers the plan only; `prune` deletes what the file leaves out. */
export const estateQuery = z.object({
  dryRun: booleanFlag("dryRun"),
  prune: booleanFlag("prune"),
  file: z.string().trim().max(256, "file must be at most 256 characters").regex(/^[^\u0000-\u001f]*$/, "file must not hold control characters").optional(),
});
