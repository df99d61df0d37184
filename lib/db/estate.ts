import "server-only";
import type { Prisma } from "@prisma/client";
import { createCompiler } from "../compiler";
import { compareCompiles, type ZoneImpact } from "../compiler/impact";
import type { Snapshot } from "../compiler/types";
import {
  canonicalEstate,
  entitlementKey,
  roverKey,
  type EstateEntitlement,
  type EstateFile,
  type EstateRover,
  type EstateSettings,
  type EstateTenant,
  type EstateZone,
} from "../import/estate-file";
import { recordAudit, type AuditContext, type AuditEntry } from "./audit";
import { entitlementEntry, entitlementInclude, toEntitlement } from "./entitlements";
import { DomainError, fieldErrors, staleRevision, type FieldProblem } from "./errors";
import { prisma } from "./prisma";
import { exposureCreates, roverInclude, roverLabel, subscriptionCreates, toRover } from "./rovers";
import { getSettings } from "./settings";
import { tenantInclude, toTenant } from "./tenants";
import { checkHosts, checkKongAdminUrlAllowed, toZone, zoneInclude } from "./zones";

/**
 * The estate as a file: read whole from the database, compared with a file entity by entity, and
 * applied in one transaction. An apply is a plan executed: the plan a dry run answers is computed
 * the same way, from the same reads, so what was reviewed is what happens.
 *
 * - Identity: zones and tenants by name, rovers by (name, version, zone), entitlements by
 *   (tenant, application, version). A rover moved to another zone in the file is a new rover there.
 * - `prune: false` (the default) deletes nothing: what the database holds and the file does not is
 *   listed as `notInFile`. With `prune: true` it is deleted (entitlements, rovers, tenants, then
 *   zones, so nothing is left pointing at what is gone).
 * - Kong admin tokens are never in a file and never touched by an apply.
 */

type Tx = Prisma.TransactionClient;

interface StoredEstate {
  estate: EstateFile;
  /** Stored ids and revisions, for the writes and for the compile's rover ids. */
  roverIds: Map<string, { id: string; revision: number }>;
  zoneRevisions: Map<string, { id: string; revision: number }>;
  tenantIds: Map<string, { id: string; revision: number }>;
  settingsRevision: number;
}

export interface EntityChanges<K> {
  created: K[];
  changed: { name: K; fields: string[] }[];
  deleted: K[];
  /** In the database, not in the file, kept because the apply does not prune. */
  notInFile: K[];
  unchanged: number;
}

export interface EstatePlan {
  prune: boolean;
  settings: { changed: string[] };
  zones: EntityChanges<string>;
  rovers: EntityChanges<string>;
  tenants: EntityChanges<string>;
  entitlements: Omit<EntityChanges<string>, "changed">;
  /** How every zone's routes change (the compiler's comparison of before and after). */
  routes: ZoneImpact[];
  /** Entity changes (routes not counted): 0 means the file matches the estate. */
  changes: number;
}

export interface EstateApplyOptions {
  prune: boolean;
  /**
   * Called before any write when the file changes an existing zone's Kong admin URL (only an
   * admin may: lib/db/zones.ts); throws to refuse.
   */
  authorizeKongAdminUrlChange?: (zones: string[]) => void;
}

// ---------------------------------------------------------------- reading

