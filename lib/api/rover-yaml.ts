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
 *
 * A file is untrusted input, so the work per file is bounded: at most MAX_REPORTED_PROBLEMS problems
 * are reported (the rest are counted), and each is placed with one walk down its path.
 */
import {
  LineCounter,
  Lexer,
  isMap,
  isScalar,
  isSeq,
  parseDocument,
  stringify,
  type Document,
  type Pair,
  type YAMLMap,
} from "yaml";
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

/** More problems than this are counted, not listed: nobody reads the 30,000th typo. */
export const MAX_REPORTED_PROBLEMS = 50;

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
  const parsed = parseBoundedYaml(text, ROVER_FILE_SHAPE);
  if (!parsed.ok) return { ok: false, kind: "syntax", problems: parsed.problems };
  const { doc, lineCounter } = parsed;
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
  const locator = new Locator(doc, lineCounter);
  const byPath = new Map<string, RoverFileProblem | null>();
  let listed = 0;
  let uncounted = false;
  const add = (path: readonly PropertyKey[], message: string, atKey: boolean) => {
    const dotted = path.map(String).join(".");
    if (byPath.has(dotted)) return;
    // Past the cap a problem is only counted: locating it is the work a hostile file multiplies.
    if (listed >= MAX_REPORTED_PROBLEMS) {
      byPath.set(dotted, null);
      return;
    }
    listed++;
    byPath.set(dotted, { path: dotted, message, ...locator.locate(path, atKey) });
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
      // Past the cap nothing more is listed; the count of the rest becomes "at least".
      if (listed >= MAX_REPORTED_PROBLEMS) {
        uncounted = true;
        return;
      }
      const parsed = schema.safeParse(item);
      if (!parsed.success) return;
      for (const path of droppedKeys(item, parsed.data, ["spec", list, i])) {
        add(path, `Unknown field ${String(path[path.length - 1])}`, true);
      }
    });
  }
  if (result.success && byPath.size === 0) return { ok: true, file: result.data };
  const problems = [...byPath.values()].filter((p): p is RoverFileProblem => p !== null);
  return { ok: false, kind: "invalid", problems: withUnlisted(problems, byPath.size, uncounted) };
}

/** The listed problems, followed by one line counting those left out. */
function withUnlisted(listed: RoverFileProblem[], total: number, atLeast = false): RoverFileProblem[] {
  if (total <= listed.length && !atLeast) return listed;
  const more = total - listed.length;
  const count = atLeast
    ? more
      ? `at least ${more} more problems`
      : "perhaps more problems"
    : `${more} more problems`;
  return [...listed, { path: "", message: `and ${count} (fix these and import again to see them)` }];
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
  const locator = new Locator(parseDocument(text, { lineCounter, uniqueKeys: false }), lineCounter);
  const listed = errors.slice(0, MAX_REPORTED_PROBLEMS).map((e) => {
    const [head, ...rest] = e.path.split(".");
    const path = [FILE_PATH_OF_FIELD[head] ?? head, ...rest].filter(Boolean).join(".");
    const segments = path ? path.split(".").map((s) => (/^\d+$/.test(s) ? Number(s) : s)) : [];
    return { path, message: e.message, ...locator.locate(segments, false) };
  });
  return withUnlisted(listed, errors.length);
}

export function describeProblems(problems: RoverFileProblem[]): string {
  const one = (p: RoverFileProblem) =>
    p.path === "" && p.line !== undefined && p.message.startsWith("YAML")
      ? p.message
      : `${p.line !== undefined ? `line ${p.line}, column ${p.column}: ` : ""}${p.path ? `${p.path}: ` : ""}${p.message}`;
  if (problems.length === 1) return one(problems[0]);
  const last = problems[problems.length - 1];
  const unlisted =
    last.path === "" ? /^and (at least |perhaps )?(\d*) ?more problems/.exec(last.message) : null;
  const total = unlisted ? problems.length - 1 + Number(unlisted[2] || 0) : problems.length;
  return `${unlisted?.[1] ? "At least " : ""}${total} problems in the rover file; first: ${one(problems[0])}`;
}

/**
 * Bounds on a file's shape, checked in one pass before it is parsed, so that the parse itself is
 * bounded: `yaml` spends microseconds per node, and 1 MB of one-character items is half a million
 * nodes. A large rover stays well inside: 100 exposures of 10 upstreams and 10 endpoints, with 200
 * subscriptions, export to 6,911 lines and 14,916 words.
 */
