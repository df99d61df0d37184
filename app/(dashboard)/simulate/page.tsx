import type { Metadata } from "next";
import { Suspense } from "react";
import { PageContainer } from "@/components/shell/page-container";
import { Simulator } from "@/components/simulator/simulator";
import { PageHeader } from "@/components/ui/page-header";
import { Skeleton } from "@/components/ui/skeleton";

export const metadata: Metadata = { title: "Simulator" };

export default function SimulatePage() {
  return (
    <PageContainer wide>
      <PageHeader
        title="Request simulator"
        description="Which route a zone's Kong would pick for a request, and why every other route lost: Kong's order (priority, then id), Kong's request normalization, Kong's answer."
      />
      {/* The simulation lives in the URL (useSearchParams), which needs a boundary to render on the server. */}
      <Suspense fallback={<Skeleton className="h-96 w-full" />}>
        <Simulator />
      </Suspense>
    </PageContainer>
  );
}
