import { stringify } from "yaml";
import { ApiError } from "@/lib/api/errors";
import { apiHandler } from "@/lib/api/handler";
import { kongConfigQuery, zoneParams } from "@/lib/api/queries";
import { toDeckConfig } from "@/lib/compiler";
import { compiledZone } from "@/lib/db/compiled";

export const dynamic = "force-dynamic";

/** The zone's desired Kong state as a decK declarative file (`deck gateway diff/sync` can read it). */
export const GET = apiHandler(
  { route: "/api/v1/zones/{name}/kong-config", auth: "viewer", params: zoneParams, query: kongConfigQuery },
  async ({ params, query }) => {
    const zone = await compiledZone(params.name);
    if (!zone) throw new ApiError("not_found", `Zone ${params.name} does not exist`);
    const config = toDeckConfig(zone);
    const filename = `kong-${params.name}.${query.format === "json" ? "json" : "yaml"}`;
    const disposition = `inline; filename="${filename}"`;
    if (query.format === "json")
      return Response.json(config, { headers: { "content-disposition": disposition } });
    // Long expressions stay on one line: a folded expression is harder to diff and to paste into Kong.
    return new Response(stringify(config, { lineWidth: 0 }), {
      headers: { "content-type": "application/yaml; charset=utf-8", "content-disposition": disposition },
    });
  },
);
