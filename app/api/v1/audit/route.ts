import { auditListQuery } from "@/lib/api/audit";
import { apiHandler } from "@/lib/api/handler";
import { listResponse } from "@/lib/api/http";
import { listAudit } from "@/lib/db/audit";

export const dynamic = "force-dynamic";

/** The audit trail, newest first; filters combine (AND). */
export const GET = apiHandler(
  { route: "/api/v1/audit", auth: "viewer", query: auditListQuery },
  async ({ url, query }) => {
    const { limit, offset, ...filter } = query;
    return listResponse(url, await listAudit(filter, { limit, offset }), { limit, offset });
  },
);