async function readStored(db: Tx | typeof prisma): Promise<StoredEstate> {
  const settings = await getSettings(db);
  const zones = await db.zone.findMany({ orderBy: { name: "asc" } });
  const rovers = await db.rover.findMany({ include: roverInclude });
  const tenants = await db.tenant.findMany({ orderBy: { name: "asc" } });
  const entitlements = await db.entitlement.findMany({ include: entitlementInclude });
  const estate = canonicalEstate({
    apiVersion: "switchyard/v1",
    kind: "Estate",
    settings: { environment: settings.environment, tenantHeader: settings.tenantHeader, issuerPlugin: settings.issuerPlugin },
    zones: zones.map((z) => ({
      name: z.name,
      visibility: z.visibility,
      gatewayUrl: z.gatewayUrl,
      identityProviderUrl: z.identityProviderUrl,
      dtcUrl: z.dtcUrl,
      enforceIssuers: z.enforceIssuers,
      kongAdminUrl: z.kongAdminUrl,
    })),
    rovers: rovers.map((row) => {
      const r = toRover(row);
      return {
        name: r.name,
        version: r.version,
        zone: r.zone,
        failoverEnabled: r.failoverEnabled,
        exposures: r.exposures.map((e) => ({ ...e, endpoints: e.endpoints as EstateRover["exposures"][number]["endpoints"] })),
        subscriptions: r.subscriptions,
      };
    }),
    tenants: tenants.map((t) => ({ name: t.name, description: t.description })),
    entitlements: entitlements.map((e) => ({ tenant: e.tenant.name, application: e.application, version: e.version })),
  });
  return {
    estate,
    roverIds: new Map(rovers.map((r) => [roverKey({ ...r, zone: r.zone.name }), { id: r.id, revision: r.revision }])),
    zoneRevisions: new Map(zones.map((z) => [z.name, { id: z.id, revision: z.revision }])),
    tenantIds: new Map(tenants.map((t) => [t.name, { id: t.id, revision: t.revision }])),
    settingsRevision: settings.revision,
  };
}

/** Reading the large estate (thousands of rovers) takes longer than an interactive transaction's default 5 s. */
const READ_OPTIONS = { isolationLevel: "RepeatableRead", timeout: 60_000, maxWait: 10_000 } as const;

/** The whole estate, for `GET /api/v1/estate`, read at one point in time. */
export async function exportEstate(): Promise<EstateFile> {
  return prisma.$transaction(async (tx) => (await readStored(tx)).estate, READ_OPTIONS);
}

// ---------------------------------------------------------------- planning

const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

function changedFields<T extends object>(before: T, after: T, fields: (keyof T)[]): string[] {
  return fields.filter((f) => !same(before[f], after[f])).map(String);
}

/** A rover as the comparison sees it: methods in a fixed order, so `[GET, POST]` equals `[POST, GET]`. */
function comparableRover(r: EstateRover) {
  return {
    ...r,
    exposures: r.exposures.map((e) => ({
      ...e,
      endpoints: e.endpoints.map((p) => ({ ...p, methods: [...p.methods].sort() })),
    })),
  };
}

interface Diff<T> {
  created: T[];
  changed: { before: T; after: T; fields: string[] }[];
  deleted: T[];
  notInFile: T[];
  unchanged: number;
}

function diffBy<T>(
  stored: T[],
  wanted: T[],
  key: (t: T) => string,
  fields: (before: T, after: T) => string[],
  prune: boolean,
): Diff<T> {
  const storedByKey = new Map(stored.map((s) => [key(s), s]));
  const wantedKeys = new Set(wanted.map(key));
  const diff: Diff<T> = { created: [], changed: [], deleted: [], notInFile: [], unchanged: 0 };
  for (const w of wanted) {
    const s = storedByKey.get(key(w));
    if (!s) diff.created.push(w);
    else {
      const f = fields(s, w);
      if (f.length) diff.changed.push({ before: s, after: w, fields: f });
      else diff.unchanged++;
    }
  }
  for (const s of stored) if (!wantedKeys.has(key(s))) (prune ? diff.deleted : diff.notInFile).push(s);
  return diff;
}

interface FullPlan {
  settings: string[];
  zones: Diff<EstateZone>;
  rovers: Diff<EstateRover>;
  tenants: Diff<EstateTenant>;
  entitlements: Diff<EstateEntitlement>;
  desired: EstateFile;
}

const ZONE_FIELDS: (keyof EstateZone)[] = [
  "visibility",
  "gatewayUrl",
  "identityProviderUrl",
  "dtcUrl",
  "enforceIssuers",
  "kongAdminUrl",
];

