import type { Metadata } from "next";
import { ChangePasswordForm } from "@/components/auth/change-password-form";
import { RoleBadge } from "@/components/auth/role-badge";
import { PageContainer } from "@/components/shell/page-container";
import { PageHeader, Section } from "@/components/ui/page-header";
import { requireUser } from "@/lib/auth/current-user";
import { ROLE_DESCRIPTIONS } from "@/lib/auth/roles";

export const metadata: Metadata = { title: "Account" };

export default async function AccountPage() {
  const user = await requireUser();
  return (
    <PageContainer>
      <PageHeader title="Account" description="Who you are signed in as, and your password." />
      <div className="max-w-3xl space-y-8">
        <Section title="Profile">
          <dl className="grid grid-cols-[8rem_1fr] gap-x-4 gap-y-3 text-sm">
            <dt className="text-slate-500">Name</dt>
            <dd className="text-slate-900">{user.name}</dd>
            <dt className="text-slate-500">Email</dt>
            <dd className="font-mono text-[13px] text-slate-900">{user.email}</dd>
            <dt className="text-slate-500">Role</dt>
            <dd className="flex items-center gap-2">
              <RoleBadge role={user.role} />
              <span className="text-slate-500">{ROLE_DESCRIPTIONS[user.role]}</span>
            </dd>
          </dl>
        </Section>
        <Section
          title="Change password"
          description="Your other sessions are signed out when the password changes."
        >
          <ChangePasswordForm />
        </Section>
      </div>
    </PageContainer>
  );
}
