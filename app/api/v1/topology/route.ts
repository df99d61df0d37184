import { apiHandler } from "@/lib/api/handler";
import { json } from "@/lib/api/http";
import { estateTopology } from "@/lib/db/topology";

export const dynamic = "force-dynamic";

/** Zones, realms, DTC membership and which zones serve which API as real, proxy or failover routes. */
export const GET = apiHandler({ route: "/api/v1/topology", auth: "viewer" }, async () =>
  json(await estateTopology()),
);
