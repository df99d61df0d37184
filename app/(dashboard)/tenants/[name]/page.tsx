import type { Metadata } from "next";
import { Breadcrumb } from "@/components/shell/breadcrumb";
import { notFoundUnless } from "@/components/shell/not-found-unless";
import { PageContainer } from "@/components/shell/page-container";
import { DeleteTenantButton } from "@/components/tenants/delete-tenant-button";
import { TenantEditor } from "@/components/tenants/tenant-editor";
import { TenantRoutes } from "@/components/tenants/tenant-routes";
import { PageHeader } from "@/components/ui/page-header";
import { getTenant } from "@/lib/db/tenants";

type Params = Promise<{ name: string }>;

export async function generateMetadata({ params }: { params: Params }): Promise<Metadata> {
  return { title: `Tenant ${decodeURIComponent((await params).name)}` };
}

export default async function TenantPage({ params }: { params: Params }) {
  const name = decodeURIComponent((await params).name);
  await notFoundUnless(async () => (await getTenant(name)) !== null);
  return (
    <PageContainer>
      <PageHeader
        eyebrow={<Breadcrumb href="/tenants" label="Tenants" />}
        title={<span className="font-mono">{name}</span>}
        actions={<DeleteTenantButton name={name} redirectTo="/tenants" />}
      />
      <div className="max-w-2xl">
        <TenantEditor name={name} />
      </div>
      <div className="mt-8">
        <TenantRoutes name={name} />
      </div>
    </PageContainer>
  );
}
