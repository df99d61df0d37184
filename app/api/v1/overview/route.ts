import { apiHandler } from "@/lib/api/handler";
import { estateOverview } from "@/lib/db/overview";

export const dynamic = "force-dynamic";

/**
 * The estate at a glance: per zone its routes, inactive routes, refused subscriptions, warnings,
 * unpublished route changes and last publish, and estate totals. No Kong is called: drift and
 * reachability are per-zone reads (GET /zones/{name}/drift, GET /zones/{name}/kong-status).
 */
export const GET = apiHandler({ route: "/api/v1/overview", auth: "viewer" }, async () =>
  Response.json(await estateOverview()),
);
