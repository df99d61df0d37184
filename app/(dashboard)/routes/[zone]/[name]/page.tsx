import type { Metadata } from "next";
import { RouteDetail } from "@/components/routes/route-detail";
import { Breadcrumb } from "@/components/shell/breadcrumb";
import { notFoundUnless } from "@/components/shell/not-found-unless";
import { PageContainer } from "@/components/shell/page-container";
import { PageHeader } from "@/components/ui/page-header";
import { compiledZone } from "@/lib/db/compiled";

type Params = Promise<{ zone: string; name: string }>;

export async function generateMetadata({ params }: { params: Params }): Promise<Metadata> {
  return { title: `Route ${decodeURIComponent((await params).name)}` };
}

export default async function RoutePage({ params }: { params: Params }) {
  const { zone, name } = await params;
  const [zoneName, routeName] = [decodeURIComponent(zone), decodeURIComponent(name)];
  await notFoundUnless(async () => {
    const compiled = await compiledZone(zoneName);
    const named = (r: { name: string }) => r.name === routeName;
    return compiled !== null && (compiled.routes.some(named) || compiled.inactiveRoutes.some(named));
  });
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
