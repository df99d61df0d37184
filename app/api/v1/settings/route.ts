import { apiHandler } from "@/lib/api/handler";
import { entityResponse, expectedRevision } from "@/lib/api/http";
import { settingsUpdateSchema } from "@/lib/api/schemas";
import { auditBy } from "@/lib/db/audit";
import { getSettings, updateSettings } from "@/lib/db/settings";

export const dynamic = "force-dynamic";

export const GET = apiHandler({ route: "/api/v1/settings", auth: "viewer" }, async () =>
  entityResponse(await getSettings()),
);

export const PATCH = apiHandler(
  { route: "/api/v1/settings", auth: "admin", body: settingsUpdateSchema },
  async ({ req, body, actor, requestId }) => {
    const { revision, ...changes } = body;
    return entityResponse(
      await updateSettings(changes, expectedRevision(req, revision), auditBy({ actor, requestId })),
    );
  },
);