function plan(stored: EstateFile, file: EstateFile, prune: boolean): FullPlan {
  const wanted = canonicalEstate(file);
  const settings =
    wanted.settings && stored.settings
      ? changedFields(stored.settings, wanted.settings, ["environment", "tenantHeader", "issuerPlugin"])
      : [];
  const zones = diffBy(stored.zones, wanted.zones, (z) => z.name, (a, b) => changedFields(a, b, ZONE_FIELDS), prune);
  const rovers = diffBy(
    stored.rovers,
    wanted.rovers,
    roverKey,
    (a, b) => changedFields(comparableRover(a), comparableRover(b), ["failoverEnabled", "exposures", "subscriptions"]),
    prune,
  );
  const tenants = diffBy(stored.tenants, wanted.tenants, (t) => t.name, (a, b) => changedFields(a, b, ["description"]), prune);
  const entitlements = diffBy(stored.entitlements, wanted.entitlements, entitlementKey, () => [], prune);
  // What the estate is once applied: the file's entities, plus what the file does not name unless pruned.
  const keep = <T>(d: Diff<T>, fromFile: T[]) => [...fromFile, ...d.notInFile];
  const desired = canonicalEstate({
    apiVersion: wanted.apiVersion,
    kind: wanted.kind,
    settings: wanted.settings ?? stored.settings,
    zones: keep(zones, wanted.zones),
    rovers: keep(rovers, wanted.rovers),
    tenants: keep(tenants, wanted.tenants),
    entitlements: keep(entitlements, wanted.entitlements),
  });
  return { settings, zones, rovers, tenants, entitlements, desired };
}

/** References the desired estate can't satisfy, with the file's paths (`rovers.3.zone`). */
function referenceProblems(file: EstateFile, desired: EstateFile): FieldProblem[] {
  const zones = new Set(desired.zones.map((z) => z.name));
  const tenants = new Set(desired.tenants.map((t) => t.name));
  const problems: FieldProblem[] = [];
  file.rovers.forEach((r, i) => {
    if (!zones.has(r.zone))
      problems.push({ path: `rovers.${i}.zone`, message: `Zone ${r.zone} is neither in the file nor in Switchyard` });
  });
  file.entitlements.forEach((e, i) => {
    if (!tenants.has(e.tenant))
      problems.push({ path: `entitlements.${i}.tenant`, message: `Tenant ${e.tenant} is neither in the file nor in Switchyard` });
  });
  // With prune, what the file leaves out goes; an entity left in the database must not need it.
  for (const r of desired.rovers)
    if (!zones.has(r.zone)) problems.push({ path: "zones", message: `Zone ${r.zone} would be deleted but still holds ${roverKey(r)}` });
  for (const e of desired.entitlements)
    if (!tenants.has(e.tenant))
      problems.push({ path: "tenants", message: `Tenant ${e.tenant} would be deleted but is still entitled to ${e.application} ${e.version}` });
  return problems;
}

/** The compiler's input for an estate; stored rovers keep their ids, new ones get a stand-in. */
function snapshotOf(estate: EstateFile, roverIds: Map<string, { id: string }>): Snapshot {
  return {
    settings: estate.settings ?? { environment: "default", tenantHeader: "x-okapi-tenant" },
    zones: estate.zones.map((z) => ({
      name: z.name,
      visibility: z.visibility,
      gatewayUrl: z.gatewayUrl,
      identityProviderUrl: z.identityProviderUrl,
      dtcUrl: z.dtcUrl ?? null,
      enforceIssuers: z.enforceIssuers,
    })),
    rovers: estate.rovers.map((r) => ({
      id: roverIds.get(roverKey(r))?.id ?? `new:${roverKey(r)}`,
      name: r.name,
      version: r.version,
      zone: r.zone,
      failoverEnabled: r.failoverEnabled,
      exposures: r.exposures,
      subscriptions: r.subscriptions,
    })),
    entitlements: estate.entitlements,
  };
}

