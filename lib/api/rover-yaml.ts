/**
 * Rover files: one rover as a YAML document that operators keep next to their deployment code.
 *
 *   apiVersion: switchyard/v1
 *   kind: Rover
 *   metadata: { name, version }
 *   spec: { zone, failoverEnabled, exposures: [...], subscriptions: [...] }
 *
 * Validation uses the API's own zod schemas; every problem names its field and the line and column
 * in the file, so an operator can fix a 300-line file without guessing.
 */
import { LineCounter, isMap, parseDocument, stringify, type Document } from "yaml";
import { z } from "zod";
import type { FieldError, Rover } from "./schemas";
import { exposureSchema, roverCreateSchema, subscriptionSchema } from "./schemas";

export const ROVER_API_VERSION = "switchyard/v1";
export const ROVER_KIND = "Rover";

export const roverFileSchema = z
  .object(
    {
      apiVersion: z.literal(ROVER_API_VERSION, { error: `apiVersion must be ${ROVER_API_VERSION}` }),
      kind: z.literal(ROVER_KIND, { error: `kind must be ${ROVER_KIND}` }),
      metadata: z
        .object(roverCreateSchema.pick({ name: true, version: true }).shape, {
          error: "metadata must be a mapping with name and version",
        })
        .strict(),
      spec: z
        .object(
          roverCreateSchema.pick({ zone: true, failoverEnabled: true, exposures: true, subscriptions: true })
            .shape,
          { error: "spec must be a mapping with zone and exposures" },
        )
        .strict(),
    },
    { error: "A rover file must be a YAML mapping with apiVersion, kind, metadata and spec" },
  )
  .strict();
export type RoverFile = z.output<typeof roverFileSchema>;

/** A problem in a rover file: the field (dotted path) and where it is in the file (1-based). */
export interface RoverFileProblem extends FieldError {
  line?: number;
  column?: number;
}

export type RoverFileParse =
  { ok: true; file: RoverFile } | { ok: false; kind: "syntax" | "invalid"; problems: RoverFileProblem[] };

/** Where each field of the API body comes from in a rover file. */
const FILE_PATH_OF_FIELD: Record<string, string> = {
  name: "metadata.name",
  version: "metadata.version",
  zone: "spec.zone",
  failoverEnabled: "spec.failoverEnabled",
  exposures: "spec.exposures",
  subscriptions: "spec.subscriptions",
};

export function roverToYaml(rover: Rover): string {
  const file = {
    apiVersion: ROVER_API_VERSION,
    kind: ROVER_KIND,
    metadata: { name: rover.name, version: rover.version },
    spec: {
      zone: rover.zone,
      failoverEnabled: rover.failoverEnabled,
      exposures: rover.exposures.map((e) => ({
        basePath: e.basePath,
        visibility: e.visibility,
        tenantAccess: e.tenantAccess,
        // Only when set, like endpoints: files written before the option stay as they were.
        ...(e.stripBasePath ? { stripBasePath: true } : {}),
        upstreams: e.upstreams.map((u) => ({ url: u.url, weight: u.weight })),
        ...(e.endpoints.length
          ? { endpoints: e.endpoints.map((p) => ({ methods: p.methods, path: p.path })) }
          : {}),
      })),
      subscriptions: rover.subscriptions.map((s) => ({ basePath: s.basePath, approved: s.approved })),
    },
  };
  return stringify(file, { lineWidth: 0 });
}

