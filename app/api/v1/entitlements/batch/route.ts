import { apiHandler } from "@/lib/api/handler";
import { json } from "@/lib/api/http";
import { entitlementBatchSchema } from "@/lib/api/schemas";
import { auditBy } from "@/lib/db/audit";
import { applyEntitlementBatch } from "@/lib/db/entitlements";

export const dynamic = "force-dynamic";

export const POST = apiHandler(
  { route: "/api/v1/entitlements/batch", auth: "editor", body: entitlementBatchSchema },
  async ({ body, actor, requestId }) =>
    json(await applyEntitlementBatch(body, auditBy({ actor, requestId }))),
);
