import type { Metadata } from "next";
import { ZoneRealms } from "@/components/realms/zone-realms";
import { Breadcrumb } from "@/components/shell/breadcrumb";
import { notFoundUnless } from "@/components/shell/not-found-unless";
import { PageContainer } from "@/components/shell/page-container";
import { PageHeader } from "@/components/ui/page-header";
import { zoneExists } from "@/lib/db/zones";

type Params = Promise<{ name: string }>;

export async function generateMetadata({ params }: { params: Params }): Promise<Metadata> {
  return { title: `Realms of ${decodeURIComponent((await params).name)}` };
}

export default async function ZoneRealmsPage({ params }: { params: Params }) {
  const name = decodeURIComponent((await params).name);
  await notFoundUnless(() => zoneExists(name));
  return (
    <PageContainer>
      <PageHeader
        eyebrow={<Breadcrumb href={`/zones/${encodeURIComponent(name)}`} label={`Zone ${name}`} />}
        title={
          <>
            Realms of <span className="font-mono">{name}</span>
          </>
        }
        description="Every URL the zone's routes listen on, beside the issuer its tokens must come from; DTC membership and eligibility; and what the compiler found wrong."
      />
      <ZoneRealms name={name} />
    </PageContainer>
  );
}