export function parseRoverYaml(text: string): RoverFileParse {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true });
  if (doc.errors.length) {
    return {
      ok: false,
      kind: "syntax",
      problems: doc.errors.map((e) => {
        const { line, col } = lineCounter.linePos(e.pos[0]);
        return {
          path: "",
          message: `YAML syntax error at line ${line}, column ${col}: ${e.message}`,
          line,
          column: col,
        };
      }),
    };
  }
  let input: unknown;
  try {
    // `yaml` refuses alias bombs ("billion laughs") while building the value; that is the file's fault.
    input = doc.toJS();
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    return {
      ok: false,
      kind: "syntax",
      problems: [{ path: "", message: `The file could not be read: ${message}` }],
    };
  }
  const result = roverFileSchema.safeParse(input);
  const byPath = new Map<string, RoverFileProblem>();
  const add = (path: readonly PropertyKey[], message: string, atKey: boolean) => {
    const dotted = path.map(String).join(".");
    if (!byPath.has(dotted))
      byPath.set(dotted, { path: dotted, message, ...locate(doc, lineCounter, path, atKey) });
  };
  if (!result.success) {
    for (const issue of result.error.issues) {
      if (issue.code === "unrecognized_keys")
        for (const k of issue.keys) add([...issue.path, k], `Unknown field ${k}`, true);
      else add(issue.path, issue.message, false);
    }
  }
  // The API's exposure and subscription schemas drop unknown keys; in a hand-written file an
  // unknown key is almost always a typo (`tenantAcess`) that would silently fall back to a
  // default, so name it. Each list item is checked on its own, so this works beside other errors.
  for (const [list, schema] of [
    ["exposures", exposureSchema],
    ["subscriptions", subscriptionSchema],
  ] as const) {
    const items = isPlainObject(input) && isPlainObject(input.spec) ? input.spec[list] : undefined;
    if (!Array.isArray(items)) continue;
    items.forEach((item, i) => {
      const parsed = schema.safeParse(item);
      if (!parsed.success) return;
      for (const path of droppedKeys(item, parsed.data, ["spec", list, i])) {
        add(path, `Unknown field ${String(path[path.length - 1])}`, true);
      }
    });
  }
  if (result.success && byPath.size === 0) return { ok: true, file: result.data };
  return { ok: false, kind: "invalid", problems: [...byPath.values()] };
}

/** Paths of object keys present in `input` but not in the parsed `output`. */
function droppedKeys(input: unknown, output: unknown, path: (string | number)[]): (string | number)[][] {
  if (Array.isArray(input) && Array.isArray(output)) {
    return input.flatMap((item, i) => droppedKeys(item, output[i], [...path, i]));
  }
  if (isPlainObject(input) && isPlainObject(output)) {
    return Object.keys(input).flatMap((k) =>
      k in output ? droppedKeys(input[k], output[k], [...path, k]) : [[...path, k]],
    );
  }
  return [];
}

const isPlainObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === "object" && v !== null && !Array.isArray(v);

/**
 * Places API field errors (from the data layer, e.g. "zone does not exist") on the file: their
 * paths are the API body's, so they are moved under metadata/spec and given a line.
 */
export function locateFieldErrors(text: string, errors: FieldError[]): RoverFileProblem[] {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter });
  return errors.map((e) => {
    const [head, ...rest] = e.path.split(".");
    const path = [FILE_PATH_OF_FIELD[head] ?? head, ...rest].filter(Boolean).join(".");
    const segments = path ? path.split(".").map((s) => (/^\d+$/.test(s) ? Number(s) : s)) : [];
    return { path, message: e.message, ...locate(doc, lineCounter, segments, false) };
  });
}

export function describeProblems(problems: RoverFileProblem[]): string {
  const one = (p: RoverFileProblem) =>
    p.path === "" && p.line !== undefined && p.message.startsWith("YAML")
      ? p.message
      : `${p.line !== undefined ? `line ${p.line}, column ${p.column}: ` : ""}${p.path ? `${p.path}: ` : ""}${p.message}`;
  if (problems.length === 1) return one(problems[0]);
  return `${problems.length} problems in the rover file; first: ${one(problems[0])}`;
}

/**
 * The line and column of the value at `path` (of its key with `atKey`, for unknown keys), or of
 * its nearest existing ancestor (a missing key is reported where its mapping is).
 */
function locate(
  doc: Document,
  lineCounter: LineCounter,
  path: readonly PropertyKey[],
  atKey: boolean,
): { line?: number; column?: number } {
  const keys = path.filter((k): k is string | number => typeof k === "string" || typeof k === "number");
  for (let n = keys.length; n >= 0; n--) {
    const node = n === 0 ? doc.contents : doc.getIn(keys.slice(0, n), true);
    const range =
      node && typeof node === "object" && "range" in node
        ? (node.range as [number, number, number] | undefined)
        : undefined;
    if (range) {
      // An unknown key's error is about the key, which starts before its value.
      let offset = range[0];
      if (atKey && n === keys.length && n > 0) {
        const parent = n === 1 ? doc.contents : doc.getIn(keys.slice(0, n - 1), true);
        if (isMap(parent)) {
          const pair = parent.items.find((p) => {
            const k = p.key as { value?: unknown } | null;
            return k !== null && typeof k === "object" && k.value === keys[n - 1];
          });
          const keyRange = (pair?.key as { range?: [number, number, number] } | null)?.range;
          if (keyRange) offset = keyRange[0];
        }
      }
      const { line, col } = lineCounter.linePos(offset);
      return { line, column: col };
    }
  }
  return {};
}
