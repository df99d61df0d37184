import { apiHandler } from "@/lib/api/handler";
import { pendingChanges } from "@/lib/db/pending";

export const dynamic = "force-dynamic";

/**
 * Zones whose routes differ from what their last successful publish sent to Kong (the zone publish
 * page's "since the last publish"), from the cached compile: cheap enough to ask after every edit.
 */
export const GET = apiHandler({ route: "/api/v1/pending", auth: "viewer" }, async () => {
  const { zones } = await pendingChanges();
  return Response.json({ zones, routes: zones.reduce((n, z) => n + z.routes, 0) });
});
