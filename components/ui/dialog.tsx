"use client";

import { useEffect, useId, useRef, type ReactNode } from "react";
import { cn, focusRing } from "./cn";

export interface DialogProps {
  open: boolean;
  onClose: () => void;
  title: string;
  description?: ReactNode;
  children?: ReactNode;
  footer?: ReactNode;
  size?: "sm" | "md" | "lg";
}

/**
 * A modal built on the native `<dialog>` with `showModal()`: the browser makes the rest of the
 * page inert (focus can't leave), closes it on Escape and gives focus back to the element that
 * opened it — the accessible behaviour without re-implementing a focus trap.
 */
export function Dialog({ open, onClose, title, description, children, footer, size = "md" }: DialogProps) {
  const ref = useRef<HTMLDialogElement>(null);
  const titleId = useId();
  const descriptionId = useId();

  useEffect(() => {
    const dialog = ref.current;
    if (!dialog) return;
    if (open && !dialog.open) dialog.showModal();
    if (!open && dialog.open) dialog.close();
  }, [open]);

  return (
    <dialog
      ref={ref}
      aria-labelledby={titleId}
      aria-describedby={description ? descriptionId : undefined}
      // Escape fires `cancel`; let React state decide, so the dialog and `open` never disagree.
      onCancel={(e) => {
        e.preventDefault();
        onClose();
      }}
      onClick={(e) => {
        // A click on the backdrop lands on the <dialog> itself.
        if (e.target === ref.current) onClose();
      }}
      className={cn(
        "fixed inset-0 m-auto max-h-[85vh] w-[calc(100%-2rem)] overflow-visible rounded-xl bg-transparent p-0 text-slate-900 backdrop:bg-slate-900/40 backdrop:backdrop-blur-[1px]",
        { sm: "max-w-md", md: "max-w-lg", lg: "max-w-2xl" }[size],
      )}
    >
      {open ? (
        <div className="flex max-h-[85vh] flex-col rounded-xl bg-white shadow-xl ring-1 ring-slate-900/10">
          <div className="flex items-start justify-between gap-4 px-6 pt-5">
            <div>
              <h2 id={titleId} className="text-base font-semibold text-slate-900">
                {title}
              </h2>
              {description ? (
                <div id={descriptionId} className="mt-1 text-sm text-slate-500">
                  {description}
                </div>
              ) : null}
            </div>
            <button type="button" onClick={onClose} aria-label="Close" className={cn("-mr-2 rounded-md p-1.5 text-slate-400 hover:bg-slate-100 hover:text-slate-600", focusRing)}>
              <svg viewBox="0 0 20 20" fill="currentColor" className="size-4" aria-hidden="true">
                <path d="M6.28 5.22a.75.75 0 0 0-1.06 1.06L8.94 10l-3.72 3.72a.75.75 0 1 0 1.06 1.06L10 11.06l3.72 3.72a.75.75 0 1 0 1.06-1.06L11.06 10l3.72-3.72a.75.75 0 0 0-1.06-1.06L10 8.94 6.28 5.22Z" />
              </svg>
            </button>
          </div>
          {children ? <div className="min-h-0 overflow-y-auto px-6 py-4">{children}</div> : <div className="h-4" />}
          {footer ? <div className="flex justify-end gap-2 rounded-b-xl border-t border-slate-100 bg-slate-50/60 px-6 py-3">{footer}</div> : null}
        </div>
      ) : null}
    </dialog>
  );
}
