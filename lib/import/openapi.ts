/**
 * Endpoints from an OpenAPI description (Swagger 2.0, OpenAPI 3.0 and 3.1; JSON or YAML; one file
 * or several that `$ref` each other).
 *
 * Parsing, `$ref` resolution and validation are @apidevtools/swagger-parser's: it is the
 * widely used validator for all three versions, and its resolver (json-schema-ref-parser) takes
 * plug-in resolvers. Ours reads only the files of the upload, and its `http` and `file` resolvers are
 * off, so a `$ref` can never make the server fetch a URL or read its own disk (the SSRF and
 * local-file-disclosure holes of parsers that follow every `$ref`). (`@scalar/openapi-parser` was
 * the alternative; it is younger and its multi-file API changes between minor versions.)
 *
 * Mapping (README "Importing endpoints"):
 * - each path + method is an endpoint, methods upper-cased, `{param}` kept; a path with several
 *   methods is one endpoint with those methods;
 * - the server path (OpenAPI 3: the first `servers[].url`, a path item's own `servers` winning;
 *   Swagger 2.0: `basePath`) is put in front of every path, and the exposure's base path is taken
 *   off the front: a server path equal to the base path is stripped whole; a path that does not
 *   lie under the base path is named and skipped;
 * - `trace` (Switchyard routes no TRACE), callbacks and webhooks (requests the API sends, not ones
 *   it serves), decK's `x-kong-*` extensions and paths the endpoint rules refuse are named, not
 *   silently dropped.
 */
import SwaggerParser from "@apidevtools/swagger-parser";
import type { OpenAPI } from "openapi-types";
import { ImportRefused, readDocument, isRecord, type UploadedFile } from "./document";
import {
  capProblems,
  joinPaths,
  mergeEndpoints,
  underBasePath,
  type Endpoint,
  type ImportedEndpoint,
  type ImportProblem,
} from "./endpoints";

export interface OpenApiImport {
  /** `Swagger 2.0`, `OpenAPI 3.0.3`, … */
  specification: string;
  title: string | null;
  version: string | null;
  endpoints: Endpoint[];
  problems: ImportProblem[];
}

const OPERATION_METHODS = ["get", "put", "post", "delete", "options", "head", "patch", "trace"] as const;

/** Uploaded files live under a scheme of their own: nothing else has a resolver for it. */
const UPLOAD_ROOT = "upload://files/";
/** Dereferencing a document with thousands of shared schemas is bounded in time. */
const DEREFERENCE_TIMEOUT_MS = 5_000;

const uploadUrl = (name: string) => new URL(name.replace(/^\/+/, ""), UPLOAD_ROOT).href;
/** Messages speak of the operator's file names, not the internal URLs. */
const plainNames = (message: string) => message.split(UPLOAD_ROOT).join("");

