import type { ReactNode } from "react";
import { cn } from "./cn";

const tones = {
  error: "border-red-200 bg-red-50 text-red-800",
  warning: "border-amber-200 bg-amber-50 text-amber-900",
  info: "border-sky-200 bg-sky-50 text-sky-900",
};

/** An inline message; errors are announced (`role="alert"`), the rest is plain status. */
export function Alert({ tone = "error", title, children, action, className }: { tone?: keyof typeof tones; title?: string; children?: ReactNode; action?: ReactNode; className?: string }) {
  return (
    <div role={tone === "info" ? "status" : "alert"} className={cn("flex items-start justify-between gap-4 rounded-md border px-4 py-3 text-sm", tones[tone], className)}>
      <div className="min-w-0">
        {title ? <p className="font-medium">{title}</p> : null}
        {children ? <div className={cn(title && "mt-0.5", "opacity-90")}>{children}</div> : null}
      </div>
      {action ? <div className="shrink-0">{action}</div> : null}
    </div>
  );
}