export const MAX_FILE_LINES = 8_000;
/** Items in flow collections (`[a, b]`, `{a: 1, b: 2}`), counted by their commas. */
export const MAX_FLOW_ITEMS = 8_000;
/**
 * Words (runs of non-blank characters): what `yaml` turns into tokens, and into one error each
 * when they make no sense (a file of `: : : :` lines took seconds, most of it making errors).
 */
export const MAX_FILE_WORDS = 24_000;
/**
 * Flow collections nested deeper than this are refused: `yaml`'s parser recurses on them, and
 * 1 MB of `[` took seconds to end in a stack overflow. A rover file needs four levels.
 */
const MAX_FLOW_DEPTH = 64;

/** The shape a kind of YAML file may have before it is parsed (see shapeProblem). */
export interface YamlShape {
  /** Names the file in messages: "A rover file", "An estate file". */
  label: string;
  lines: number;
  flowItems: number;
  words: number;
}

export const ROVER_FILE_SHAPE: YamlShape = {
  label: "A rover file",
  lines: MAX_FILE_LINES,
  flowItems: MAX_FLOW_ITEMS,
  words: MAX_FILE_WORDS,
};

export type BoundedYaml =
  | { ok: true; doc: Document.Parsed; lineCounter: LineCounter }
  | { ok: false; problems: RoverFileProblem[] };

/**
 * Parses untrusted YAML with bounded work: the shape is checked in one pass first, `yaml`'s errors
 * carry no stack traces, and duplicate keys are found in one pass rather than by `yaml`'s own
 * check. Syntax problems come back placed (line, column), at most MAX_REPORTED_PROBLEMS of them.
 */
export function parseBoundedYaml(text: string, shape: YamlShape): BoundedYaml {
  const lineCounter = new LineCounter();
  const tooBig = shapeProblem(text, shape);
  if (tooBig) return { ok: false, problems: [tooBig] };
  // `yaml` goes on after an error and builds an Error, stack trace included, for each one: a file
  // of nothing but errors spent most of its time capturing stacks that nobody reads.
  const stackTraceLimit = Error.stackTraceLimit;
  Error.stackTraceLimit = 0;
  let doc: Document.Parsed;
  try {
    // `yaml`'s own unique-key check compares every key with every earlier one (quadratic: a file
    // with 30,000 keys took half a minute); duplicateKeyOffsets does it in one pass.
    doc = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: false });
  } finally {
    Error.stackTraceLimit = stackTraceLimit;
  }
  const errors = doc.errors.length
    ? doc.errors.map((e) => ({ offset: e.pos[0], message: e.message }))
    : duplicateKeyOffsets(doc).map((offset) => ({ offset, message: "Map keys must be unique" }));
  if (errors.length === 0) return { ok: true, doc, lineCounter };
  const problems: RoverFileProblem[] = errors.slice(0, MAX_REPORTED_PROBLEMS).map((e) => {
    const { line, col } = lineCounter.linePos(e.offset);
    return {
      path: "",
      message: `YAML syntax error at line ${line}, column ${col}: ${e.message}`,
      line,
      column: col,
    };
  });
  return { ok: false, problems: withUnlisted(problems, errors.length) };
}

/** Tokens the lexer emits that are not text of the file (document start, scalar, flow end). */
const SYNTHETIC_TOKENS = new Set(["\u0002", "\u0018", "\u001f"]);

