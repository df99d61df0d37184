import { apiHandler } from "@/lib/api/handler";
import { json } from "@/lib/api/http";
import { entitlementBatchSchema } from "@/lib/api/schemas";
import { entitlementImpact } from "@/lib/db/entitlement-impact";

export const dynamic = "force-dynamic";

/**
 * Previews a batch of grants and revocations (the body `POST /entitlements/batch` takes): how many
 * routes in which zones it would add, remove, change, activate or deactivate. Changes nothing, so
 * a viewer may ask.
 */
export const POST = apiHandler(
  { route: "/api/v1/entitlements/impact", auth: "viewer", body: entitlementBatchSchema, invalidates: false },
  async ({ body }) => json(await entitlementImpact(body)),
);