export async function openApiEndpoints(files: UploadedFile[], basePath: string): Promise<OpenApiImport> {
  const parsed = new Map<string, unknown>();
  let root: { file: UploadedFile; url: string; value: Record<string, unknown> } | null = null;
  for (const file of files) {
    const read = readDocument(file);
    if (!read.ok) throw new ImportRefused(read.problem.message, [read.problem], "syntax");
    const url = uploadUrl(file.name);
    if (parsed.has(url)) throw new ImportRefused(`Two files are named ${file.name}`, [{ file: file.name, message: "Two files have this name" }]);
    parsed.set(url, read.value);
    if (!root && isRecord(read.value) && ("openapi" in read.value || "swagger" in read.value))
      root = { file, url, value: read.value };
  }
  if (!root) {
    throw new ImportRefused("None of the files is an OpenAPI document (no openapi or swagger field)", [
      { file: files[0]?.name ?? "", message: "Expected a top-level openapi (3.x) or swagger (2.0) field" },
    ]);
  }

  const parser = new SwaggerParser();
  let api: OpenAPI.Document;
  try {
    api = await parser.validate(root.url, structuredClone(root.value) as OpenAPI.Document, {
      resolve: {
        http: false,
        file: false,
        upload: {
          order: 1,
          canRead: (f: { url: string }) => f.url.startsWith(UPLOAD_ROOT),
          read: (f: { url: string }) => {
            const value = parsed.get(f.url.split("#")[0]);
            if (value === undefined)
              throw new Error(`no uploaded file is named ${plainNames(f.url)}; $refs resolve only among the uploaded files`);
            return structuredClone(value) as object;
          },
        },
      },
      // Circular schemas become circular objects; only paths and operations are walked below.
      dereference: { circular: true },
      timeoutMs: DEREFERENCE_TIMEOUT_MS,
    });
  } catch (error) {
    const message = plainNames(error instanceof Error ? error.message : String(error)).trim();
    // A `$ref` to a URL or a path outside the upload has no resolver: say so rather than "unable to resolve".
    const outside = /Unable to resolve \$ref pointer "([^"]+)"/.exec(message);
    const missing = /^Error reading file "([^"]+)"/.exec(message);
    const text = outside
      ? `$ref ${outside[1]} points outside the uploaded files; $refs resolve only among them (nothing is fetched)`
      : missing
        ? `$ref ${missing[1]}: no uploaded file has that name; $refs resolve only among the uploaded files`
        : message;
    throw new ImportRefused(`${root.file.name}: ${text}`, [{ file: root.file.name, message: text }]);
  }

  const problems: ImportProblem[] = [];
  const found: ImportedEndpoint[] = [];
  const doc = api as unknown as Record<string, unknown>;
  const swagger2 = typeof doc.swagger === "string";
  const documentServerPath = swagger2 ? swaggerBasePath(doc) : serverPath(doc.servers, "servers", problems);
  if (documentServerPath && documentServerPath !== basePath) {
    problems.push({
      kind: "adjusted",
      where: swagger2 ? "basePath" : "servers[0].url",
      message: `The server path ${documentServerPath} is not the exposure's base path ${basePath}: paths were read as ${documentServerPath}/…`,
    });
  }

  const paths = isRecord(doc.paths) ? doc.paths : {};
  for (const [template, item] of Object.entries(paths)) {
    if (template.startsWith("x-")) {
      noteExtension(template, "paths", problems);
      continue;
    }
    if (!isRecord(item)) continue;
    const itemServerPath = !swagger2 && Array.isArray(item.servers) && item.servers.length
      ? serverPath(item.servers, `${template} servers`, problems)
      : documentServerPath;
    const fullPath = joinPaths(itemServerPath, template);
    const relative = underBasePath(fullPath, basePath);
    const methods: string[] = [];
    for (const key of Object.keys(item)) {
      if (key.startsWith("x-")) noteExtension(key, template, problems);
    }
    for (const method of OPERATION_METHODS) {
      const operation = item[method];
      if (!isRecord(operation)) continue;
      const where = `${method.toUpperCase()} ${template}`;
      for (const key of Object.keys(operation)) if (key.startsWith("x-")) noteExtension(key, where, problems);
      if (isRecord(operation.callbacks) && Object.keys(operation.callbacks).length) {
        problems.push({
          kind: "skipped",
          where,
          message: `Callbacks (${Object.keys(operation.callbacks).join(", ")}) are requests the API sends, not routes it serves; not imported`,
        });
      }
      if (method === "trace") {
        problems.push({ kind: "skipped", where, message: "TRACE is not a method Switchyard routes" });
        continue;
      }
      methods.push(method.toUpperCase());
    }
    if (!methods.length) continue;
    if (relative === null) {
      problems.push({
        kind: "skipped",
        where: template,
        message: `${fullPath} is not under the exposure's base path ${basePath}`,
      });
      continue;
    }
    found.push({ where: template, path: relative, methods: methods as ImportedEndpoint["methods"] });
  }
  if (isRecord(doc.webhooks) && Object.keys(doc.webhooks).length) {
    problems.push({
      kind: "skipped",
      where: "webhooks",
      message: `Webhooks (${Object.keys(doc.webhooks).join(", ")}) are requests the API sends, not routes it serves; not imported`,
    });
  }
  for (const key of Object.keys(doc)) if (key.startsWith("x-kong")) noteExtension(key, "document", problems);

  const endpoints = mergeEndpoints(found, problems);
  const info = isRecord(doc.info) ? doc.info : {};
  return {
    specification: swagger2 ? `Swagger ${String(doc.swagger)}` : `OpenAPI ${String(doc.openapi)}`,
    title: typeof info.title === "string" ? info.title : null,
    version: typeof info.version === "string" ? info.version : null,
    endpoints,
    problems: capProblems(problems),
  };
}

/** decK's openapi2kong reads `x-kong-*`; Switchyard derives routes, services and plugins itself. */
function noteExtension(key: string, where: string, problems: ImportProblem[]): void {
  if (!key.startsWith("x-kong")) return;
  problems.push({
    kind: "skipped",
    where,
    message: `${key} is not applied: Switchyard derives Kong routes, services and plugins from the rover`,
  });
}

function swaggerBasePath(doc: Record<string, unknown>): string {
  return typeof doc.basePath === "string" && doc.basePath !== "/" ? doc.basePath.replace(/\/+$/, "") : "";
}

/**
 * The path of the first server URL (variables replaced by their defaults); a later server with a
 * different path is named, since one exposure has one base path.
 */
function serverPath(servers: unknown, where: string, problems: ImportProblem[]): string {
  if (!Array.isArray(servers) || servers.length === 0) return "";
  const paths = servers.map((s) => (isRecord(s) ? pathOfServer(s) : ""));
  const first = paths[0];
  paths.forEach((p, i) => {
    if (i > 0 && p !== first) {
      problems.push({
        kind: "adjusted",
        where: `${where}[${i}].url`,
        message: `Server path ${p || "/"} differs from the first server's ${first || "/"}; paths were read under ${first || "/"}`,
      });
    }
  });
  return first;
}

function pathOfServer(server: Record<string, unknown>): string {
  if (typeof server.url !== "string") return "";
  const variables = isRecord(server.variables) ? server.variables : {};
  const url = server.url.replace(/\{([^}]+)\}/g, (_m, name: string) => {
    const v = variables[name];
    return isRecord(v) && typeof v.default === "string" ? v.default : "";
  });
  try {
    // Relative server URLs (`/v1`) are relative to where the document is served; only the path matters.
    const path = decodeURI(new URL(url, "http://server.invalid").pathname);
    return path === "/" ? "" : path.replace(/\/+$/, "");
  } catch {
    return "";
  }
}
