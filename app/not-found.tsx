import type { Metadata } from "next";
import { PageContainer } from "@/components/shell/page-container";
import { ButtonLink } from "@/components/ui/button";

export const metadata: Metadata = { title: "Not found" };

/**
 * Every unknown address and every entity page whose entity does not exist (`notFound()`) lands
 * here, inside the root layout, so the navigation stays and the way on is one click away.
 */
export default function NotFound() {
  return (
    <PageContainer>
      <div className="mx-auto mt-6 flex max-w-lg flex-col items-center rounded-lg border border-slate-200 bg-white px-6 py-14 text-center shadow-xs sm:mt-12">
        <p className="font-mono text-sm font-semibold text-indigo-600">404</p>
        <h1 className="mt-2 text-xl font-semibold tracking-tight text-slate-900">Nothing here</h1>
        <p className="mt-2 max-w-sm text-sm text-slate-500">
          This page, or the zone, rover, tenant, route or publish it names, does not exist. It may have been
          deleted or renamed, or the link is mistyped.
        </p>
        <div className="mt-6 flex flex-wrap justify-center gap-2">
          <ButtonLink href="/zones" variant="primary">
            Zones
          </ButtonLink>
          <ButtonLink href="/rovers">Rovers</ButtonLink>
          <ButtonLink href="/routes">Routes</ButtonLink>
        </div>
      </div>
    </PageContainer>
  );
}
