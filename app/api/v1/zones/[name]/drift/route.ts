import { apiHandler } from "@/lib/api/handler";
import { zoneParams } from "@/lib/api/queries";
import { zoneDrift } from "@/lib/publish/service";

export const dynamic = "force-dynamic";

/**
 * Live Kong against the zone's last successful publish: managed entities changed, deleted or
 * added by hand (the next publish repairs them), and the unmanaged ones it leaves alone.
 * An unreachable Kong is an answer (`reachable: false`), not an error.
 */
export const GET = apiHandler(
  { route: "/api/v1/zones/{name}/drift", auth: "viewer", params: zoneParams },
  async ({ params }) => Response.json(await zoneDrift(params.name)),
);
