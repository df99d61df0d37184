import type { Metadata } from "next";
import { HistoryLink, ZonePublish } from "@/components/publish/zone-publish";
import { Breadcrumb } from "@/components/shell/breadcrumb";
import { notFoundUnless } from "@/components/shell/not-found-unless";
import { PageContainer } from "@/components/shell/page-container";
import { PageHeader } from "@/components/ui/page-header";
import { zoneExists } from "@/lib/db/zones";

type Params = Promise<{ zone: string }>;
type Search = Promise<{ watch?: string | string[] }>;

export async function generateMetadata({ params }: { params: Params }): Promise<Metadata> {
  return { title: `Publish ${decodeURIComponent((await params).zone)}` };
}

export default async function ZonePublishPage({
  params,
  searchParams,
}: {
  params: Params;
  searchParams: Search;
}) {
  const zone = decodeURIComponent((await params).zone);
  const watch = (await searchParams).watch;
  await notFoundUnless(() => zoneExists(zone));
  return (
    <PageContainer>
      <PageHeader
        eyebrow={<Breadcrumb href="/publish" label="Publish" />}
        title={
          <>
            Publish <span className="font-mono">{zone}</span>
          </>
        }
        description="What publishing would change in this zone's Kong, planned against what Kong holds right now."
        actions={<HistoryLink zone={zone} />}
      />
      <div>
        <ZonePublish zone={zone} watchId={typeof watch === "string" ? watch : null} />
      </div>
    </PageContainer>
  );
}
