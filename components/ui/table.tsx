import type { HTMLAttributes, ReactNode, TdHTMLAttributes, ThHTMLAttributes } from "react";
import { cn } from "./cn";

export function Table({ label, className, children }: { label: string; className?: string; children: ReactNode }) {
  return (
    // `relative`: absolutely positioned cell content (sr-only text) is placed against this scrolling
    // box, not the page, so a wide table can't stretch the document sideways.
    <div className={cn("relative overflow-x-auto rounded-lg border border-slate-200 bg-white shadow-xs", className)}>
      {/* A phone gets the table at a readable width, scrolling in this box, rather than every
          column crushed until names break at their hyphens. */}
      <table aria-label={label} className="w-full min-w-[36rem] border-collapse text-left text-sm">
        {children}
      </table>
    </div>
  );
}

export function THead({ children }: { children: ReactNode }) {
  return <thead className="border-b border-slate-200 bg-slate-50/70">{children}</thead>;
}

export function TBody({ children }: { children: ReactNode }) {
  return <tbody className="divide-y divide-slate-100">{children}</tbody>;
}

export function TR({ className, ...props }: HTMLAttributes<HTMLTableRowElement>) {
  return <tr className={cn("group transition-colors hover:bg-slate-50/60", className)} {...props} />;
}

export function TH({ className, ...props }: ThHTMLAttributes<HTMLTableCellElement>) {
  return <th scope="col" className={cn("h-9 whitespace-nowrap px-4 text-xs font-medium text-slate-500", className)} {...props} />;
}

export function TD({ className, ...props }: TdHTMLAttributes<HTMLTableCellElement>) {
  return <td className={cn("h-12 px-4 py-2 align-middle text-slate-700", className)} {...props} />;
}

/** URLs and paths in monospace, truncated with the full value on hover. */
export function Mono({ children, className, title }: { children: ReactNode; className?: string; title?: string }) {
  return (
    <span title={title} className={cn("font-mono text-[12.5px] text-slate-600", className)}>
      {children}
    </span>
  );
}
