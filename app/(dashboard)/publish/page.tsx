import type { Metadata } from "next";
import { PageContainer } from "@/components/shell/page-container";
import { PublishAll } from "@/components/publish/publish-all";
import { PublishOverview } from "@/components/publish/publish-overview";
import { ButtonLink } from "@/components/ui/button";
import { PageHeader } from "@/components/ui/page-header";

export const metadata: Metadata = { title: "Publish" };

export default function PublishPage() {
  return (
    <PageContainer>
      <PageHeader
        title="Publish"
        description="Each zone's routes go to its Kong only when someone publishes them: review what changed since the last publish, then publish. One publish per zone runs at a time."
        actions={
          <>
            <ButtonLink href="/publish/history">History</ButtonLink>
            <PublishAll />
          </>
        }
      />
      <PublishOverview />
    </PageContainer>
  );
}
