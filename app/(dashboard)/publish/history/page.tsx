import type { Metadata } from "next";
import { PublishHistory } from "@/components/publish/publish-history";
import { Breadcrumb } from "@/components/shell/breadcrumb";
import { PageContainer } from "@/components/shell/page-container";
import { PageHeader } from "@/components/ui/page-header";

export const metadata: Metadata = { title: "Publish history" };

type Search = Promise<{ zone?: string | string[] }>;

export default async function PublishHistoryPage({ searchParams }: { searchParams: Search }) {
  const zone = (await searchParams).zone;
  return (
    <PageContainer>
      <PageHeader
        eyebrow={<Breadcrumb href="/publish" label="Publish" />}
        title="Publish history"
        description="Every publish with who ran it, the plan, each write's outcome and the route diff. Any of them can be sent again."
      />
      <PublishHistory zone={typeof zone === "string" && zone ? zone : null} />
    </PageContainer>
  );
}
