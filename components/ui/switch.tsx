import type { Ref } from "react";
import { cn, focusRing } from "./cn";

export interface SwitchProps {
  id?: string;
  checked: boolean;
  onCheckedChange: (checked: boolean) => void;
  disabled?: boolean;
  "aria-labelledby"?: string;
  "aria-describedby"?: string;
  "aria-label"?: string;
  ref?: Ref<HTMLButtonElement>;
  onBlur?: () => void;
}

/** A button with `role="switch"`: Space and Enter toggle it, screen readers announce on/off. */
export function Switch({ checked, onCheckedChange, disabled, ref, ...aria }: SwitchProps) {
  return (
    <button
      ref={ref}
      type="button"
      role="switch"
      aria-checked={checked}
      disabled={disabled}
      onClick={() => onCheckedChange(!checked)}
      className={cn(
        "relative inline-flex h-5 w-9 shrink-0 cursor-pointer items-center rounded-full transition-colors disabled:cursor-not-allowed disabled:opacity-50",
        focusRing,
        checked ? "bg-indigo-600" : "bg-slate-300",
      )}
      {...aria}
    >
      <span
        aria-hidden="true"
        className={cn("inline-block size-4 rounded-full bg-white shadow-sm ring-1 ring-slate-900/5 transition-transform", checked ? "translate-x-[18px]" : "translate-x-0.5")}
      />
    </button>
  );
}
