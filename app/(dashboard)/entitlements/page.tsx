import type { Metadata } from "next";
import { EntitlementMatrix } from "@/components/entitlements/entitlement-matrix";
import { PageContainer } from "@/components/shell/page-container";
import { PageHeader } from "@/components/ui/page-header";

export const metadata: Metadata = { title: "Entitlements" };

export default async function EntitlementsPage({ searchParams }: { searchParams: Promise<{ tenant?: string | string[] }> }) {
  const { tenant } = await searchParams;
  return (
    <PageContainer wide>
      <PageHeader
        title="Entitlements"
        description="Which tenants may use which application version. Tick cells to grant or revoke, then apply all changes at once. Routes with tenant access ENTITLED match only these tenants."
      />
      <EntitlementMatrix initialTenant={typeof tenant === "string" ? tenant : undefined} />
    </PageContainer>
  );
}
