import { z } from "zod";
import { simulateSchema, type SimulateRequest } from "@/lib/api/schemas";

/**
 * The simulator's form and its URL. URL parameters: `zone`, `method`, `scheme`, `host`, `path`,
 * `tenant` (the tenant header named in Settings), one `h=name:value` per other header and one
 * `qs=name:value` per query argument. A URL with a zone, host and path runs the simulation, so a
 * shared link (or a reload) shows the same answer.
 */
const request = simulateSchema.shape.request.shape;

const row = z.object({
  name: z.string().trim().max(256, "At most 256 characters"),
  value: z.string().max(4096, "At most 4,096 characters"),
});

export const simulatorFormSchema = z.object({
  zone: simulateSchema.shape.zone,
  method: request.method,
  scheme: z.enum(["http", "https"], { error: "Scheme must be http or https" }),
  host: request.host,
  path: request.path,
  tenant: z.string().max(4096, "At most 4,096 characters"),
  headers: z.array(row).max(32, "At most 32 headers"),
  query: z.array(row).max(32, "At most 32 query arguments"),
});

export type SimulatorFormInput = z.input<typeof simulatorFormSchema>;
export type SimulatorForm = z.output<typeof simulatorFormSchema>;

export const EMPTY_FORM: SimulatorFormInput = {
  zone: "",
  method: "GET",
  scheme: "https",
  host: "",
  path: "/",
  tenant: "",
  headers: [],
  query: [],
};

const pairs = (values: string[]) =>
  values.map((v) => {
    // Header and query names can't contain `:`, so the first one separates name and value.
    const colon = v.indexOf(":");
    return colon < 0 ? { name: v, value: "" } : { name: v.slice(0, colon), value: v.slice(colon + 1) };
  });

export function formFromParams(params: URLSearchParams): SimulatorFormInput {
  const scheme = params.get("scheme");
  return {
    zone: params.get("zone") ?? EMPTY_FORM.zone,
    method: params.get("method") || EMPTY_FORM.method,
    scheme: scheme === "http" ? "http" : "https",
    host: params.get("host") ?? EMPTY_FORM.host,
    path: params.get("path") || EMPTY_FORM.path,
    tenant: params.get("tenant") ?? "",
    headers: pairs(params.getAll("h")),
    query: pairs(params.getAll("qs")),
  };
}

export function formToQuery(form: SimulatorForm): string {
  const params = new URLSearchParams({
    zone: form.zone,
    method: form.method,
    scheme: form.scheme,
    host: form.host,
    path: form.path,
  });
  if (form.tenant !== "") params.set("tenant", form.tenant);
  for (const h of form.headers) if (h.name !== "") params.append("h", `${h.name}:${h.value}`);
  for (const q of form.query) if (q.name !== "") params.append("qs", `${q.name}:${q.value}`);
  return params.toString();
}

const collect = (rows: { name: string; value: string }[]) => {
  const out: Record<string, string[]> = {};
  for (const r of rows) if (r.name.trim() !== "") (out[r.name.trim()] ??= []).push(r.value);
  return out;
};

/** The API request the URL describes, or null when it doesn't describe a complete one. */
export function requestFromParams(params: URLSearchParams, tenantHeader: string): SimulateRequest | null {
  const parsed = simulatorFormSchema.safeParse(formFromParams(params));
  if (!parsed.success) return null;
  const form = parsed.data;
  const headers = collect(form.headers);
  if (form.tenant !== "") (headers[tenantHeader] ??= []).unshift(form.tenant);
  const query = collect(form.query);
  return {
    zone: form.zone,
    request: {
      method: form.method,
      scheme: form.scheme,
      host: form.host,
      path: form.path,
      headers,
      ...(Object.keys(query).length > 0 ? { query } : {}),
    },
  };
}
