import type { Metadata } from "next";
import { RoverForm } from "@/components/rovers/rover-form";
import { Breadcrumb } from "@/components/shell/breadcrumb";
import { PageContainer } from "@/components/shell/page-container";
import { PageHeader } from "@/components/ui/page-header";

export const metadata: Metadata = { title: "New rover" };

export default function NewRoverPage() {
  return (
    <PageContainer>
      <PageHeader eyebrow={<Breadcrumb href="/rovers" label="Rovers" />} title="New rover" />
      <div className="max-w-4xl">
        <RoverForm />
      </div>
    </PageContainer>
  );
}
