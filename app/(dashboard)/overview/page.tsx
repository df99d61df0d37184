import type { Metadata } from "next";
import { EstateOverview } from "@/components/overview/estate-overview";
import { PageContainer } from "@/components/shell/page-container";
import { PageHeader } from "@/components/ui/page-header";

export const metadata: Metadata = { title: "Overview" };

export default function OverviewPage() {
  return (
    <PageContainer wide>
      <PageHeader
        title="Overview"
        description="Every zone at a glance: what Kong does not have yet, what was changed in Kong by hand, whether each Kong answers, and what the compiler warns about. Each figure links to where it is fixed."
      />
      <EstateOverview />
    </PageContainer>
  );
}
