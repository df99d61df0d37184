import { readdirSync } from "node:fs";
import path from "node:path";

/**
 * Every route file under app/api/v1 with its URL pattern and exported methods, found by walking
 * the folder (as openapi.test.ts does), so a new endpoint is covered by the secrets and hostile
 * input tests without anyone listing it.
 */
const API_ROOT = path.join(process.cwd(), "app", "api", "v1");
export const METHODS = ["GET", "POST", "PUT", "PATCH", "DELETE"] as const;
export type Method = (typeof METHODS)[number];

type Handler = (req: Request, ctx: { params: Promise<Record<string, string>> }) => Promise<Response>;

export interface ApiRoute {
  /** e.g. `/api/v1/zones/{name}/routes/{route}` */
  pattern: string;
  /** Path segments, params as `{name}`. */
  segments: string[];
  handlers: Partial<Record<Method, Handler>>;
}

function routeFiles(dir = API_ROOT): { file: string; segments: string[] }[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return routeFiles(full);
    if (entry.name !== "route.ts") return [];
    const rel = path.relative(API_ROOT, path.dirname(full)).split(path.sep).filter(Boolean);
    return [{ file: full, segments: rel.map((s) => s.replace(/^\[(.+)\]$/, "{$1}")) }];
  });
}

export async function apiRoutes(): Promise<ApiRoute[]> {
  const routes: ApiRoute[] = [];
  for (const { file, segments } of routeFiles().sort((a, b) => a.file.localeCompare(b.file))) {
    const mod = (await import(file)) as Record<string, unknown>;
    const handlers: ApiRoute["handlers"] = {};
    for (const m of METHODS) if (typeof mod[m] === "function") handlers[m] = mod[m] as Handler;
    routes.push({ pattern: ["/api/v1", ...segments].join("/"), segments, handlers });
  }
  return routes;
}

/** The names of a pattern's params with the segment before each (`rovers/{id}` → id after "rovers"). */
export function paramsOf(route: ApiRoute): { name: string; parent: string }[] {
  return route.segments.flatMap((s, i) =>
    /^\{.+\}$/.test(s) ? [{ name: s.slice(1, -1), parent: route.segments[i - 1] ?? "" }] : [],
  );
}

/** The concrete path of a pattern with the given param values. */
export function fill(route: ApiRoute, values: Record<string, string>): string {
  return [
    "/api/v1",
    ...route.segments.map((s) => (/^\{.+\}$/.test(s) ? encodeURIComponent(values[s.slice(1, -1)]) : s)),
  ].join("/");
}
