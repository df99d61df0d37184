/**
 * Switchyard's command line for pipelines (README "Command line"): the estate kept in a repository
 * and checked or applied from CI, zones diffed against and published to their Kong.
 *
 *   npx tsx scripts/switchyard.ts estate export [FILE]
 *   npx tsx scripts/switchyard.ts estate diff FILE [--prune]
 *   npx tsx scripts/switchyard.ts estate apply FILE [--prune]
 *   npx tsx scripts/switchyard.ts zone diff NAME
 *   npx tsx scripts/switchyard.ts zone publish NAME
 *
 * SWITCHYARD_URL (default http://localhost:3000) and SWITCHYARD_TOKEN (an API token) say where and
 * as whom. Exit codes follow decK's `diff --non-zero-exit-code`: 0 nothing differs (or done),
 * 2 there are differences, 1 an error (the API's message, with file and line where it has them).
 */
import { readFile, writeFile } from "node:fs/promises";
import { pathToFileURL } from "node:url";

export const EXIT_OK = 0;
export const EXIT_ERROR = 1;
export const EXIT_DIFFERENCES = 2;

export interface CliIo {
  fetch: typeof fetch;
  env: Record<string, string | undefined>;
  out: (text: string) => void;
  err: (text: string) => void;
  readFile: (path: string) => Promise<string>;
  writeFile: (path: string, text: string) => Promise<void>;
}

const USAGE = `Usage:
  switchyard estate export [FILE]        write the estate (YAML) to FILE or stdout
  switchyard estate diff FILE [--prune]  what applying FILE would change; exit 2 if anything
  switchyard estate apply FILE [--prune] apply FILE in one transaction
  switchyard zone diff NAME              what a publish of zone NAME would write to its Kong; exit 2 if anything
  switchyard zone publish NAME           publish zone NAME and wait for the outcome

Environment: SWITCHYARD_URL (default http://localhost:3000), SWITCHYARD_TOKEN (API token).
Exit codes: 0 no differences / done, 2 differences, 1 error.`;

class CliError extends Error {}

interface ApiProblem {
  file?: string;
  line?: number;
  column?: number;
  path?: string;
  message: string;
}

async function call(io: CliIo, method: string, path: string, body?: { text: string; type: string }): Promise<Response> {
  const base = (io.env.SWITCHYARD_URL || "http://localhost:3000").replace(/\/+$/, "");
  const token = io.env.SWITCHYARD_TOKEN;
  if (!token) throw new CliError("Set SWITCHYARD_TOKEN to an API token (Admin → API tokens)");
  let res: Response;
  try {
    res = await io.fetch(`${base}${path}`, {
      method,
      headers: { authorization: `Bearer ${token}`, ...(body ? { "content-type": body.type } : {}) },
      body: body?.text,
      redirect: "error",
    });
  } catch (error) {
    throw new CliError(`Switchyard at ${base} did not answer: ${(error as Error).message}`);
  }
  if (!res.ok) throw new CliError(await errorText(res));
  return res;
}

async function errorText(res: Response): Promise<string> {
  const text = await res.text();
  try {
    const { error } = JSON.parse(text) as { error: { code: string; message: string; details?: unknown } };
    const lines = [`${res.status} ${error.code}: ${error.message}`];
    if (Array.isArray(error.details)) {
      for (const p of (error.details as ApiProblem[]).slice(1, 20)) {
        const where = p.file ? `${p.file}${p.line !== undefined ? `:${p.line}:${p.column ?? 1}` : ""}: ` : "";
        lines.push(`  ${where}${p.path ? `${p.path}: ` : ""}${p.message}`);
      }
    }
    return lines.join("\n");
  } catch {
    return `${res.status}: ${text.slice(0, 500)}`;
  }
}

interface EntityChanges {
  created: string[];
  changed: { name: string; fields: string[] }[];
  deleted: string[];
  notInFile: string[];
}
interface EstatePlan {
  dryRun: boolean;
  changes: number;
  settings: { changed: string[] };
  zones: EntityChanges;
  rovers: EntityChanges;
  tenants: EntityChanges;
  entitlements: Omit<EntityChanges, "changed">;
  routes: { zone: string; added: string[]; removed: string[]; changed: unknown[]; activated: string[]; deactivated: string[] }[];
}

