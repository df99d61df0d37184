/**
 * The audit trail's API shapes: one event per recorded change or publish, and the list filter.
 * Shared by GET /api/v1/audit, the OpenAPI document and the audit page.
 */
import { z } from "zod";
import { paging } from "./queries";

export const AUDIT_ENTITY_TYPES = [
  "zone",
  "rover",
  "tenant",
  "entitlement",
  "settings",
  "publish",
  "user",
  "api-token",
] as const;
export type AuditEntityType = (typeof AUDIT_ENTITY_TYPES)[number];

export const auditEventSchema = z.object({
  id: z.number().int(),
  createdAt: z.string(),
  actor: z.string(),
  action: z.string(),
  entityType: z.string(),
  entityKey: z.string(),
  entityLabel: z.string(),
  /** The entity as the API showed it before the change (null for a create); secrets redacted. */
  before: z.unknown().nullable(),
  /** The entity after the change (null for a delete); secrets redacted. */
  after: z.unknown().nullable(),
  requestId: z.string().nullable(),
});
export type AuditEvent = z.infer<typeof auditEventSchema>;

const isoTime = (name: string) =>
  z
    .string()
    .trim()
    .max(64, `${name} must be at most 64 characters`)
    .refine((v) => !Number.isNaN(Date.parse(v)), `${name} must be a date/time such as 2026-12-01T10:00:00Z`)
    .transform((v) => new Date(v));

const text = (name: string) =>
  z.string().trim().max(200, `${name} must be at most 200 characters`).optional();

export const auditListQuery = z.object({
  ...paging,
  actor: text("actor"),
  entityType: z
    .enum(AUDIT_ENTITY_TYPES, { error: `entityType must be one of ${AUDIT_ENTITY_TYPES.join(", ")}` })
    .optional(),
  /** The entity's key (exact) or part of its readable name. */
  entity: text("entity"),
  action: text("action"),
  /** Events at or after this time. */
  from: isoTime("from").optional(),
  /** Events before this time. */
  to: isoTime("to").optional(),
});
export type AuditListQuery = z.output<typeof auditListQuery>;
