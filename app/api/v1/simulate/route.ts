import { ApiError } from "@/lib/api/errors";
import { apiHandler } from "@/lib/api/handler";
import { json } from "@/lib/api/http";
import { simulateSchema } from "@/lib/api/schemas";
import { simulate } from "@/lib/compiler";
import { compiledZone } from "@/lib/db/compiled";

export const dynamic = "force-dynamic";

/** Which of a zone's routes Kong would pick for a request, and why every other route lost. */
export const POST = apiHandler(
  { route: "/api/v1/simulate", auth: "viewer", body: simulateSchema, invalidates: false },
  async ({ body }) => {
    const zone = await compiledZone(body.zone);
    if (!zone)
      throw new ApiError("validation_failed", `Zone ${body.zone} does not exist`, [
        { path: "zone", message: `Zone ${body.zone} does not exist` },
      ]);
    return json(simulate(zone, body.request));
  },
);
