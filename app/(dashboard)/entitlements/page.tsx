import type { Metadata } from "next";
import { EntitlementMatrix } from "@/components/entitlements/entitlement-matrix";
import { PageContainer } from "@/components/shell/page-container";
import { PageHeader } from "@/components/ui/page-header";

export const metadata: Metadata = { title: "Entitlements" };

type Search = Promise<{ tenant?: string | string[]; application?: string | string[]; version?: string | string[] }>;

const one = (value: string | string[] | undefined) => (typeof value === "string" ? value : undefined);

export default async function EntitlementsPage({ searchParams }: { searchParams: Search }) {
  const { tenant, application, version } = await searchParams;
  return (
    <PageContainer wide>
      <PageHeader
        title="Entitlements"
        description="Which tenants may use which application version. Tick cells to grant or revoke, then apply all changes at once. Routes with tenant access ENTITLED match only these tenants."
      />
      <EntitlementMatrix focus={{ tenant: one(tenant), application: one(application), version: one(version) }} />
    </PageContainer>
  );
}
