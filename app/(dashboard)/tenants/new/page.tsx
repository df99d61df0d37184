import type { Metadata } from "next";
import { Breadcrumb } from "@/components/shell/breadcrumb";
import { PageContainer } from "@/components/shell/page-container";
import { TenantForm } from "@/components/tenants/tenant-form";
import { PageHeader } from "@/components/ui/page-header";

export const metadata: Metadata = { title: "New tenant" };

export default function NewTenantPage() {
  return (
    <PageContainer>
      <PageHeader eyebrow={<Breadcrumb href="/tenants" label="Tenants" />} title="New tenant" />
      <div className="max-w-2xl">
        <TenantForm />
      </div>
    </PageContainer>
  );
}
