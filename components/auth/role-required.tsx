import { PageContainer } from "@/components/shell/page-container";
import { ButtonLink } from "@/components/ui/button";
import { ROLE_DESCRIPTIONS, type Role } from "@/lib/auth/roles";
import { RoleBadge } from "./role-badge";

/** Shown instead of a page the signed-in role can't use. */
export function RoleRequired({ role, have }: { role: Role; have: Role }) {
  return (
    <PageContainer>
      <div className="mx-auto mt-16 max-w-md rounded-xl border border-slate-200 bg-white px-8 py-10 text-center shadow-xs">
        <span className="mx-auto mb-4 flex size-11 items-center justify-center rounded-full bg-amber-50 ring-1 ring-amber-100">
          <svg
            viewBox="0 0 24 24"
            className="size-5 text-amber-600"
            fill="none"
            stroke="currentColor"
            strokeWidth={1.7}
            aria-hidden="true"
          >
            <rect x="5" y="11" width="14" height="9" rx="2" />
            <path d="M8 11V8a4 4 0 0 1 8 0v3" />
          </svg>
        </span>
        <h1 className="text-base font-semibold text-slate-900">This page needs the {role} role</h1>
        <p className="mt-2 text-sm text-slate-500">
          You are signed in as <RoleBadge role={have} />. The {role} role:{" "}
          {ROLE_DESCRIPTIONS[role].toLowerCase()}. Ask an administrator if you need it.
        </p>
        <ButtonLink href="/" variant="secondary" className="mt-6">
          Back to Switchyard
        </ButtonLink>
      </div>
    </PageContainer>
  );
}
