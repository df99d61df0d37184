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
