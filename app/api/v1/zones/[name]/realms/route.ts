import { ApiError } from "@/lib/api/errors";
import { apiHandler } from "@/lib/api/handler";
import { json } from "@/lib/api/http";
import { zoneParams } from "@/lib/api/queries";
import { compiledZone } from "@/lib/db/compiled";

export const dynamic = "force-dynamic";

export const GET = apiHandler(
  { route: "/api/v1/zones/{name}/realms", auth: "viewer", params: zoneParams },
  async ({ params }) => {
    const zone = await compiledZone(params.name);
    if (!zone) throw new ApiError("not_found", `Zone ${params.name} does not exist`);
    return json(zone.realms);
  },
);
