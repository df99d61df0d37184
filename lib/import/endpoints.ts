/**
 * Endpoints brought in from a document (an OpenAPI description, a FOLIO module descriptor) and
 * compared with an exposure's current list before anything is applied. Pure: the parsers in this
 * folder produce `ImportedEndpoint`s, this file merges, validates and compares them.
 */
import { HTTP_METHODS, endpointPathProblem, type HttpMethod } from "../domain/rules";
import { compareStrings } from "../compiler/semver";

export interface Endpoint {
  methods: HttpMethod[];
  path: string;
}

/**
 * Something in the document that did not become an endpoint as written: a construct Switchyard
 * can't route (`skipped`), or one it took in a changed form (`adjusted`). Always named, never
 * silently dropped.
 */
export interface ImportProblem {
  kind: "skipped" | "adjusted";
  /** Where in the document: `GET /pets/{id}`, `provides[2].handlers[0]`, `servers[0].url`. */
  where: string;
  message: string;
  file?: string;
  line?: number;
  column?: number;
}

/** An endpoint as a parser found it, with where it came from (for problems about it). */
export interface ImportedEndpoint extends Endpoint {
  where: string;
}

/** More problems than this are counted in the last one: a hostile document can't make a huge answer. */
export const MAX_IMPORT_PROBLEMS = 200;
/** The exposure schema's limit (lib/api/schemas.ts). */
export const MAX_ENDPOINTS = 500;

const METHOD_ORDER = new Map<string, number>(HTTP_METHODS.map((m, i) => [m, i]));

export const isHttpMethod = (m: string): m is HttpMethod => METHOD_ORDER.has(m);

/** Methods in Switchyard's canonical order (the order of HTTP_METHODS), each once. */
export function canonicalMethods(methods: Iterable<string>): HttpMethod[] {
  return [...new Set(methods)]
    .filter(isHttpMethod)
    .sort((a, b) => (METHOD_ORDER.get(a) ?? 0) - (METHOD_ORDER.get(b) ?? 0));
}

/**
 * A full request path relative to an exposure's base path: `/orders/{id}` under `/orders` is
 * `/{id}`, `/orders` itself is `/`. Null when the path is not under the base path.
 */
export function underBasePath(fullPath: string, basePath: string): string | null {
  if (fullPath === basePath || fullPath === `${basePath}/`) return "/";
  if (fullPath.startsWith(`${basePath}/`)) return fullPath.slice(basePath.length);
  // A pattern that ends in `*` right at the base path (`/orders*`) covers the base path and all below.
  if (fullPath === `${basePath}*`) return "/*";
  return null;
}

/** Joins a server/base path and an operation path without doubling or losing the slash. */
export function joinPaths(prefix: string, path: string): string {
  const head = prefix.replace(/\/+$/, "");
  if (!path.startsWith("/")) return `${head}/${path}`;
  return `${head}${path}`;
}

/**
 * Merges endpoints by path (two handlers of one path become one endpoint with both methods) and
 * checks each path against Switchyard's endpoint rules; a path the rules refuse is named.
 */
export function mergeEndpoints(found: ImportedEndpoint[], problems: ImportProblem[]): Endpoint[] {
  const byPath = new Map<string, Set<string>>();
  for (const e of found) {
    const problem = endpointPathProblem(e.path);
    if (problem) {
      problems.push({ kind: "skipped", where: e.where, message: `Endpoint path ${e.path} ${problem}` });
      continue;
    }
    const methods = byPath.get(e.path) ?? new Set<string>();
    for (const m of e.methods) methods.add(m);
    byPath.set(e.path, methods);
  }
  const endpoints = [...byPath].map(([path, methods]) => ({ path, methods: canonicalMethods(methods) }));
  if (endpoints.length > MAX_ENDPOINTS) {
    problems.push({
      kind: "skipped",
      where: "",
      message: `The document yields ${endpoints.length} endpoints; an exposure holds at most ${MAX_ENDPOINTS} (the first ${MAX_ENDPOINTS} are kept)`,
    });
    return endpoints.slice(0, MAX_ENDPOINTS);
  }
  return endpoints;
}

/** Caps a problem list, counting what was left out in its last entry. */
export function capProblems(problems: ImportProblem[]): ImportProblem[] {
  if (problems.length <= MAX_IMPORT_PROBLEMS) return problems;
  return [
    ...problems.slice(0, MAX_IMPORT_PROBLEMS),
    { kind: "skipped", where: "", message: `and ${problems.length - MAX_IMPORT_PROBLEMS} more problems` },
  ];
}

export interface EndpointChange {
  path: string;
  before: HttpMethod[];
  after: HttpMethod[];
}

export interface EndpointDiff {
  added: Endpoint[];
  changed: EndpointChange[];
  removed: Endpoint[];
  unchanged: Endpoint[];
  /** The exposure's list once the import is applied: the imported endpoints, in document order. */
  result: Endpoint[];
}

/**
 * The imported list against the exposure's current one, by path. Applying makes the list the
 * imported one, so a current endpoint the document does not name is `removed`.
 */
export function diffEndpoints(current: Endpoint[], imported: Endpoint[]): EndpointDiff {
  const currentByPath = new Map(current.map((e) => [e.path, canonicalMethods(e.methods)]));
  const importedPaths = new Set(imported.map((e) => e.path));
  const diff: EndpointDiff = { added: [], changed: [], removed: [], unchanged: [], result: imported };
  for (const e of imported) {
    const before = currentByPath.get(e.path);
    if (!before) diff.added.push(e);
    else if (before.join(",") !== e.methods.join(",")) diff.changed.push({ path: e.path, before, after: e.methods });
    else diff.unchanged.push(e);
  }
  for (const e of current) {
    if (!importedPaths.has(e.path)) diff.removed.push({ path: e.path, methods: canonicalMethods(e.methods) });
  }
  diff.removed.sort((a, b) => compareStrings(a.path, b.path));
  return diff;
}
