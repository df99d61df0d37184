/**
 * The estate as one YAML document: settings, zones (never a Kong admin token), rovers, tenants and
 * entitlements, for version control, review in a pull request, and restore.
 *
 *   apiVersion: switchyard/v1
 *   kind: Estate
 *   settings: { environment, tenantHeader, issuerPlugin }
 *   zones: [...]         # by name
 *   rovers: [...]        # by name, version, zone
 *   tenants: [...]       # by name
 *   entitlements: [...]  # by tenant, application, version
 *
 * Written in one stable order (lists sorted by code point, keys in a fixed order), so two exports
 * of the same estate are byte-identical and a diff in a pull request shows only what changed.
 * Read with the API's own zod schemas; every problem names the file, the line and the field, placed
 * by the rover file's position machinery (lib/api/rover-yaml.ts).
 */
import { stringify } from "yaml";
import { z } from "zod";
import { compareStrings } from "../compiler/semver";
import { locateFieldErrors, MAX_REPORTED_PROBLEMS, parseBoundedYaml, ROVER_API_VERSION, type YamlShape } from "../api/rover-yaml";
import {
  entitlementCreateSchema,
  roverCreateSchema,
  settingsSchema,
  tenantCreateSchema,
  zoneCreateSchema,
  type FieldError,
} from "../api/schemas";

export const ESTATE_KIND = "Estate";

const zoneFileSchema = zoneCreateSchema
  .omit({ kongAdminToken: true })
  .extend({
    // Absent in a file means "none", not "leave as it is": the file is the zone's whole state.
    dtcUrl: zoneCreateSchema.shape.dtcUrl.transform((v) => v ?? null),
    enforceIssuers: z.boolean({ error: "Enforce issuers must be true or false" }).default(true),
  })
  .strict();

const listOf = <T extends z.ZodType>(item: T, max: number, what: string) =>
  z.array(item).max(max, `At most ${max} ${what}`).default([]);

export const estateFileSchema = z
  .object(
    {
      apiVersion: z.literal(ROVER_API_VERSION, { error: `apiVersion must be ${ROVER_API_VERSION}` }),
      kind: z.literal(ESTATE_KIND, { error: `kind must be ${ESTATE_KIND}` }),
      /** Absent: the settings are left as they are. */
      settings: settingsSchema.strict().optional(),
      zones: listOf(zoneFileSchema, 1000, "zones"),
      rovers: listOf(roverCreateSchema, 20_000, "rovers"),
      tenants: listOf(tenantCreateSchema, 10_000, "tenants"),
      entitlements: listOf(entitlementCreateSchema, 200_000, "entitlements"),
    },
    { error: "An estate file must be a YAML mapping with apiVersion, kind, settings, zones, rovers, tenants and entitlements" },
  )
  .strict();

export type EstateFile = z.output<typeof estateFileSchema>;
export type EstateZone = EstateFile["zones"][number];
export type EstateRover = EstateFile["rovers"][number];
export type EstateTenant = EstateFile["tenants"][number];
export type EstateEntitlement = EstateFile["entitlements"][number];
export type EstateSettings = NonNullable<EstateFile["settings"]>;

/** A problem in an estate file: the file, the field (dotted path) and where it is (1-based). */
export interface EstateProblem extends FieldError {
  file: string;
  line?: number;
  column?: number;
}

export type EstateParse =
  | { ok: true; file: EstateFile }
  | { ok: false; kind: "syntax" | "invalid"; problems: EstateProblem[] };

export const roverKey = (r: { name: string; version: string; zone: string }) => `${r.name} ${r.version} in ${r.zone}`;
export const entitlementKey = (e: EstateEntitlement) => `${e.tenant} → ${e.application} ${e.version}`;

const byKey =
  <T>(key: (t: T) => string) =>
  (a: T, b: T) =>
    compareStrings(key(a), key(b));

/** Rovers by name, version and zone, each compared on its own (a joined key would sort `a-b` before `a 1`). */
const roverOrder = (a: EstateRover, b: EstateRover) =>
  compareStrings(a.name, b.name) || compareStrings(a.version, b.version) || compareStrings(a.zone, b.zone);
const entitlementOrder = (a: EstateEntitlement, b: EstateEntitlement) =>
  compareStrings(a.tenant, b.tenant) ||
  compareStrings(a.application, b.application) ||
  compareStrings(a.version, b.version);

/** The estate in its one canonical order (what export writes and what plans compare). */
export function canonicalEstate(estate: EstateFile): EstateFile {
  return {
    apiVersion: ROVER_API_VERSION,
    kind: ESTATE_KIND,
    ...(estate.settings ? { settings: estate.settings } : {}),
    zones: [...estate.zones].sort(byKey((z) => z.name)),
    rovers: [...estate.rovers].sort(roverOrder),
    tenants: [...estate.tenants].sort(byKey((t) => t.name)),
    entitlements: [...estate.entitlements].sort(entitlementOrder),
  } as EstateFile;
}

