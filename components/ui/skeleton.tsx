import { cn } from "./cn";

export function Skeleton({ className }: { className?: string }) {
  return <div aria-hidden="true" className={cn("animate-pulse rounded bg-slate-200/70", className)} />;
}

/** The shape of a table while its rows load, announced once to screen readers. */
export function TableSkeleton({ rows = 5, columns = 4, label = "Loading" }: { rows?: number; columns?: number; label?: string }) {
  return (
    <div role="status" aria-label={label} className="overflow-hidden rounded-lg border border-slate-200 bg-white">
      <div className="flex h-9 items-center gap-6 border-b border-slate-200 bg-slate-50/70 px-4">
        {Array.from({ length: columns }, (_, i) => (
          <Skeleton key={i} className="h-2.5 w-16" />
        ))}
      </div>
      {Array.from({ length: rows }, (_, r) => (
        <div key={r} className="flex h-12 items-center gap-6 border-b border-slate-100 px-4 last:border-0">
          {Array.from({ length: columns }, (_, c) => (
            <Skeleton key={c} className={cn("h-3", c === 0 ? "w-32" : c % 2 ? "w-48" : "w-20")} />
          ))}
        </div>
      ))}
    </div>
  );
}
