import "server-only";
import { buildTopology, type Topology } from "../api/topology";
import { compiledEstate } from "./compiled";
import { prisma } from "./prisma";
import { getSettings } from "./settings";

/** The estate's topology from the cached compile plus the zones' own URLs and visibility. */
export async function estateTopology(): Promise<Topology> {
  const [estate, zones, settings] = await Promise.all([
    compiledEstate(),
    prisma.zone.findMany({
      select: { name: true, visibility: true, gatewayUrl: true, dtcUrl: true },
      orderBy: { name: "asc" },
    }),
    getSettings(),
  ]);
  return buildTopology(estate, zones, settings.environment);
}
