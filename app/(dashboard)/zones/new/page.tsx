import type { Metadata } from "next";
import { Breadcrumb } from "@/components/shell/breadcrumb";
import { PageContainer } from "@/components/shell/page-container";
import { PageHeader } from "@/components/ui/page-header";
import { ZoneForm } from "@/components/zones/zone-form";

export const metadata: Metadata = { title: "New zone" };

export default function NewZonePage() {
  return (
    <PageContainer>
      <PageHeader eyebrow={<Breadcrumb href="/zones" label="Zones" />} title="New zone" />
      <div className="max-w-4xl">
        <ZoneForm />
      </div>
    </PageContainer>
  );
}