function summarize(full: FullPlan, stored: StoredEstate, prune: boolean): EstatePlan {
  const names = <T>(d: Diff<T>, key: (t: T) => string): EntityChanges<string> => ({
    created: d.created.map(key),
    changed: d.changed.map((c) => ({ name: key(c.after), fields: c.fields })),
    deleted: d.deleted.map(key),
    notInFile: d.notInFile.map(key),
    unchanged: d.unchanged,
  });
  const zones = names(full.zones, (z) => z.name);
  const rovers = names(full.rovers, roverKey);
  const tenants = names(full.tenants, (t) => t.name);
  const { changed: _none, ...entitlements } = names(full.entitlements, entitlementKey);
  const compiler = createCompiler();
  const before = compiler.compile(snapshotOf(stored.estate, stored.roverIds));
  // A fresh compiler: the incremental one would patch its memo of `before` in place.
  const after = createCompiler().compile(snapshotOf(full.desired, stored.roverIds));
  const count = (c: { created: unknown[]; deleted: unknown[] }) => c.created.length + c.deleted.length;
  return {
    prune,
    settings: { changed: full.settings },
    zones,
    rovers,
    tenants,
    entitlements,
    routes: compareCompiles(before, after),
    changes:
      (full.settings.length ? 1 : 0) +
      count(zones) + zones.changed.length +
      count(rovers) + rovers.changed.length +
      count(tenants) + tenants.changed.length +
      count(entitlements),
  };
}

function checkedPlan(stored: StoredEstate, file: EstateFile, prune: boolean): FullPlan {
  const full = plan(stored.estate, file, prune);
  const problems = referenceProblems(file, full.desired);
  if (problems.length) throw fieldErrors(problems);
  return full;
}

/** What applying the file would change, written nowhere (`POST /api/v1/estate?dryRun=true`). */
export async function planEstate(file: EstateFile, prune: boolean): Promise<EstatePlan> {
  const stored = await prisma.$transaction((tx) => readStored(tx), READ_OPTIONS);
  return summarize(checkedPlan(stored, file, prune), stored, prune);
}

// ---------------------------------------------------------------- applying

/** An estate is large: one apply may write thousands of rows, more than an interactive transaction's default 5 s. */
const APPLY_TIMEOUT_MS = 120_000;

/**
 * Applies the file in one transaction, every change with its audit event on the same transaction:
 * a failure anywhere (a clash of hosts, a revision changed meanwhile, a refused Kong admin URL)
 * leaves the estate and the trail as they were.
 */
export async function applyEstate(file: EstateFile, options: EstateApplyOptions, by: AuditContext): Promise<EstatePlan> {
  return prisma.$transaction(
    async (tx) => {
      // Two applies at once would each plan against what the other is changing.
      await tx.$executeRaw`select pg_advisory_xact_lock(hashtextextended('switchyard:estate-apply', 0))`;
      const stored = await readStored(tx);
      const full = checkedPlan(stored, file, options.prune);
      const urlChanges = full.zones.changed.filter((c) => c.fields.includes("kongAdminUrl")).map((c) => c.after.name);
      if (urlChanges.length) options.authorizeKongAdminUrlChange?.(urlChanges);
      const audit: AuditEntry[] = [];
      await writeSettings(tx, full.settings, file.settings, stored, audit);
      await writeZones(tx, full.zones, file, stored, audit);
      await writeTenants(tx, full.tenants, stored, audit);
      await writeRovers(tx, full.rovers, stored, audit);
      await writeEntitlements(tx, full.entitlements, audit);
      await prune(tx, full, stored, audit);
      await recordAudit(tx, by, audit);
      return summarize(full, stored, options.prune);
    },
    { timeout: APPLY_TIMEOUT_MS, maxWait: 10_000 },
  );
}

async function writeSettings(
  tx: Tx,
  changed: string[],
  wanted: EstateSettings | undefined,
  stored: StoredEstate,
  audit: AuditEntry[],
): Promise<void> {
  if (!changed.length || !wanted) return;
  const before = await getSettings(tx);
  const { count } = await tx.settings.updateMany({
    where: { id: 1, revision: stored.settingsRevision },
    data: { ...wanted, revision: { increment: 1 } },
  });
  if (count === 0) throw staleRevision("Settings", stored.settingsRevision, (await getSettings(tx)).revision);
  audit.push({ action: "update", entityType: "settings", entityKey: "settings", entityLabel: "Settings", before, after: await getSettings(tx) });
}

const zoneData = (z: EstateZone) => ({
  visibility: z.visibility,
  gatewayUrl: z.gatewayUrl,
  identityProviderUrl: z.identityProviderUrl,
  dtcUrl: z.dtcUrl ?? null,
  enforceIssuers: z.enforceIssuers,
  kongAdminUrl: z.kongAdminUrl,
});

