import { Can } from "@/components/auth/can";
import type { Metadata } from "next";
import { PlusIcon } from "@/components/shell/icons";
import { PageContainer } from "@/components/shell/page-container";
import { TenantList } from "@/components/tenants/tenant-list";
import { ButtonLink } from "@/components/ui/button";
import { PageHeader } from "@/components/ui/page-header";

export const metadata: Metadata = { title: "Tenants" };

export default function TenantsPage() {
  return (
    <PageContainer>
      <PageHeader
        title="Tenants"
        description="Routes with tenant access ENTITLED match only the tenants entitled to that application version."
        actions={
          <Can role="editor">
            <ButtonLink href="/tenants/new" variant="primary" icon={<PlusIcon />}>
              New tenant
            </ButtonLink>
          </Can>
        }
      />
      <TenantList />
    </PageContainer>
  );
}
