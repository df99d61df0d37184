import { requireRole } from "@/lib/api/auth";
import { apiHandler } from "@/lib/api/handler";
import { previewEstate, publishEstate } from "@/lib/publish/estate";
import { estatePublishQuery } from "@/lib/publish/schemas";

export const dynamic = "force-dynamic";

/**
 * Publishes the whole estate ("Publish all"): `?dryRun=true` answers the estate plan, in the order
 * the zones would be published and with the dependencies behind it; otherwise every zone is
 * published in that order, and the answer says per zone what was and wasn't applied.
 */
export const POST = apiHandler(
  {
    route: "/api/v1/publish",
    auth: "viewer",
    query: estatePublishQuery,
    // Publish records and Kong, nothing the read caches hold.
    invalidates: false,
  },
  async ({ query, actor }) => {
    // The plan writes nothing, so anyone who may read may see it; publishing takes a publisher.
    if (query.dryRun) return Response.json(await previewEstate());
    requireRole(actor, "publisher", "Publishing");
    return Response.json(await publishEstate(actor.name));
  },
);
