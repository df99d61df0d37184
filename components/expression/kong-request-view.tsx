import clsx from "clsx";
import { headerFieldName, type HttpRequest, type RequestContext } from "@/lib/atc";
import { RichText } from "./rich-text";

interface Row {
  field: string;
  values: string[];
  /** Why Kong's value differs from what was typed, if it does. */
  note?: string;
}

function rowsOf(request: HttpRequest, ctx: RequestContext): Row[] {
  const rows: Row[] = [
    { field: "net.protocol", values: [ctx.protocol] },
    { field: "http.method", values: [ctx.method] },
  ];
  const rawHost = request.host ?? "";
  rows.push({
    field: "http.host",
    values: ctx.host === undefined ? [] : [ctx.host],
    note: ctx.host !== undefined && ctx.host !== rawHost && rawHost !== "" ? `port removed from \`"${rawHost}"\`` : undefined,
  });
  const target = request.path.split("#")[0];
  const [rawPath, query] = [target.split("?")[0], target.includes("?")];
  const notes = [query && "query removed", rawPath !== ctx.path && `normalized from \`"${rawPath}"\``].filter(Boolean);
  rows.push({ field: "http.path", values: [ctx.path], note: notes.length ? notes.join("; ") : undefined });
  rows.push({ field: "http.path.segments.len", values: [String(ctx.segments.length)] });
  ctx.segments.forEach((s, i) => rows.push({ field: `http.path.segments.${i}`, values: [s] }));
  for (const [name, values] of Object.entries(ctx.headers)) {
    const sent = Object.keys(request.headers ?? {}).filter((h) => headerFieldName(h) === name);
    const renamed = sent.filter((h) => h !== name);
    rows.push({ field: `http.headers.${name}`, values, note: renamed.length ? `from header ${renamed.map((h) => `\`${h}\``).join(", ")}` : undefined });
  }
  for (const [name, values] of Object.entries(ctx.queries)) rows.push({ field: `http.queries.${name}`, values });
  return rows;
}

/** The request's fields after Kong's normalization, with what changed and which ones the expression reads. */
export function KongRequestView({ request, ctx, usedFields }: { request: HttpRequest; ctx: RequestContext; usedFields: ReadonlySet<string> }) {
  return (
    <dl className="divide-y divide-slate-100 text-sm" aria-label="Request as Kong sees it">
      {rowsOf(request, ctx).map((row) => {
        const used = usedFields.has(row.field);
        return (
          <div key={row.field} className="grid gap-x-3 gap-y-0.5 py-1.5 sm:grid-cols-[minmax(0,14rem)_1fr]">
            <dt className="flex min-w-0 items-center gap-1.5 font-mono text-[12.5px] text-sky-800">
              <span
                aria-hidden="true"
                className={clsx("size-1.5 shrink-0 rounded-full", used ? "bg-sky-500" : "bg-transparent")}
                title={used ? "read by the expression" : undefined}
              />
              <span className="truncate" title={row.field}>
                {row.field}
              </span>
              {used && <span className="sr-only">(read by the expression)</span>}
            </dt>
            <dd className="min-w-0">
              {row.values.length === 0 ? (
                <span className="text-xs text-amber-700 italic">no value</span>
              ) : (
                <span className="font-mono text-[12.5px] break-all text-slate-800">{row.values.map((v) => (/^[0-9]+$/.test(v) && row.field.endsWith(".len") ? v : JSON.stringify(v))).join(", ")}</span>
              )}
              {row.note && (
                <span className="ml-2 text-xs text-slate-500">
                  <RichText text={row.note} />
                </span>
              )}
            </dd>
          </div>
        );
      })}
    </dl>
  );
}
