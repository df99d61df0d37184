import type { Metadata } from "next";
import { PublishDetail } from "@/components/publish/publish-detail";
import { Breadcrumb } from "@/components/shell/breadcrumb";
import { notFoundUnless } from "@/components/shell/not-found-unless";
import { PageContainer } from "@/components/shell/page-container";
import { PageHeader } from "@/components/ui/page-header";
import { idParams } from "@/lib/api/queries";
import { getPublish } from "@/lib/db/publishes";

export const metadata: Metadata = { title: "Publish" };

type Params = Promise<{ id: string }>;

export default async function PublishDetailPage({ params }: { params: Params }) {
  const { id } = await params;
  await notFoundUnless(async () => idParams.safeParse({ id }).success && (await getPublish(id)) !== null);
  return (
    <PageContainer>
      <PageHeader
        eyebrow={<Breadcrumb href="/publish/history" label="Publish history" />}
        title="Publish"
        description={<span className="font-mono text-xs">{id}</span>}
      />
      <div>
        <PublishDetail id={id} />
      </div>
    </PageContainer>
  );
}
