import { fieldChanges, formatValue } from "@/lib/api/audit-diff";
import { cn } from "@/components/ui/cn";

/** Before/after of one event, one row per changed field. */
export function AuditChanges({ before, after, label }: { before: unknown; after: unknown; label: string }) {
  const changes = fieldChanges(before, after);
  if (changes.length === 0) return <p className="text-[13px] text-slate-500">No field changed.</p>;
  return (
    <table className="w-full table-fixed text-left text-[13px]" aria-label={`Changes to ${label}`}>
      <thead>
        <tr className="text-xs uppercase tracking-wide text-slate-500">
          <th scope="col" className="w-1/4 py-1.5 pr-3 font-medium">
            Field
          </th>
          <th scope="col" className="py-1.5 pr-3 font-medium">
            Before
          </th>
          <th scope="col" className="py-1.5 font-medium">
            After
          </th>
        </tr>
      </thead>
      <tbody className="divide-y divide-slate-100">
        {changes.map((c) => (
          <tr key={c.path} className="align-top">
            <th
              scope="row"
              className="break-all py-1.5 pr-3 font-mono text-[12px] font-normal text-slate-700"
            >
              {c.path}
            </th>
            <td className="py-1.5 pr-3">
              <Value value={c.before} tone="before" present={c.kind !== "added"} />
            </td>
            <td className="py-1.5">
              <Value value={c.after} tone="after" present={c.kind !== "removed"} />
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function Value({ value, tone, present }: { value: unknown; tone: "before" | "after"; present: boolean }) {
  if (!present) return <span className="text-xs text-slate-400">—</span>;
  return (
    <code
      className={cn(
        "inline-block max-w-full whitespace-pre-wrap break-all rounded px-1.5 py-0.5 font-mono text-[12px]",
        tone === "before"
          ? "bg-red-50 text-red-800 line-through decoration-red-300"
          : "bg-emerald-50 text-emerald-800",
      )}
    >
      {formatValue(value)}
    </code>
  );
}
