import type { Metadata } from "next";
import { Suspense } from "react";
import { RouteExplorer } from "@/components/routes/route-explorer";
import { filtersFromParams, filtersToQuery } from "@/components/routes/route-filters";
import { PageContainer } from "@/components/shell/page-container";
import { ButtonLink } from "@/components/ui/button";
import { PageHeader } from "@/components/ui/page-header";
import { TableSkeleton } from "@/components/ui/skeleton";
import { routeSearchQuery, searchRoutes } from "@/lib/api/route-list";
import { currentUser } from "@/lib/auth/current-user";
import { compiledEstate } from "@/lib/db/compiled";
import { servedRoutes } from "@/lib/db/served";
import { log } from "@/lib/observability/log";
import { ROUTE_PAGE_SIZE, type InitialRoutePage } from "@/lib/query/routes";

export const metadata: Metadata = { title: "Routes" };

type SearchParams = Record<string, string | string[] | undefined>;

/**
 * The first page of the filtered routes, read on the server so the rows arrive with the HTML instead
 * of after the scripts and another round trip. Null when the page can't answer it (signed out, a
 * filter the API refuses): the table then asks the API and shows its answer, errors included.
 */
async function initialPage(searchParams: SearchParams): Promise<InitialRoutePage | null> {
  // Every role may read routes; signed out, the layout sends the visitor to sign in.
  if (!(await currentUser())) return null;
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(searchParams)) {
    const first = Array.isArray(value) ? value[0] : value;
    if (first !== undefined) params.set(key, first);
  }
  const filters = filtersFromParams(params);
  const search = routeSearchQuery.safeParse({ ...filters, limit: ROUTE_PAGE_SIZE, offset: 0 });
  if (!search.success) return null;
  const at = Date.now();
  try {
    const served = search.data.served ? await servedRoutes(search.data.served) : undefined;
    return { query: filtersToQuery(filters), page: searchRoutes(await compiledEstate(), search.data, served), at };
  } catch (error) {
    log.warn("routes page: the first page was not rendered on the server", { error });
    return null;
  }
}

export default async function RoutesPage({ searchParams }: { searchParams: Promise<SearchParams> }) {
  const initial = await initialPage(await searchParams);
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
        <RouteExplorer initial={initial} />
      </Suspense>
    </PageContainer>
  );
}
