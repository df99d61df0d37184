import type { InputHTMLAttributes, ReactNode, Ref, SelectHTMLAttributes, TextareaHTMLAttributes } from "react";
import { cn, focusRing } from "./cn";

const control =
  "block w-full rounded-md border-0 bg-white px-3 text-sm text-slate-900 shadow-sm ring-1 ring-inset ring-slate-300 placeholder:text-slate-400 " +
  "focus-visible:ring-2 focus-visible:ring-inset focus-visible:ring-indigo-500 outline-none " +
  "aria-[invalid=true]:ring-red-400 aria-[invalid=true]:focus-visible:ring-red-500 " +
  "disabled:cursor-not-allowed disabled:bg-slate-50 disabled:text-slate-500";

export const inputClass = (className?: string, mono?: boolean) => cn(control, "h-9", mono && "font-mono text-[13px]", className);

export function Input({ className, mono, ref, ...props }: InputHTMLAttributes<HTMLInputElement> & { mono?: boolean; ref?: Ref<HTMLInputElement> }) {
  // Not the `read-only:` variant: CSS :read-only also matches selects and checkboxes.
  return <input ref={ref} className={inputClass(cn(props.readOnly && "bg-slate-50 text-slate-600", className), mono)} {...props} />;
}

export function Textarea({ className, mono, ref, ...props }: TextareaHTMLAttributes<HTMLTextAreaElement> & { mono?: boolean; ref?: Ref<HTMLTextAreaElement> }) {
  return <textarea ref={ref} className={cn(control, "py-2", mono && "font-mono text-[13px] leading-5", className)} {...props} />;
}

export function Select({ className, ref, children, ...props }: SelectHTMLAttributes<HTMLSelectElement> & { ref?: Ref<HTMLSelectElement> }) {
  return (
    <select ref={ref} className={selectClass(className)} {...props}>
      {children}
    </select>
  );
}

/** The arrow is `.select-chevron` in app/globals.css: a Tailwind arbitrary value can't hold it. */
const selectClass = (className?: string) => cn(control, "select-chevron h-9 appearance-none pr-8", className);

export function Checkbox({ className, ref, ...props }: InputHTMLAttributes<HTMLInputElement> & { ref?: Ref<HTMLInputElement> }) {
  return (
    <input
      ref={ref}
      type="checkbox"
      className={cn("size-4 shrink-0 cursor-pointer rounded border-slate-300 accent-indigo-600", focusRing, "focus-visible:ring-offset-1", className)}
      {...props}
    />
  );
}

/** Ids that tie a control to its label, hint and error (`aria-describedby`). */
export function fieldIds(id: string, hint?: ReactNode, error?: string) {
  const describedBy = [hint ? `${id}-hint` : null, error ? `${id}-error` : null].filter(Boolean).join(" ");
  return { id, "aria-describedby": describedBy || undefined, "aria-invalid": error ? true : undefined };
}

export interface FieldProps {
  id: string;
  label: ReactNode;
  hint?: ReactNode;
  error?: string;
  optional?: boolean;
  /** Status shown beside the label (e.g. "set"/"not set"), not part of the control's name. */
  aside?: ReactNode;
  className?: string;
  children: ReactNode;
}

/** A label above its control, the hint under it, and the error under that, in red. */
export function Field({ id, label, hint, error, optional, aside, className, children }: FieldProps) {
  return (
    <div className={cn("min-w-0", className)}>
      <div className="mb-1.5 flex items-center gap-2">
        <label htmlFor={id} className="text-[13px] font-medium text-slate-700">
          {label}
        </label>
        {/* Outside the label, so the control's accessible name stays just its label. */}
        {optional ? <span className="text-xs text-slate-400">optional</span> : null}
        {aside}
      </div>
      {children}
      {hint ? (
        <p id={`${id}-hint`} className="mt-1.5 text-xs text-slate-500">
          {hint}
        </p>
      ) : null}
      <FieldError id={`${id}-error`} message={error} />
    </div>
  );
}

export function FieldError({ id, message }: { id?: string; message?: string }) {
  if (!message) return null;
  return (
    <p id={id} className="mt-1.5 flex items-start gap-1 text-xs font-medium text-red-600">
      <svg viewBox="0 0 16 16" className="mt-px size-3.5 shrink-0" fill="currentColor" aria-hidden="true">
        <path d="M8 1.5a6.5 6.5 0 1 0 0 13 6.5 6.5 0 0 0 0-13ZM7.25 4.75a.75.75 0 0 1 1.5 0v3.5a.75.75 0 0 1-1.5 0v-3.5ZM8 11.75a.9.9 0 1 1 0-1.8.9.9 0 0 1 0 1.8Z" />
      </svg>
      <span>{message}</span>
    </p>
  );
}
