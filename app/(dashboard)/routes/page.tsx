import type { Metadata } from "next";
import { Suspense } from "react";
import { RouteExplorer } from "@/components/routes/route-explorer";
import { PageContainer } from "@/components/shell/page-container";
import { ButtonLink } from "@/components/ui/button";
import { PageHeader } from "@/components/ui/page-header";
import { TableSkeleton } from "@/components/ui/skeleton";

export const metadata: Metadata = { title: "Routes" };

export default function RoutesPage() {
  return (
    <PageContainer wide>
      <PageHeader
        title="Routes"
        description="Every route Switchyard derives, per zone in the order Kong tries them (priority, then id), with the routes the rules call for but that are not emitted."
        actions={
          <ButtonLink href="/simulate" variant="secondary">
            Simulate a request
          </ButtonLink>
        }
      />
      {/* The filters live in the URL (useSearchParams), which needs a boundary to render on the server. */}
      <Suspense fallback={<TableSkeleton rows={8} columns={7} label="Loading routes" />}>
        <RouteExplorer />
      </Suspense>
    </PageContainer>
  );
}
