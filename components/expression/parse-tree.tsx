import clsx from "clsx";
import { fieldType, printPredicate, type Expr } from "@/lib/atc";
import type { TraceNode, TraceStatus } from "./explain";
import { HighlightedText } from "./highlighted-text";
import { FailIcon, PassIcon } from "./ui";

const samePath = (a: number[] | undefined, b: number[]): boolean => a !== undefined && a.length === b.length && a.every((x, i) => x === b[i]);

function StatusMark({ status }: { status: TraceStatus | undefined }) {
  if (!status) return null;
  const label = status === "pass" ? "matched" : status === "fail" ? "failed" : "not evaluated";
  return (
    <span
      title={label}
      className={clsx(
        "inline-flex size-5 shrink-0 items-center justify-center rounded-full",
        status === "pass" && "bg-emerald-100 text-emerald-700",
        status === "fail" && "bg-rose-100 text-rose-700",
        status === "skipped" && "bg-slate-100 text-slate-400",
      )}
    >
      {status === "pass" ? <PassIcon /> : status === "fail" ? <FailIcon /> : <span className="text-[10px] leading-none">–</span>}
      <span className="sr-only">{label}</span>
    </span>
  );
}

const GROUP_LABEL = { and: "AND", or: "OR", not: "NOT" } as const;
const groupHint = (e: Expr): string => (e.kind === "and" ? `all ${e.terms.length} must match` : e.kind === "or" ? `any of ${e.terms.length}` : "inverts");

function TreeNode({ expr, trace, failedPath, path }: { expr: Expr; trace?: TraceNode; failedPath?: number[]; path: number[] }) {
  const isFailure = samePath(failedPath, path);
  if (expr.kind === "predicate") {
    const type = fieldType(expr.lhs.field);
    const skipped = trace?.status === "skipped";
    return (
      <li className={clsx("flex items-start gap-2 rounded-md px-2 py-1", isFailure && "bg-rose-50 ring-1 ring-rose-200")}>
        <StatusMark status={trace?.status} />
        <div className={clsx("min-w-0 flex-1", skipped && "opacity-55")}>
          <code className="font-mono text-[12.5px] [overflow-wrap:anywhere]">
            <HighlightedText text={printPredicate(expr)} />
          </code>
          <div className="mt-0.5 flex flex-wrap items-center gap-x-3 gap-y-0.5 text-[11px] text-slate-500">
            <span className="rounded bg-slate-100 px-1 py-px text-[10px] font-medium tracking-wide text-slate-500 uppercase">{type ?? "unknown field"}</span>
            {trace?.actual && !skipped && (
              <span>
                request:{" "}
                {trace.actual.length === 0 ? (
                  <em className="text-amber-700">no value</em>
                ) : (
                  <span className="font-mono text-slate-700">{trace.actual.map((v) => JSON.stringify(v)).join(", ")}</span>
                )}
              </span>
            )}
            {skipped && <span>not evaluated — its group was already decided</span>}
          </div>
        </div>
      </li>
    );
  }
  const children = expr.kind === "not" ? [expr.expr] : expr.terms;
  return (
    <li className={clsx("rounded-md", isFailure && "bg-rose-50 ring-1 ring-rose-200")}>
      <details open className="group/node">
        <summary className="flex cursor-pointer list-none items-center gap-2 rounded-md px-2 py-1 select-none hover:bg-slate-50 focus-visible:outline-2 focus-visible:outline-sky-600 [&::-webkit-details-marker]:hidden">
          <svg viewBox="0 0 16 16" aria-hidden="true" className="size-3 text-slate-400 transition-transform group-open/node:rotate-90" fill="currentColor">
            <path d="M6 4l4 4-4 4z" />
          </svg>
          <StatusMark status={trace?.status} />
          <span className="rounded bg-slate-100 px-1.5 py-0.5 font-mono text-[11px] font-semibold tracking-wide text-slate-700">{GROUP_LABEL[expr.kind]}</span>
          <span className="text-xs text-slate-500">{groupHint(expr)}</span>
        </summary>
        <ul className="ml-[13px] space-y-0.5 border-l border-slate-200 pl-3">
          {children.map((child, i) => (
            <TreeNode key={i} expr={child} trace={trace?.children[i]} failedPath={failedPath} path={[...path, i]} />
          ))}
        </ul>
      </details>
    </li>
  );
}

/** The parse tree, groups collapsible, each node marked with how the test request fared. */
export function ParseTree({ expr, trace, failedPath }: { expr: Expr; trace?: TraceNode; failedPath?: number[] }) {
  return (
    <ul aria-label="Parse tree" className="space-y-0.5 text-sm">
      <TreeNode expr={expr} trace={trace} failedPath={failedPath} path={[]} />
    </ul>
  );
}
