import type { EvalResult, Expr } from "@/lib/atc";
import { explainFailure } from "./explain";
import { HighlightedText } from "./highlighted-text";
import { RichText } from "./rich-text";
import { FailIcon, PassIcon } from "./ui";

/** Matched / not matched, and why: the predicate Kong stopped at, the values it saw, captures. */
export function MatchResult({ expr, result }: { expr: Expr; result: EvalResult }) {
  if (result.matched) {
    const captures = Object.entries(result.captures ?? {});
    return (
      <div className="space-y-4" data-testid="match-result" data-matched="true">
        <div className="flex items-center gap-3">
          <span className="inline-flex shrink-0 items-center gap-1.5 whitespace-nowrap rounded-lg bg-emerald-600 px-3 py-1.5 text-sm font-semibold text-white shadow-sm">
            <PassIcon className="size-4" /> Matched
          </span>
          <p className="text-sm text-slate-600">Kong would route this request to a route with this expression.</p>
        </div>
        {captures.length > 0 && (
          <div>
            <h3 className="mb-1.5 text-xs font-medium text-slate-600">Regex captures</h3>
            <table className="w-full overflow-hidden rounded-lg text-sm ring-1 ring-slate-200">
              <thead className="bg-slate-50 text-left text-xs text-slate-500">
                <tr>
                  <th scope="col" className="px-3 py-1.5 font-medium">
                    Group
                  </th>
                  <th scope="col" className="px-3 py-1.5 font-medium">
                    Value
                  </th>
                </tr>
              </thead>
              <tbody className="divide-y divide-slate-100">
                {captures.map(([name, value]) => (
                  <tr key={name}>
                    <td className="px-3 py-1.5 font-mono text-[12.5px] text-slate-600">{/^[0-9]+$/.test(name) ? `$${name}` : name}</td>
                    <td className="px-3 py-1.5 font-mono text-[12.5px] break-all text-slate-900">{JSON.stringify(value)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </div>
    );
  }

  const failedAt = result.failedAt;
  return (
    <div className="space-y-4" data-testid="match-result" data-matched="false">
      <div className="flex items-center gap-3">
        <span className="inline-flex shrink-0 items-center gap-1.5 whitespace-nowrap rounded-lg bg-rose-600 px-3 py-1.5 text-sm font-semibold text-white shadow-sm">
          <FailIcon className="size-4" /> Not matched
        </span>
        <p className="text-sm text-slate-600">Kong would try the next route.</p>
      </div>
      {failedAt && (
        <div className="rounded-lg border border-rose-200 bg-rose-50/50" aria-label="Why it didn't match" role="group">
          <div className="border-b border-rose-100 px-3.5 py-2.5">
            <div className="text-xs font-medium text-rose-800">First predicate that failed</div>
            <code className="mt-1 block font-mono text-[13px] [overflow-wrap:anywhere]" data-testid="failed-predicate">
              <HighlightedText text={failedAt.predicate} />
            </code>
          </div>
          <dl className="grid grid-cols-[auto_1fr] gap-x-4 gap-y-1 px-3.5 py-2.5 text-sm">
            {failedAt.predicate.startsWith("!(") ? null : (
              <>
                <dt className="text-xs font-medium text-slate-500">Kong saw</dt>
                <dd className="font-mono text-[12.5px] text-slate-900" data-testid="failed-actual">
                  {failedAt.actual.length === 0 ? <em className="font-sans text-amber-700">no value</em> : failedAt.actual.map((v) => JSON.stringify(v)).join(", ")}
                </dd>
              </>
            )}
            <dt className="text-xs font-medium text-slate-500">Why</dt>
            <dd className="space-y-1 text-slate-700">
              {explainFailure(expr, failedAt).map((reason) => (
                <p key={reason}>
                  <RichText text={reason} />
                </p>
              ))}
            </dd>
          </dl>
        </div>
      )}
    </div>
  );
}
