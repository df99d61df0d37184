import { ApiError } from "@/lib/api/errors";
import { requireRole, roleAllows } from "@/lib/api/auth";
import { apiHandler } from "@/lib/api/handler";
import { idParams } from "@/lib/api/queries";
import { getPublish } from "@/lib/db/publishes";
import { publishQuery } from "@/lib/publish/schemas";
import { previewPublish, startPublish } from "@/lib/publish/service";

export const dynamic = "force-dynamic";

/**
 * Re-publishes an earlier publish's desired state to its zone (a rollback): the same answers as
 * POST /zones/{name}/publish, `?dryRun=true` for its own preview. The new publish records which
 * one it re-sent (`sourcePublishId`).
 */
export const POST = apiHandler(
  {
    route: "/api/v1/publishes/{id}/rollback",
    auth: "viewer",
    params: idParams,
    query: publishQuery,
    // Like a publish: its own record and Kong, nothing the read caches hold.
    invalidates: false,
  },
  async ({ params, query, actor }) => {
    const source = await getPublish(params.id);
    if (!source) throw new ApiError("not_found", `Publish ${params.id} does not exist`);
    const input = { zone: source.zone, actor: actor.name, sourcePublishId: source.id };
    // A dry run writes nothing to Kong, so anyone who may read may preview; writing takes a publisher.
    // As on the zone's publish route, only a publisher's preview is kept: a viewer's is answered and forgotten.
    if (query.dryRun)
      return Response.json(await previewPublish({ ...input, store: roleAllows(actor.role, "publisher") }));
    requireRole(actor, "publisher", "Publishing");
    const { record, running } = await startPublish({ ...input, wait: query.wait });
    return Response.json(record, {
      status: running ? 202 : 200,
      headers: { location: `/api/v1/publishes/${record.id}` },
    });
  },
);