/**
 * The zone checks (hosts, Kong admin allowlist) name API fields (`dtcUrl`); in a file they are the
 * zone's entry (`zones.2.dtcUrl`), so the operator is pointed at the line.
 */
async function asZoneEntry(file: EstateFile, name: string, check: () => Promise<void>): Promise<void> {
  try {
    await check();
  } catch (error) {
    if (!(error instanceof DomainError) || !Array.isArray(error.details)) throw error;
    const i = file.zones.findIndex((z) => z.name === name);
    const details = (error.details as FieldProblem[]).map((p) => ({ ...p, path: `zones.${i}.${p.path}` }));
    throw new DomainError(error.code, `Zone ${name}: ${error.message}`, details);
  }
}

async function writeZones(
  tx: Tx,
  diff: Diff<EstateZone>,
  file: EstateFile,
  stored: StoredEstate,
  audit: AuditEntry[],
): Promise<void> {
  for (const z of diff.created) {
    await asZoneEntry(file, z.name, async () => {
      await checkHosts(tx, z);
      await checkKongAdminUrlAllowed(z.kongAdminUrl);
    });
    const row = await tx.zone.create({ data: { name: z.name, ...zoneData(z) }, include: zoneInclude });
    audit.push({ action: "create", entityType: "zone", entityKey: z.name, entityLabel: z.name, after: toZone(row) });
  }
  for (const { after: z, fields } of diff.changed) {
    const current = stored.zoneRevisions.get(z.name)!;
    await asZoneEntry(file, z.name, async () => {
      if (fields.includes("kongAdminUrl")) await checkKongAdminUrlAllowed(z.kongAdminUrl);
      if (fields.includes("gatewayUrl") || fields.includes("dtcUrl")) await checkHosts(tx, z);
    });
    const before = await tx.zone.findUniqueOrThrow({ where: { id: current.id }, include: zoneInclude });
    const { count } = await tx.zone.updateMany({
      where: { id: current.id, revision: current.revision },
      data: { ...zoneData(z), revision: { increment: 1 } },
    });
    if (count === 0) throw staleRevision(`Zone ${z.name}`, current.revision, before.revision);
    const after = await tx.zone.findUniqueOrThrow({ where: { id: current.id }, include: zoneInclude });
    audit.push({ action: "update", entityType: "zone", entityKey: z.name, entityLabel: z.name, before: toZone(before), after: toZone(after) });
  }
}

async function writeTenants(tx: Tx, diff: Diff<EstateTenant>, stored: StoredEstate, audit: AuditEntry[]): Promise<void> {
  for (const t of diff.created) {
    const row = await tx.tenant.create({ data: { name: t.name, description: t.description }, include: tenantInclude });
    stored.tenantIds.set(t.name, { id: row.id, revision: row.revision });
    audit.push({ action: "create", entityType: "tenant", entityKey: t.name, entityLabel: t.name, after: toTenant(row) });
  }
  for (const { after: t } of diff.changed) {
    const current = stored.tenantIds.get(t.name)!;
    const before = await tx.tenant.findUniqueOrThrow({ where: { id: current.id }, include: tenantInclude });
    const { count } = await tx.tenant.updateMany({
      where: { id: current.id, revision: current.revision },
      data: { description: t.description, revision: { increment: 1 } },
    });
    if (count === 0) throw staleRevision(`Tenant ${t.name}`, current.revision, before.revision);
    const after = await tx.tenant.findUniqueOrThrow({ where: { id: current.id }, include: tenantInclude });
    audit.push({ action: "update", entityType: "tenant", entityKey: t.name, entityLabel: t.name, before: toTenant(before), after: toTenant(after) });
  }
}

