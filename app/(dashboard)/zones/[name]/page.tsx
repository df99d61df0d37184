import type { Metadata } from "next";
import { Breadcrumb } from "@/components/shell/breadcrumb";
import { notFoundUnless } from "@/components/shell/not-found-unless";
import { PageContainer } from "@/components/shell/page-container";
import { ButtonLink } from "@/components/ui/button";
import { PageHeader } from "@/components/ui/page-header";
import { DeleteZoneButton } from "@/components/zones/delete-zone-button";
import { ZoneEditor } from "@/components/zones/zone-editor";
import { zoneExists } from "@/lib/db/zones";

type Params = Promise<{ name: string }>;

export async function generateMetadata({ params }: { params: Params }): Promise<Metadata> {
  return { title: `Zone ${decodeURIComponent((await params).name)}` };
}

export default async function ZonePage({ params }: { params: Params }) {
  const name = decodeURIComponent((await params).name);
  await notFoundUnless(() => zoneExists(name));
  return (
    <PageContainer>
      <PageHeader
        eyebrow={<Breadcrumb href="/zones" label="Zones" />}
        title={<span className="font-mono">{name}</span>}
        actions={
          <>
            <ButtonLink href={`/zones/${encodeURIComponent(name)}/realms`}>Realms &amp; topology</ButtonLink>
            <DeleteZoneButton name={name} redirectTo="/zones" />
          </>
        }
      />
      <div className="max-w-4xl">
        <ZoneEditor name={name} />
      </div>
    </PageContainer>
  );
}
