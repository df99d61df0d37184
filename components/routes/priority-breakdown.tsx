import type { PriorityPart } from "@/lib/compiler/types";
import { cn } from "@/components/ui/cn";

/** Colours per field, most significant first (docs/priority.md). */
const FIELD_COLOUR: Record<string, string> = {
  tenant: "bg-indigo-500",
  exactPath: "bg-sky-500",
  literalLength: "bg-emerald-500",
  pattern: "bg-amber-500",
  methods: "bg-violet-500",
  tieBreak: "bg-slate-500",
};

const TOTAL_BITS = 37;

const bitRange = (p: PriorityPart) => (p.bits === 1 ? `${p.shift}` : `${p.shift + p.bits - 1}‥${p.shift}`);

/**
 * A priority as the bit fields it is made of: which bits each field holds, its value, what it
 * adds (value × 2^shift) and why it has that value. The parts add up to the priority.
 */
export function PriorityBreakdown({ priority, parts }: { priority: number; parts: PriorityPart[] }) {
  const sum = parts.reduce((n, p) => n + p.value * 2 ** p.shift, 0);
  return (
    <div className="space-y-4">
      <div aria-hidden="true">
        <div className="flex h-6 overflow-hidden rounded-md ring-1 ring-slate-200">
          {parts.map((p) => (
            <div
              key={p.name}
              style={{ flexGrow: p.bits, flexBasis: 0 }}
              className={cn(
                "flex items-center justify-center border-r border-white/70 text-[10.5px] font-medium text-white last:border-0",
                FIELD_COLOUR[p.name] ?? "bg-slate-400",
                p.value === 0 && "opacity-35",
              )}
              title={`${p.name}: bits ${bitRange(p)} = ${p.value}`}
            >
              {p.bits >= 3 ? p.name : ""}
            </div>
          ))}
        </div>
        <div className="mt-1 flex justify-between font-mono text-[10.5px] text-slate-400">
          <span>bit {TOTAL_BITS - 1}</span>
          <span>bit 0</span>
        </div>
      </div>
      <div className="overflow-x-auto rounded-lg border border-slate-200">
        <table aria-label="Priority parts" className="w-full border-collapse text-left text-sm">
          <thead className="border-b border-slate-200 bg-slate-50/70">
            <tr>
              {["Field", "Bits", "Value", "Adds", "Why"].map((h) => (
                <th
                  key={h}
                  scope="col"
                  className={cn(
                    "h-8 px-3 text-xs font-medium text-slate-500",
                    (h === "Value" || h === "Adds") && "text-right",
                  )}
                >
                  {h}
                </th>
              ))}
            </tr>
          </thead>
          <tbody className="divide-y divide-slate-100">
            {parts.map((p) => (
              <tr key={p.name}>
                <th
                  scope="row"
                  className="whitespace-nowrap px-3 py-2 font-mono text-[12.5px] font-medium text-slate-800"
                >
                  <span
                    aria-hidden="true"
                    className={cn(
                      "mr-2 inline-block size-2 rounded-sm align-middle",
                      FIELD_COLOUR[p.name] ?? "bg-slate-400",
                    )}
                  />
                  {p.name}
                </th>
                <td className="whitespace-nowrap px-3 py-2 font-mono text-[12px] text-slate-500">
                  {bitRange(p)}
                </td>
                <td className="px-3 py-2 text-right font-mono text-[12.5px] tabular-nums text-slate-800">
                  {p.value}
                </td>
                <td className="px-3 py-2 text-right font-mono text-[12.5px] tabular-nums text-slate-600">
                  {(p.value * 2 ** p.shift).toLocaleString("en")}
                </td>
                <td className="px-3 py-2 text-[13px] text-slate-600">{p.explanation}</td>
              </tr>
            ))}
          </tbody>
          <tfoot className="border-t border-slate-200 bg-slate-50/50">
            <tr>
              <th scope="row" colSpan={3} className="px-3 py-2 text-xs font-medium text-slate-600">
                Priority (sum of the parts)
              </th>
              <td className="px-3 py-2 text-right font-mono text-[12.5px] font-semibold tabular-nums text-slate-900">
                {sum.toLocaleString("en")}
              </td>
              <td className="px-3 py-2 text-xs text-slate-500">
                {sum === priority
                  ? "Kong tries higher priorities first; ties go to the higher route id."
                  : `differs from the route's priority ${priority}`}
              </td>
            </tr>
          </tfoot>
        </table>
      </div>
    </div>
  );
}
