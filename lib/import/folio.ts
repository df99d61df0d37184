/**
 * Endpoints from a FOLIO module descriptor: the document the tenant-routing source's platform turns
 * into one Kong route per handler (`provides[].handlers[]` with `methods` and `pathPattern`).
 *
 * Mapping (README "Importing endpoints"):
 * - `id` `mod-x-1.2.3` is application `mod-x`, version `1.2.3` (the first `-` followed by a
 *   semantic version splits them), which can fill a new rover's name and version;
 * - `pathPattern` is the full request path: the exposure's base path is taken off the front, a
 *   handler outside it is named and skipped; `{id}` stays a `{param}`, a trailing `*` stays
 *   Switchyard's trailing `*`, a `*` elsewhere is named (Switchyard matches whole segments);
 *   the deprecated prefix form `path` becomes `path*`;
 * - `methods: ["*"]` is every method; a handler without methods is skipped and named (Okapi would
 *   route nothing for it either);
 * - system interfaces (`interfaceType: system`, or an id starting with `_` such as `_tenant`,
 *   `_timer`, `_jsonSchemas`, `_ramls`) are calls the platform makes to the module itself (tenant
 *   init, timers, schema listings), not client traffic through the gateway: skipped by default and
 *   named, imported with `includeSystem`;
 * - the same path in several handlers (interfaces often repeat one) is one endpoint with all their
 *   methods.
 */
import { HTTP_METHODS, SEMVER, DNS_LABEL } from "../domain/rules";
import { ImportRefused, isRecord, readDocument, type UploadedFile } from "./document";
import {
  capProblems,
  isHttpMethod,
  mergeEndpoints,
  underBasePath,
  type Endpoint,
  type ImportedEndpoint,
  type ImportProblem,
} from "./endpoints";

export interface FolioImport {
  /** From the descriptor's `id`, when it splits into a valid application name and version. */
  module: { id: string; name: string; version: string } | null;
  endpoints: Endpoint[];
  problems: ImportProblem[];
}

export interface FolioOptions {
  includeSystem?: boolean;
}

/** `mod-x-1.2.3-SNAPSHOT.4` → `{name: mod-x, version: 1.2.3-SNAPSHOT.4}`; null when it does not split. */
export function splitModuleId(id: string): { name: string; version: string } | null {
  for (let i = id.indexOf("-"); i > 0; i = id.indexOf("-", i + 1)) {
    const name = id.slice(0, i);
    const version = id.slice(i + 1);
    if (/^\d/.test(version) && SEMVER.test(version)) return DNS_LABEL.test(name) ? { name, version } : null;
  }
  return null;
}

const isSystemInterface = (iface: Record<string, unknown>) =>
  iface.interfaceType === "system" || (typeof iface.id === "string" && iface.id.startsWith("_"));

export function folioEndpoints(file: UploadedFile, basePath: string, options: FolioOptions = {}): FolioImport {
  const read = readDocument(file);
  if (!read.ok) throw new ImportRefused(read.problem.message, [read.problem], "syntax");
  const descriptor = read.value;
  if (!isRecord(descriptor) || !Array.isArray(descriptor.provides)) {
    throw new ImportRefused(`${file.name}: a module descriptor needs a provides list`, [
      { file: file.name, message: "Expected a JSON object with id and provides[] (a FOLIO module descriptor)" },
    ]);
  }
  const problems: ImportProblem[] = [];
  let moduleId: FolioImport["module"] = null;
  if (typeof descriptor.id === "string") {
    const split = splitModuleId(descriptor.id);
    if (split) moduleId = { id: descriptor.id, ...split };
    else
      problems.push({
        kind: "adjusted",
        where: "id",
        message: `Module id ${descriptor.id} does not read as <name>-<semantic version>; name and version are not filled`,
      });
  }

  const found: ImportedEndpoint[] = [];
  descriptor.provides.forEach((iface, i) => {
    if (!isRecord(iface)) return;
    const ifaceName = typeof iface.id === "string" ? iface.id : `provides[${i}]`;
    if (isSystemInterface(iface) && !options.includeSystem) {
      const count = Array.isArray(iface.handlers) ? iface.handlers.length : 0;
      problems.push({
        kind: "skipped",
        where: `provides[${i}] (${ifaceName})`,
        message: `System interface ${ifaceName} (${count} handler${count === 1 ? "" : "s"}) is called by the platform, not through the gateway; skipped (import with system interfaces to include it)`,
      });
      return;
    }
    const handlers = Array.isArray(iface.handlers) ? iface.handlers : [];
    handlers.forEach((handler, j) => {
      const where = `provides[${i}].handlers[${j}] (${ifaceName})`;
      if (!isRecord(handler)) return;
      const pattern = handlerPath(handler, where, problems);
      if (pattern === null) return;
      const methods = handlerMethods(handler, where, problems);
      if (methods === null) return;
      const relative = underBasePath(pattern, basePath);
      if (relative === null) {
        problems.push({ kind: "skipped", where, message: `${pattern} is not under the exposure's base path ${basePath}` });
        return;
      }
      found.push({ where, path: relative, methods });
    });
  });
  return { module: moduleId, endpoints: mergeEndpoints(found, problems), problems: capProblems(problems) };
}

function handlerPath(handler: Record<string, unknown>, where: string, problems: ImportProblem[]): string | null {
  if (typeof handler.pathPattern === "string") {
    const pattern = handler.pathPattern;
    const star = pattern.indexOf("*");
    if (star >= 0 && star !== pattern.length - 1) {
      problems.push({
        kind: "skipped",
        where,
        message: `pathPattern ${pattern} has a * before its end; Switchyard matches * only at the end of a path`,
      });
      return null;
    }
    return pattern;
  }
  if (typeof handler.path === "string") {
    problems.push({ kind: "adjusted", where, message: `The deprecated prefix path ${handler.path} was read as ${handler.path}*` });
    return handler.path.endsWith("*") ? handler.path : `${handler.path}*`;
  }
  problems.push({ kind: "skipped", where, message: "The handler has no pathPattern" });
  return null;
}

function handlerMethods(
  handler: Record<string, unknown>,
  where: string,
  problems: ImportProblem[],
): ImportedEndpoint["methods"] | null {
  const raw = Array.isArray(handler.methods) ? handler.methods.filter((m): m is string => typeof m === "string") : [];
  if (raw.length === 0) {
    problems.push({ kind: "skipped", where, message: "The handler has no methods, so no request reaches it; skipped" });
    return null;
  }
  if (raw.includes("*")) return [...HTTP_METHODS];
  const methods = raw.map((m) => m.toUpperCase());
  const unknown = methods.filter((m) => !isHttpMethod(m));
  if (unknown.length) {
    problems.push({ kind: "skipped", where, message: `Method${unknown.length === 1 ? "" : "s"} ${unknown.join(", ")} not routed by Switchyard` });
  }
  const known = methods.filter(isHttpMethod);
  return known.length ? known : null;
}
