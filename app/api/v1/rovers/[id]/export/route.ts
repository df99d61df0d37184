import { ApiError } from "@/lib/api/errors";
import { apiHandler } from "@/lib/api/handler";
import { etag } from "@/lib/api/http";
import { idParams } from "@/lib/api/queries";
import { roverToYaml } from "@/lib/api/rover-yaml";
import { getRover } from "@/lib/db/rovers";

export const dynamic = "force-dynamic";

/** The rover as a rover file (`POST /api/v1/rovers/import` reads it back). */
export const GET = apiHandler(
  { route: "/api/v1/rovers/{id}/export", auth: "viewer", params: idParams },
  async ({ params }) => {
    const rover = await getRover(params.id);
    if (!rover) throw new ApiError("not_found", `Rover ${params.id} does not exist`);
    return new Response(roverToYaml(rover), {
      headers: {
        "content-type": "text/yaml; charset=utf-8",
        "content-disposition": `attachment; filename="${rover.name}-${rover.version}-${rover.zone}.rover.yaml"`,
        etag: etag(rover.revision),
      },
    });
  },
);
