import "server-only";
import type { Prisma } from "@prisma/client";
import type { SettingsInput } from "../api/schemas";
import { DEFAULT_ISSUER_PLUGIN, isIssuerPlugin } from "../compiler/issuer-plugins";
import { recordAudit, type AuditContext } from "./audit";
import { staleRevision } from "./errors";
import { prisma } from "./prisma";

export interface Settings extends SettingsInput {
  revision: number;
  updatedAt: string;
}

const SETTINGS_ID = 1;

/** The singleton row; the init migration inserts it, upsert covers a database emptied by hand. */
export async function getSettings(db: Prisma.TransactionClient = prisma): Promise<Settings> {
  // Read first: an upsert would write (and bump updatedAt, the compile cache's fingerprint) on every read.
  const row =
    (await db.settings.findUnique({ where: { id: SETTINGS_ID } })) ??
    (await db.settings.upsert({ where: { id: SETTINGS_ID }, update: {}, create: { id: SETTINGS_ID } }));
  return {
    environment: row.environment,
    tenantHeader: row.tenantHeader,
    // The column's CHECK constraint admits only the table's names; this narrows the type.
    issuerPlugin: isIssuerPlugin(row.issuerPlugin) ? row.issuerPlugin : DEFAULT_ISSUER_PLUGIN,
    revision: row.revision,
    updatedAt: row.updatedAt.toISOString(),
  };
}

export async function updateSettings(
  input: Partial<SettingsInput>,
  expectedRevision: number | undefined,
  by: AuditContext,
): Promise<Settings> {
  return prisma.$transaction(async (tx) => {
    const current = await getSettings(tx);
    const expected = expectedRevision ?? current.revision;
    const { count } = await tx.settings.updateMany({
      where: { id: SETTINGS_ID, revision: expected },
      data: {
        environment: input.environment,
        tenantHeader: input.tenantHeader,
        issuerPlugin: input.issuerPlugin,
        revision: { increment: 1 },
      },
    });
    if (count === 0) throw staleRevision("Settings", expected, (await getSettings(tx)).revision);
    const after = await getSettings(tx);
    await recordAudit(tx, by, {
      action: "update",
      entityType: "settings",
      entityKey: "settings",
      entityLabel: "Settings",
      before: current,
      after,
    });
    return after;
  });
}
