import { roleAllows } from "@/lib/auth/roles";
import { ApiError } from "@/lib/api/errors";
import { apiHandler } from "@/lib/api/handler";
import { zoneParams } from "@/lib/api/queries";
import { listPublishes } from "@/lib/db/publishes";
import { getZone } from "@/lib/db/zones";
import { observeKongFailures } from "@/lib/kong/observe";
import { createKongReadCache } from "@/lib/kong/read-cache";
import { zoneDrift } from "@/lib/publish/service";
import type { EntityKind } from "@/lib/publish/plan";
import type { UnmanagedEntity, ZoneDrift } from "@/lib/publish/views";
import type { ZoneDriftView } from "@/lib/query/publish";

export const dynamic = "force-dynamic";

/** One drift check per zone per interval, whoever asks (lib/kong/read-cache.ts). */
const DRIFT_CACHE_MS = 15_000;
const cache = createKongReadCache<{ drift: ZoneDrift; failure: ZoneDriftView["failure"] }>({
  ttlMs: DRIFT_CACHE_MS,
});

/** At most this many unmanaged entities are named; the rest are counted. */
const UNMANAGED_NAMED = 100;
const KONG_NAME = /^[A-Za-z0-9._~-]{1,128}$/;
const KONG_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const OUR_TAG = /^(switchyard|zone:[a-z0-9-]{1,63})$/;

/**
 * What is said about entities Switchyard doesn't manage. The node's answer is whatever is at the
 * admin URL, so only counts per kind leave the server — and ids and names of the entities that carry
 * Switchyard's tag (another zone's on a shared node, or a half-tagged leftover), which are the ones
 * an operator of Switchyard has to act on. No other remote field is passed on.
 */
function minimalUnmanaged(
  unmanaged: UnmanagedEntity[],
): Pick<ZoneDriftView, "unmanaged" | "unmanagedCounts"> {
  const unmanagedCounts: Partial<Record<EntityKind, number>> = {};
  for (const u of unmanaged) unmanagedCounts[u.kind] = (unmanagedCounts[u.kind] ?? 0) + 1;
  const named = unmanaged
    .filter((u) => u.tags.includes("switchyard") && KONG_ID.test(u.id))
    .slice(0, UNMANAGED_NAMED)
    .map((u) => ({
      kind: u.kind,
      id: u.id,
      name: KONG_NAME.test(u.name) ? u.name : u.id,
      tags: u.tags.filter((t) => OUR_TAG.test(t)),
    }));
  return { unmanaged: named, unmanagedCounts };
}

/**
 * Live Kong against the zone's last successful publish: managed entities changed, deleted or
 * added by hand (the next publish repairs them), and a count of the unmanaged ones it leaves alone.
 * An unreachable Kong is an answer (`reachable: false`, `failure` says which class), not an error.
 * Viewers (and editors) are answered from a check at most `DRIFT_CACHE_MS` old (`ageSeconds`): however
 * often they ask, a zone's Kong sees one drift check per interval. Publishers, who act on what Kong
 * holds (a hand edit they just made, a publish they are about to start), get a new check each time,
 * sharing one that is still running.
 */
export const GET = apiHandler(
  { route: "/api/v1/zones/{name}/drift", auth: "viewer", params: zoneParams },
  async ({ params, actor }) => {
    const zone = await getZone(params.name);
    if (!zone) throw new ApiError("not_found", `Zone ${params.name} does not exist`);
    const latest = (await listPublishes({ zone: params.name, limit: 1 })).items[0];
    const version = `${zone.revision}:${latest ? `${latest.id}:${latest.status}` : "-"}`;
    const read = await cache.get(
      params.name,
      version,
      async () => {
        const { result, failures } = await observeKongFailures(() => zoneDrift(params.name));
        return { drift: result, failure: result.reachable ? null : (failures[0]?.failure ?? "unreachable") };
      },
      { fresh: roleAllows(actor.role, "publisher") },
    );
    const { drift, failure } = read.value;
    const view: ZoneDriftView = {
      ...drift,
      ...minimalUnmanaged(drift.unmanaged),
      failure,
      ageSeconds: Math.max(0, Math.round((Date.now() - read.at) / 1000)),
      maxAgeSeconds: DRIFT_CACHE_MS / 1000,
    };
    return Response.json(view);
  },
);
