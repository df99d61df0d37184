import { apiHandler } from "@/lib/api/handler";
import { listResponse } from "@/lib/api/http";
import { listPublishes } from "@/lib/db/publishes";
import { publishListQuery } from "@/lib/publish/schemas";

export const dynamic = "force-dynamic";

/** Publish history, newest first; dry runs only with `?includeDryRuns=true`. */
export const GET = apiHandler(
  { route: "/api/v1/publishes", auth: "viewer", query: publishListQuery },
  async ({ url, query }) => {
    const { limit, offset, ...filter } = query;
    return listResponse(url, await listPublishes({ ...filter, limit, offset }), { limit, offset });
  },
);
