import type { Metadata } from "next";
import { TokenAdmin } from "@/components/auth/token-admin";
import { PageContainer } from "@/components/shell/page-container";
import { PageHeader } from "@/components/ui/page-header";
import { requireUser } from "@/lib/auth/current-user";
import { AdminOnly } from "../admin-only";

export const metadata: Metadata = { title: "API tokens" };

export default async function TokensPage() {
  const user = await requireUser();
  return (
    <PageContainer>
      <PageHeader
        title="API tokens"
        description="Credentials for machines — an entitlement service, a CI job — each scoped to a role. Only a hash is stored; revoke a token the moment it leaks."
      />
      {user.role === "admin" ? <TokenAdmin /> : <AdminOnly />}
    </PageContainer>
  );
}
