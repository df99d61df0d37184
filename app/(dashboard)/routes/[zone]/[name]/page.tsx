import type { Metadata } from "next";
import { RouteDetail } from "@/components/routes/route-detail";
import { Breadcrumb } from "@/components/shell/breadcrumb";
import { PageContainer } from "@/components/shell/page-container";
import { PageHeader } from "@/components/ui/page-header";

type Params = Promise<{ zone: string; name: string }>;

export async function generateMetadata({ params }: { params: Params }): Promise<Metadata> {
  return { title: `Route ${decodeURIComponent((await params).name)}` };
}

export default async function RoutePage({ params }: { params: Params }) {
  const { zone, name } = await params;
  const [zoneName, routeName] = [decodeURIComponent(zone), decodeURIComponent(name)];
  return (
    <PageContainer wide>
      <PageHeader
        eyebrow={
          <Breadcrumb href={`/routes?zone=${encodeURIComponent(zoneName)}`} label={`Routes of ${zoneName}`} />
        }
        title={<span className="font-mono text-lg">{routeName}</span>}
      />
      <RouteDetail zone={zoneName} name={routeName} />
    </PageContainer>
  );
}