export function estateToYaml(estate: EstateFile): string {
  const e = canonicalEstate(estate);
  const doc = {
    apiVersion: e.apiVersion,
    kind: e.kind,
    ...(e.settings
      ? {
          settings: {
            environment: e.settings.environment,
            tenantHeader: e.settings.tenantHeader,
            issuerPlugin: e.settings.issuerPlugin,
          },
        }
      : {}),
    zones: e.zones.map((z) => ({
      name: z.name,
      visibility: z.visibility,
      gatewayUrl: z.gatewayUrl,
      identityProviderUrl: z.identityProviderUrl,
      ...(z.dtcUrl ? { dtcUrl: z.dtcUrl } : {}),
      enforceIssuers: z.enforceIssuers,
      kongAdminUrl: z.kongAdminUrl,
    })),
    rovers: e.rovers.map((r) => ({
      name: r.name,
      version: r.version,
      zone: r.zone,
      failoverEnabled: r.failoverEnabled,
      // Exposure and subscription order is the operator's (the form's order), kept as stored.
      exposures: r.exposures.map((x) => ({
        basePath: x.basePath,
        visibility: x.visibility,
        tenantAccess: x.tenantAccess,
        ...(x.stripBasePath ? { stripBasePath: true } : {}),
        upstreams: x.upstreams.map((u) => ({ url: u.url, weight: u.weight })),
        ...(x.endpoints.length ? { endpoints: x.endpoints.map((p) => ({ methods: p.methods, path: p.path })) } : {}),
      })),
      subscriptions: r.subscriptions.map((s) => ({ basePath: s.basePath, approved: s.approved })),
    })),
    tenants: e.tenants.map((t) => ({ name: t.name, description: t.description })),
    entitlements: e.entitlements.map((x) => ({ tenant: x.tenant, application: x.application, version: x.version })),
  };
  return stringify(doc, { lineWidth: 0 });
}

/** Problems placed on the file; more than MAX_REPORTED_PROBLEMS are counted in the last one. */
export function locateEstateProblems(fileName: string, text: string, errors: FieldError[]): EstateProblem[] {
  return locateFieldErrors(text, errors).map((p) => ({ file: fileName, ...p }));
}

/**
 * An estate file is bounded like a rover file. `yaml` parses on the event loop at roughly 1–2 MB of
 * dense YAML per second here (200,000 short lines: 4 s of CPU on a loaded 2-core machine), so the
 * shape, not the byte limit, is what keeps one upload from holding the server: at most a few seconds.
 * An estate larger than this is split into several files (rovers per file) or applied by zone.
 */
export const ESTATE_FILE_SHAPE: YamlShape = { label: "An estate file", lines: 250_000, flowItems: 50_000, words: 750_000 };

export function parseEstateYaml(text: string, fileName: string): EstateParse {
  const parsed = parseBoundedYaml(text, ESTATE_FILE_SHAPE);
  if (!parsed.ok) return { ok: false, kind: "syntax", problems: parsed.problems.map((p) => ({ file: fileName, ...p })) };
  const { doc } = parsed;
  let input: unknown;
  try {
    input = doc.toJS();
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    return { ok: false, kind: "syntax", problems: [{ file: fileName, path: "", message: `The file could not be read: ${message}` }] };
  }
  const result = estateFileSchema.safeParse(input);
  const errors: FieldError[] = [];
  if (!result.success) {
    for (const issue of result.error.issues) {
      const path = issue.path.map(String).join(".");
      if (issue.code === "unrecognized_keys") {
        for (const k of issue.keys) {
          errors.push({
            path: path ? `${path}.${k}` : k,
            message:
              k === "kongAdminToken"
                ? "Kong admin tokens are never part of an estate file; set them on the zone page or with PATCH /api/v1/zones/{name}"
                : `Unknown field ${k}`,
          });
        }
      } else errors.push({ path, message: issue.message });
      if (errors.length > MAX_REPORTED_PROBLEMS) break;
    }
    return { ok: false, kind: "invalid", problems: locateEstateProblems(fileName, text, errors) };
  }
  const duplicates = duplicateProblems(result.data);
  if (duplicates.length) return { ok: false, kind: "invalid", problems: locateEstateProblems(fileName, text, duplicates) };
  return { ok: true, file: result.data };
}

/** Each entity may appear once: a second entry would silently win over the first. */
function duplicateProblems(file: EstateFile): FieldError[] {
  const problems: FieldError[] = [];
  const check = <T>(list: T[], name: string, key: (t: T) => string, field: string) => {
    const seen = new Set<string>();
    list.forEach((item, i) => {
      const k = key(item);
      if (seen.has(k)) problems.push({ path: `${name}.${i}.${field}`, message: `${k} is listed twice` });
      seen.add(k);
    });
  };
  check(file.zones, "zones", (z) => `Zone ${z.name}`, "name");
  check(file.rovers, "rovers", (r) => `Rover ${roverKey(r)}`, "version");
  check(file.tenants, "tenants", (t) => `Tenant ${t.name}`, "name");
  check(file.entitlements, "entitlements", (e) => `Entitlement ${entitlementKey(e)}`, "version");
  return problems;
}