/** The plan as a reviewer reads it in a CI log: one line per change, decK-style signs. */
export function describePlan(plan: EstatePlan): string {
  const lines: string[] = [];
  if (plan.settings.changed.length) lines.push(`~ settings (${plan.settings.changed.join(", ")})`);
  const kinds = [
    ["zone", plan.zones],
    ["rover", plan.rovers],
    ["tenant", plan.tenants],
    ["entitlement", { ...plan.entitlements, changed: [] }],
  ] as const;
  for (const [kind, c] of kinds) {
    for (const name of c.created) lines.push(`+ ${kind} ${name}`);
    for (const ch of c.changed) lines.push(`~ ${kind} ${ch.name} (${ch.fields.join(", ")})`);
    for (const name of c.deleted) lines.push(`- ${kind} ${name}`);
  }
  for (const z of plan.routes) {
    const parts = [
      z.added.length && `${z.added.length} added`,
      z.changed.length && `${z.changed.length} changed`,
      z.removed.length && `${z.removed.length} removed`,
      z.activated.length && `${z.activated.length} activated`,
      z.deactivated.length && `${z.deactivated.length} deactivated`,
    ].filter(Boolean);
    lines.push(`  routes in ${z.zone}: ${parts.join(", ")}`);
  }
  const kept = kinds.reduce((n, [, c]) => n + c.notInFile.length, 0);
  if (kept) lines.push(`  ${kept} entities in Switchyard are not in the file (kept; --prune deletes them)`);
  lines.push(
    plan.changes === 0
      ? "No differences."
      : `${plan.changes} change${plan.changes === 1 ? "" : "s"}${plan.dryRun ? " (not applied)" : " applied"}.`,
  );
  return lines.join("\n");
}

interface PublishAnswer {
  status: string;
  summary: { create: number; update: number; delete: number; unchanged: number };
  error: string | null;
}

export async function runCli(argv: string[], io: CliIo): Promise<number> {
  const flags = new Set(argv.filter((a) => a.startsWith("--")));
  const [group, command, target, ...rest] = argv.filter((a) => !a.startsWith("--"));
  const unknown = [...flags].filter((f) => f !== "--prune" && f !== "--help");
  try {
    if (flags.has("--help") || !group) {
      io.out(USAGE);
      return group ? EXIT_OK : EXIT_ERROR;
    }
    if (unknown.length || rest.length) throw new CliError(`Unexpected ${[...unknown, ...rest].join(" ")}\n\n${USAGE}`);
    const prune = flags.has("--prune") ? "&prune=true" : "";
    if (group === "estate" && command === "export") {
      const text = await (await call(io, "GET", "/api/v1/estate")).text();
      if (target) await io.writeFile(target, text);
      else io.out(text.replace(/\n$/, ""));
      return EXIT_OK;
    }
    if (group === "estate" && (command === "diff" || command === "apply")) {
      if (!target) throw new CliError(`estate ${command} needs the estate FILE`);
      let text: string;
      try {
        text = await io.readFile(target);
      } catch (error) {
        throw new CliError(`Can't read ${target}: ${(error as Error).message}`);
      }
      const query = `?file=${encodeURIComponent(target)}${prune}${command === "diff" ? "&dryRun=true" : ""}`;
      const res = await call(io, "POST", `/api/v1/estate${query}`, { text, type: "application/yaml" });
      const plan = (await res.json()) as EstatePlan;
      io.out(describePlan(plan));
      return command === "diff" && plan.changes > 0 ? EXIT_DIFFERENCES : EXIT_OK;
    }
    if (group === "zone" && (command === "diff" || command === "publish")) {
      if (!target) throw new CliError(`zone ${command} needs the zone NAME`);
      const zone = encodeURIComponent(target);
      const query = command === "diff" ? "?dryRun=true" : "?wait=true";
      const answer = (await (await call(io, "POST", `/api/v1/zones/${zone}/publish${query}`)).json()) as PublishAnswer;
      const { create, update, delete: remove, unchanged } = answer.summary;
      io.out(`${target}: ${create} to create, ${update} to update, ${remove} to delete, ${unchanged} unchanged`);
      if (command === "diff") return create + update + remove > 0 ? EXIT_DIFFERENCES : EXIT_OK;
      io.out(`Publish ${answer.status}${answer.error ? `: ${answer.error}` : ""}`);
      return answer.status === "SUCCEEDED" ? EXIT_OK : EXIT_ERROR;
    }
    throw new CliError(`Unknown command ${[group, command].filter(Boolean).join(" ")}\n\n${USAGE}`);
  } catch (error) {
    if (!(error instanceof CliError)) throw error;
    io.err(error.message);
    return EXIT_ERROR;
  }
}

const isMain = process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href;
if (isMain) {
  const code = await runCli(process.argv.slice(2), {
    fetch,
    env: process.env,
    out: (t) => process.stdout.write(`${t}\n`),
    err: (t) => process.stderr.write(`${t}\n`),
    readFile: (p) => readFile(p, "utf8"),
    writeFile: (p, t) => writeFile(p, t),
  });
  process.exitCode = code;
}
