import type { Metadata } from "next";
import { PageContainer } from "@/components/shell/page-container";
import { TopologyView } from "@/components/topology/topology-view";
import { PageHeader } from "@/components/ui/page-header";

export const metadata: Metadata = { title: "Topology" };

type SearchParams = Promise<Record<string, string | string[] | undefined>>;

export default async function TopologyPage({ searchParams }: { searchParams: SearchParams }) {
  const api = (await searchParams).api;
  return (
    <PageContainer wide>
      <PageHeader
        title="Topology"
        description="Zones, their DTC URLs and eligibility, and which zones serve which API: the provider's real route, proxy routes in subscriber zones and failover routes in DTC-eligible zones."
      />
      <TopologyView initialApi={typeof api === "string" ? api : ""} />
    </PageContainer>
  );
}
