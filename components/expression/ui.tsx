import clsx from "clsx";
import type { ButtonHTMLAttributes, ReactNode } from "react";

/*
 * Small presentational pieces for the expression screens. The app-wide primitives in
 * components/ui are being built alongside this; these stay local (and minimal) so the
 * playground doesn't reach into a folder it doesn't own. Swap them when components/ui lands.
 */

export function Panel({
  title,
  description,
  actions,
  children,
  className,
  labelledBy,
}: {
  title: ReactNode;
  description?: ReactNode;
  actions?: ReactNode;
  children: ReactNode;
  className?: string;
  /** Id for the heading, so the section is a named landmark for screen readers. */
  labelledBy?: string;
}) {
  return (
    <section aria-labelledby={labelledBy} className={clsx("rounded-xl border border-slate-200 bg-white shadow-sm shadow-slate-900/5", className)}>
      <header className="flex items-start justify-between gap-4 border-b border-slate-100 px-4 py-3.5 sm:px-5">
        <div className="min-w-0">
          <h2 id={labelledBy} className="text-sm font-semibold text-slate-900">
            {title}
          </h2>
          {description && <p className="mt-0.5 text-xs text-slate-500">{description}</p>}
        </div>
        {actions && <div className="flex shrink-0 items-center gap-2">{actions}</div>}
      </header>
      <div className="px-4 py-4 sm:px-5">{children}</div>
    </section>
  );
}

export type Tone = "success" | "danger" | "warning" | "neutral" | "info";

const TONE: Record<Tone, string> = {
  success: "bg-emerald-50 text-emerald-700 ring-emerald-600/20",
  danger: "bg-rose-50 text-rose-700 ring-rose-600/20",
  warning: "bg-amber-50 text-amber-800 ring-amber-600/20",
  neutral: "bg-slate-100 text-slate-600 ring-slate-500/15",
  info: "bg-sky-50 text-sky-700 ring-sky-600/20",
};

export function Badge({ tone = "neutral", children, className }: { tone?: Tone; children: ReactNode; className?: string }) {
  return (
    <span className={clsx("inline-flex items-center gap-1 rounded-full px-2 py-0.5 text-xs font-medium ring-1 ring-inset", TONE[tone], className)}>
      {children}
    </span>
  );
}

type ButtonProps = ButtonHTMLAttributes<HTMLButtonElement> & { variant?: "secondary" | "ghost" | "primary"; size?: "sm" | "xs" };

export function Button({ variant = "secondary", size = "sm", className, type = "button", ...rest }: ButtonProps) {
  return (
    <button
      type={type}
      className={clsx(
        "inline-flex items-center justify-center gap-1.5 rounded-md font-medium transition-colors focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-sky-600 disabled:cursor-not-allowed disabled:opacity-50",
        size === "sm" ? "h-8 px-3 text-sm" : "h-7 px-2 text-xs",
        variant === "primary" && "bg-slate-900 text-white hover:bg-slate-700",
        variant === "secondary" && "border border-slate-200 bg-white text-slate-700 shadow-xs hover:bg-slate-50",
        variant === "ghost" && "text-slate-600 hover:bg-slate-100 hover:text-slate-900",
        className,
      )}
      {...rest}
    />
  );
}

/** Shared look of text inputs and selects. */
export const inputClass =
  "h-9 w-full rounded-md border border-slate-300 bg-white px-2.5 text-sm text-slate-900 shadow-xs placeholder:text-slate-400 focus:border-sky-500 focus:outline-none focus:ring-2 focus:ring-sky-500/20";

export function PassIcon({ className }: { className?: string }) {
  return (
    <svg viewBox="0 0 16 16" aria-hidden="true" className={clsx("size-3.5", className)} fill="none" stroke="currentColor" strokeWidth="2">
      <path d="M3.5 8.5l3 3 6-7" strokeLinecap="round" strokeLinejoin="round" />
    </svg>
  );
}

export function FailIcon({ className }: { className?: string }) {
  return (
    <svg viewBox="0 0 16 16" aria-hidden="true" className={clsx("size-3.5", className)} fill="none" stroke="currentColor" strokeWidth="2">
      <path d="M4.5 4.5l7 7m0-7l-7 7" strokeLinecap="round" />
    </svg>
  );
}