function shapeProblem(text: string, shape: YamlShape): RoverFileProblem | null {
  let lines = 1;
  let commas = 0;
  let brackets = 0;
  let words = 0;
  let blank = true;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    const isBlank = c === 0x20 || c === 0x09 || c === 0x0a || c === 0x0d;
    if (!isBlank && blank) words++;
    blank = isBlank;
    if (c === 0x0a) lines++;
    else if (c === 0x2c) commas++;
    else if (c === 0x5b || c === 0x7b) brackets++;
  }
  if (lines > shape.lines)
    return {
      path: "",
      message: `${shape.label} may hold at most ${shape.lines} lines (this one has ${lines})`,
    };
  if (commas > shape.flowItems)
    return {
      path: "",
      message: `${shape.label} may hold at most ${shape.flowItems} items in [ ] and { } lists (this one has ${commas} commas)`,
    };
  if (words > shape.words)
    return {
      path: "",
      message: `${shape.label} may hold at most ${shape.words} words (this one has ${words})`,
    };
  // Lexing costs about a third of parsing; a file without that many brackets can't nest that deep.
  if (brackets <= MAX_FLOW_DEPTH) return null;
  let depth = 0;
  let offset = 0;
  for (const token of new Lexer().lex(text)) {
    if (token === "[" || token === "{") depth++;
    else if (token === "]" || token === "}") depth = Math.max(0, depth - 1);
    if (depth > MAX_FLOW_DEPTH) {
      const before = text.slice(0, offset);
      const line = before.split("\n").length;
      const column = offset - before.lastIndexOf("\n");
      return {
        path: "",
        message: `YAML syntax error at line ${line}, column ${column}: collections are nested more than ${MAX_FLOW_DEPTH} levels deep`,
        line,
        column,
      };
    }
    if (!SYNTHETIC_TOKENS.has(token)) offset += token.length;
  }
  return null;
}

/** Where a mapping repeats a scalar key, in document order; one pass, without recursion. */
function duplicateKeyOffsets(doc: Document): number[] {
  const out: number[] = [];
  const pending: unknown[] = [doc.contents];
  while (pending.length) {
    const node = pending.pop();
    if (isMap(node)) {
      const seen = new Set<string>();
      for (const pair of node.items) {
        // Keys are compared as `yaml` does: scalars by type and value (1 and "1" differ).
        if (isScalar(pair.key)) {
          const key = `${typeof pair.key.value}:${String(pair.key.value)}`;
          if (seen.has(key)) out.push(rangeOf(pair.key)?.[0] ?? 0);
          seen.add(key);
        }
        pending.push(pair.value);
      }
    } else if (isSeq(node)) for (const item of node.items) pending.push(item);
  }
  return out.sort((a, b) => a - b);
}

type Range = [number, number, number];

const rangeOf = (node: unknown): Range | undefined =>
  node !== null && typeof node === "object" && "range" in node
    ? (node.range as Range | undefined)
    : undefined;

/**
 * Places paths in one parsed file. Each mapping's keys are indexed the first time a path goes
 * through it, so placing a problem costs one step per path segment; searching a mapping's items per
 * problem (what `doc.getIn` does) made a file with 30,000 unknown keys quadratic.
 */
class Locator {
  private readonly keys = new WeakMap<YAMLMap, Map<string, Pair>>();

  constructor(
    private readonly doc: Document,
    private readonly lineCounter: LineCounter,
  ) {}

  private pairsOf(map: YAMLMap): Map<string, Pair> {
    let index = this.keys.get(map);
    if (!index) {
      index = new Map();
      for (const pair of map.items) {
        const key = pair.key as { value?: unknown } | null;
        const name =
          key !== null && typeof key === "object" && "value" in key ? String(key.value) : String(key);
        // The first occurrence wins, as in the parsed value (duplicates are a syntax error anyway).
        if (!index.has(name)) index.set(name, pair);
      }
      this.keys.set(map, index);
    }
    return index;
  }

  /**
   * The line and column of the value at `path` (of its key with `atKey`, for unknown keys), or of
   * its nearest existing ancestor (a missing key is reported where its mapping is).
   */
  locate(path: readonly PropertyKey[], atKey: boolean): { line?: number; column?: number } {
    let node: unknown = this.doc.contents;
    let offset = rangeOf(node)?.[0];
    for (let i = 0; i < path.length; i++) {
      const segment = path[i];
      let next: unknown;
      let keyNode: unknown;
      if (isMap(node) && (typeof segment === "string" || typeof segment === "number")) {
        const pair = this.pairsOf(node).get(String(segment));
        next = pair?.value;
        keyNode = pair?.key;
      } else if (isSeq(node) && typeof segment === "number") {
        next = node.items[segment];
      }
      // An unknown key's error is about the key, which starts before its value.
      const start = atKey && i === path.length - 1 ? (rangeOf(keyNode) ?? rangeOf(next)) : rangeOf(next);
      if (!start) break;
      offset = start[0];
      node = next;
    }
    if (offset === undefined) return {};
    const { line, col } = this.lineCounter.linePos(offset);
    return { line, column: col };
  }
}
