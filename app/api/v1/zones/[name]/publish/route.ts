import { requireRole, roleAllows } from "@/lib/api/auth";
import { apiHandler } from "@/lib/api/handler";
import { zoneParams } from "@/lib/api/queries";
import { publishQuery } from "@/lib/publish/schemas";
import { previewPublish, startPublish } from "@/lib/publish/service";

export const dynamic = "force-dynamic";

/**
 * Publishes the zone's current desired state to its Kong. `?dryRun=true` answers with the plan
 * only (and the route diff since the last publish, and the compiler's warnings). A real publish
 * answers 202 with the running record as soon as it writes (poll /api/v1/publishes/{id} for
 * progress), 200 with the final record when it is already done or `?wait=true`, 409 while
 * another publish of the zone runs.
 */
export const POST = apiHandler(
  {
    route: "/api/v1/zones/{name}/publish",
    auth: "viewer",
    params: zoneParams,
    query: publishQuery,
    // A publish writes its own record and Kong, nothing the read caches hold.
    invalidates: false,
  },
  async ({ params, query, actor }) => {
    // A dry run writes nothing to Kong, so anyone who may read may preview; writing takes a publisher.
    // The Publish page opens a dry run per zone for everyone who looks: only a publisher's is kept
    // (one a rollback can start from), a viewer's is answered and forgotten.
    if (query.dryRun)
      return Response.json(
        await previewPublish({ zone: params.name, actor: actor.name, store: roleAllows(actor.role, "publisher") }),
      );
    requireRole(actor, "publisher", "Publishing");
    const { record, running } = await startPublish({
      zone: params.name,
      actor: actor.name,
      wait: query.wait,
    });
    return Response.json(record, {
      status: running ? 202 : 200,
      headers: { location: `/api/v1/publishes/${record.id}` },
    });
  },
);
