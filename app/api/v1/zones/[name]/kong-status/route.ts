import { ApiError } from "@/lib/api/errors";
import { apiHandler } from "@/lib/api/handler";
import { zoneParams } from "@/lib/api/queries";
import { getZone, getZoneConnection } from "@/lib/db/zones";
import { KongError } from "@/lib/kong/errors";
import { kongZoneGateway } from "@/lib/kong/kong-gateway";
import { createKongReadCache } from "@/lib/kong/read-cache";
import type { KongStatusView } from "@/lib/query/overview";

export const dynamic = "force-dynamic";

/** One `GET /` per zone per interval, whoever asks: the overview asks for every zone on each open. */
const STATUS_CACHE_MS = 15_000;
const cache = createKongReadCache<Omit<KongStatusView, "ageSeconds">>({ ttlMs: STATUS_CACHE_MS });

/**
 * Whether the zone's Kong answers and which Kong it is (its `GET /`: version, edition, router
 * flavor, DB-less). A node that fails is an answer with its failure class, within the client's
 * timeout (SWITCHYARD_KONG_TIMEOUT_MS), never a hanging request.
 */
export const GET = apiHandler(
  { route: "/api/v1/zones/{name}/kong-status", auth: "viewer", params: zoneParams },
  async ({ params }) => {
    const zone = await getZone(params.name);
    if (!zone) throw new ApiError("not_found", `Zone ${params.name} does not exist`);
    const read = await cache.get(params.name, `${zone.revision}`, async () => {
      const connection = await getZoneConnection(params.name);
      if (!connection) throw new ApiError("not_found", `Zone ${params.name} does not exist`);
      try {
        const info = await kongZoneGateway({ name: params.name, ...connection }, { readAttempts: 1 }).info();
        return {
          zone: params.name,
          reachable: true,
          failure: null,
          error: null,
          version: info.version,
          edition: info.edition,
          routerFlavor: info.routerFlavor,
          dbless: info.dbless,
        };
      } catch (error) {
        if (!(error instanceof KongError)) throw error;
        return {
          zone: params.name,
          reachable: false,
          failure: error.failure,
          error: error.message,
          version: null,
          edition: null,
          routerFlavor: null,
          dbless: null,
        };
      }
    });
    const view: KongStatusView = { ...read.value, ageSeconds: Math.max(0, Math.round((Date.now() - read.at) / 1000)) };
    return Response.json(view);
  },
);