async function writeRovers(tx: Tx, diff: Diff<EstateRover>, stored: StoredEstate, audit: AuditEntry[]): Promise<void> {
  const zoneIds = new Map((await tx.zone.findMany({ select: { id: true, name: true } })).map((z) => [z.name, z.id]));
  for (const r of diff.created) {
    const row = await tx.rover.create({
      data: {
        name: r.name,
        version: r.version,
        zoneId: zoneIds.get(r.zone)!,
        failoverEnabled: r.failoverEnabled,
        exposures: { create: exposureCreates(r.exposures) },
        subscriptions: { create: subscriptionCreates(r.subscriptions) },
      },
      include: roverInclude,
    });
    const rover = toRover(row);
    audit.push({ action: "create", entityType: "rover", entityKey: rover.id, entityLabel: roverLabel(r.name, r.version, r.zone), after: rover });
  }
  for (const { after: r } of diff.changed) {
    const current = stored.roverIds.get(roverKey(r))!;
    const before = await tx.rover.findUniqueOrThrow({ where: { id: current.id }, include: roverInclude });
    const { count } = await tx.rover.updateMany({
      where: { id: current.id, revision: current.revision },
      data: { failoverEnabled: r.failoverEnabled, revision: { increment: 1 } },
    });
    if (count === 0) throw staleRevision(`Rover ${roverKey(r)}`, current.revision, before.revision);
    await tx.rover.update({
      where: { id: current.id },
      data: {
        exposures: { deleteMany: {}, create: exposureCreates(r.exposures) },
        subscriptions: { deleteMany: {}, create: subscriptionCreates(r.subscriptions) },
      },
    });
    const after = await tx.rover.findUniqueOrThrow({ where: { id: current.id }, include: roverInclude });
    audit.push({
      action: "update",
      entityType: "rover",
      entityKey: current.id,
      entityLabel: roverLabel(r.name, r.version, r.zone),
      before: toRover(before),
      after: toRover(after),
    });
  }
}

async function writeEntitlements(tx: Tx, diff: Diff<EstateEntitlement>, audit: AuditEntry[]): Promise<void> {
  if (!diff.created.length) return;
  const tenantIds = new Map((await tx.tenant.findMany({ select: { id: true, name: true } })).map((t) => [t.name, t.id]));
  const rows = await tx.entitlement.createManyAndReturn({
    data: diff.created.map((e) => ({ tenantId: tenantIds.get(e.tenant)!, application: e.application, version: e.version })),
    include: entitlementInclude,
  });
  for (const row of rows) audit.push(entitlementEntry("grant", toEntitlement(row)));
}

/** Deletes, dependants first: entitlements, rovers, tenants, zones. */
async function prune(tx: Tx, full: FullPlan, stored: StoredEstate, audit: AuditEntry[]): Promise<void> {
  if (full.entitlements.deleted.length) {
    const where = {
      OR: full.entitlements.deleted.map((e) => ({
        tenant: { name: e.tenant },
        application: e.application,
        version: e.version,
      })),
    };
    const rows = await tx.entitlement.findMany({ where, include: entitlementInclude });
    await tx.entitlement.deleteMany({ where: { id: { in: rows.map((r) => r.id) } } });
    for (const row of rows) audit.push(entitlementEntry("revoke", toEntitlement(row)));
  }
  for (const r of full.rovers.deleted) {
    const { id } = stored.roverIds.get(roverKey(r))!;
    const row = await tx.rover.findUniqueOrThrow({ where: { id }, include: roverInclude });
    await tx.rover.delete({ where: { id } });
    audit.push({ action: "delete", entityType: "rover", entityKey: id, entityLabel: roverLabel(r.name, r.version, r.zone), before: toRover(row) });
  }
  for (const t of full.tenants.deleted) {
    const row = await tx.tenant.findUniqueOrThrow({ where: { name: t.name }, include: tenantInclude });
    await tx.tenant.delete({ where: { id: row.id } });
    audit.push({ action: "delete", entityType: "tenant", entityKey: t.name, entityLabel: t.name, before: toTenant(row) });
  }
  for (const z of full.zones.deleted) {
    const row = await tx.zone.findUniqueOrThrow({ where: { name: z.name }, include: zoneInclude });
    await tx.zone.delete({ where: { id: row.id } });
    audit.push({ action: "delete", entityType: "zone", entityKey: z.name, entityLabel: z.name, before: toZone(row) });
  }
}
