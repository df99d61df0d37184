/**
 * Query and response schemas of the publish API, shared by its route handlers and the OpenAPI
 * document (lib/api/openapi.ts), so both describe the same contract.
 */
import { z } from "zod";
import { paging } from "../api/queries";
import { dnsLabel } from "../api/schemas";

const flag = (name: string) =>
  z
    .enum(["true", "false", "1", "0"], { error: `${name} must be true or false` })
    .transform((v) => v === "true" || v === "1")
    .optional();

export const publishQuery = z.object({
  dryRun: flag("dryRun"),
  wait: flag("wait"),
});

export const publishListQuery = z.object({
  ...paging,
  zone: dnsLabel("zone").optional(),
  includeDryRuns: flag("includeDryRuns"),
  status: z
    .enum(["PLANNED", "RUNNING", "SUCCEEDED", "FAILED", "INTERRUPTED"], {
      error: "status must be PLANNED, RUNNING, SUCCEEDED, FAILED or INTERRUPTED",
    })
    .optional(),
});

export const publishDetailQuery = z.object({ operations: flag("operations") });

// ---- documentation schemas of the answers ----

const summary = z.object({
  create: z.number().int(),
  update: z.number().int(),
  delete: z.number().int(),
  unchanged: z.number().int(),
  applied: z.number().int().optional(),
  failed: z.number().int().optional(),
  skipped: z.number().int().optional(),
  mode: z.enum(["entities", "config"]).optional(),
  earlierAttempts: z
    .array(z.object({ attempt: z.number().int(), planned: z.number().int(), applied: z.number().int() }))
    .optional(),
});

export const publishRecordSchema = z.object({
  id: z.string(),
  zone: z.string(),
  actor: z.string(),
  status: z.enum(["PLANNED", "RUNNING", "SUCCEEDED", "FAILED", "INTERRUPTED"]),
  dryRun: z.boolean(),
  sourcePublishId: z.string().nullable(),
  summary,
  error: z.string().nullable(),
  createdAt: z.string(),
  finishedAt: z.string().nullable(),
  durationMs: z.number().int().nullable(),
  attempt: z.number().int(),
  progress: z.object({ done: z.number().int(), total: z.number().int() }),
});

const fieldChange = z.object({ field: z.string(), before: z.unknown(), after: z.unknown() });
const planOp = z.object({
  action: z.enum(["create", "update", "delete"]),
  kind: z.enum(["service", "upstream", "route", "target", "plugin"]),
  id: z.string(),
  name: z.string(),
  parentId: z.string().optional(),
  note: z.string().optional(),
  changes: z.array(fieldChange).optional(),
});
const routeSnapshot = z.object({
  name: z.string(),
  expression: z.string(),
  priority: z.number(),
  upstream: z.string(),
});
const routeState = routeSnapshot.omit({ name: true });

export const publishDetailSchema = publishRecordSchema.extend({
  plan: z.object({ steps: z.array(z.object({ name: z.string(), ops: z.array(planOp) })), summary }),
  operations: z
    .array(
      z.object({
        seq: z.number().int(),
        step: z.number().int(),
        action: z.string(),
        kind: z.string(),
        entityId: z.string(),
        name: z.string(),
        status: z.enum(["PENDING", "APPLIED", "FAILED", "SKIPPED"]),
        attempts: z.number().int(),
        error: z.string().nullable(),
      }),
    )
    .optional(),
  impact: z.object({
    added: z.array(routeSnapshot),
    removed: z.array(routeSnapshot),
    changed: z.array(
      z.object({
        name: z.string(),
        fields: z.array(z.enum(["expression", "priority", "upstream"])),
        before: routeState,
        after: routeState,
      }),
    ),
    unchanged: z.number().int(),
  }),
  baselinePublishId: z.string().nullable(),
});

export const publishPreviewSchema = publishDetailSchema.extend({
  warnings: z.array(z.object({ code: z.string(), severity: z.string(), message: z.string() }).loose()),
  stored: z.boolean(),
});

export const zoneDriftSchema = z.object({
  zone: z.string(),
  checkedAt: z.string(),
  reachable: z.boolean(),
  error: z.string().nullable(),
  baseline: z.object({ publishId: z.string(), finishedAt: z.string().nullable() }).nullable(),
  incomplete: z.object({ publishId: z.string(), status: z.enum(["FAILED", "INTERRUPTED"]) }).nullable(),
  drifted: z.boolean(),
  items: z.array(
    z.object({
      drift: z.enum(["changed", "missing", "added"]),
      kind: z.string(),
      id: z.string(),
      name: z.string(),
      changes: z.array(z.object({ field: z.string(), live: z.unknown(), published: z.unknown() })).optional(),
    }),
  ),
  unmanaged: z.array(
    z.object({ kind: z.string(), id: z.string(), name: z.string(), tags: z.array(z.string()) }),
  ),
});

export const estatePublishQuery = z.object({ dryRun: flag("dryRun") });

const estateZonePlan = z.object({
  zone: z.string(),
  position: z.number().int(),
  after: z.array(z.object({ zone: z.string(), why: z.enum(["adds-proxy", "removes-proxy"]) })),
  summary,
  writes: z.number().int(),
  steps: z.array(z.object({ name: z.string(), writes: z.number().int() })),
  error: z.string().nullable(),
});
const estateDependency = z.object({ before: z.string(), after: z.string(), why: z.enum(["adds-proxy", "removes-proxy"]) });

export const estatePlanSchema = z.object({
  zones: z.array(estateZonePlan),
  dependencies: z.array(estateDependency),
  cycle: z.array(z.string()),
  writes: z.number().int(),
});

export const estatePublishSchema = estatePlanSchema.extend({
  status: z.enum(["SUCCEEDED", "FAILED"]),
  zones: z.array(
    estateZonePlan.extend({
      outcome: z.enum(["SUCCEEDED", "FAILED", "INTERRUPTED", "UNCHANGED", "NOT_STARTED"]),
      publishId: z.string().nullable(),
      applied: z.number().int(),
      failed: z.number().int(),
      skipped: z.number().int(),
      reason: z.string().nullable(),
    }),
  ),
});
