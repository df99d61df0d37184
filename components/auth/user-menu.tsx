"use client";

import Link from "next/link";
import { useState } from "react";
import { cn, focusRing } from "@/components/ui/cn";
import { toast } from "@/components/ui/toaster";
import { authClient } from "@/lib/auth/client";
import { RoleBadge } from "./role-badge";
import { useCurrentUser } from "./session-provider";

function initials(name: string): string {
  const parts = name.trim().split(/\s+/).filter(Boolean);
  return (parts.length > 1 ? parts[0][0] + parts[parts.length - 1][0] : name.slice(0, 2)).toUpperCase();
}

/** The shell's footer: who is signed in, with which role, and the way out. */
export function UserMenu() {
  const user = useCurrentUser();
  const [signingOut, setSigningOut] = useState(false);
  if (!user) return null;

  const signOut = async () => {
    setSigningOut(true);
    const { error } = await authClient.signOut();
    if (error) {
      setSigningOut(false);
      toast.error("Could not sign out", { description: error.message });
      return;
    }
    // A full load on purpose: the root layout renders for the new identity, and nothing cached
    // for the previous one (React Query) survives.
    // eslint-disable-next-line @next/next/no-location-assign-relative-destination
    window.location.assign("/sign-in");
  };

  return (
    <section aria-label="Signed in user" className="border-t border-slate-100 px-3 py-3">
      <div className="flex items-center gap-2.5 px-2">
        <span
          aria-hidden="true"
          className="flex size-8 shrink-0 items-center justify-center rounded-full bg-indigo-50 text-xs font-semibold text-indigo-700 ring-1 ring-indigo-100"
        >
          {initials(user.name)}
        </span>
        <div className="min-w-0 flex-1">
          <p className="truncate text-[13px] font-medium text-slate-900" title={user.email}>
            {user.name}
          </p>
          <p className="truncate text-[11.5px] text-slate-500">{user.email}</p>
        </div>
        <RoleBadge role={user.role} title="Your role" />
      </div>
      <div className="mt-2 flex gap-1">
        <Link
          href="/account"
          className={cn(
            "flex h-7 flex-1 items-center justify-center rounded-md text-[12.5px] text-slate-600 hover:bg-slate-50 hover:text-slate-900",
            focusRing,
          )}
        >
          Account
        </Link>
        <button
          type="button"
          onClick={signOut}
          disabled={signingOut}
          className={cn(
            "flex h-7 flex-1 items-center justify-center rounded-md text-[12.5px] text-slate-600 hover:bg-slate-50 hover:text-slate-900 disabled:text-slate-400",
            focusRing,
          )}
        >
          {signingOut ? "Signing out…" : "Sign out"}
        </button>
      </div>
    </section>
  );
}
