import { requireRole, roleAllows } from "@/lib/api/auth";
import { ApiError } from "@/lib/api/errors";
import { apiHandler } from "@/lib/api/handler";
import { zoneParams } from "@/lib/api/queries";
import { currentGeneration } from "@/lib/db/changes";
import { listPublishes } from "@/lib/db/publishes";
import { getZone } from "@/lib/db/zones";
import { createKongReadCache } from "@/lib/kong/read-cache";
import { publishQuery } from "@/lib/publish/schemas";
import { previewPublish, startPublish } from "@/lib/publish/service";
import type { PublishPreviewView } from "@/lib/publish/views";

/** How long a viewer's dry run of a zone is answered from the last one (the drift check's interval). */
const PREVIEW_CACHE_MS = 15_000;
// A refusal (Kong unreachable, not Kong, over a limit) is an answer too, and is kept like a plan:
// otherwise a dead Kong would be asked again by every viewer who opens the page.
const previews = createKongReadCache<{ plan: PublishPreviewView } | { refusal: unknown }>({ ttlMs: PREVIEW_CACHE_MS });

/**
 * A dry run for someone who may not publish: the Publish page opens one per zone for everyone who
 * looks, and each plans against the zone's Kong. They share one read per zone per interval, valid
 * while nothing it depends on changed: the zone (its revision: admin URL, token), its latest publish,
 * and the estate's data (the change listener's generation; while it is down, every dry run is new).
 */
async function viewerPreview(zone: string, actor: string): Promise<PublishPreviewView & { ageSeconds: number }> {
  const row = await getZone(zone);
  if (!row) throw new ApiError("not_found", `Zone ${zone} does not exist`);
  const generation = currentGeneration("domain");
  const latest = (await listPublishes({ zone, limit: 1 })).items[0];
  const version = `${row.revision}:${latest ? `${latest.id}:${latest.status}` : "-"}:${generation ?? "unlistened"}`;
  const read = await previews.get(
    zone,
    version,
    () => previewPublish({ zone, actor, store: false }).then((plan) => ({ plan }), (refusal: unknown) => ({ refusal })),
    { fresh: generation === null },
  );
  if ("refusal" in read.value) throw read.value.refusal;
  return { ...read.value.plan, ageSeconds: Math.max(0, Math.round((Date.now() - read.at) / 1000)) };
}

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
    if (query.dryRun) {
      if (!roleAllows(actor.role, "publisher")) return Response.json(await viewerPreview(params.name, actor.name));
      return Response.json({ ...(await previewPublish({ zone: params.name, actor: actor.name, store: true })), ageSeconds: 0 });
    }
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
