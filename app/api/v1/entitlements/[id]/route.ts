import { apiHandler } from "@/lib/api/handler";
import { idParams } from "@/lib/api/queries";
import { auditBy } from "@/lib/db/audit";
import { deleteEntitlement } from "@/lib/db/entitlements";

export const dynamic = "force-dynamic";

export const DELETE = apiHandler(
  { route: "/api/v1/entitlements/{id}", auth: "editor", params: idParams },
  async ({ params, actor, requestId }) => {
    await deleteEntitlement(params.id, auditBy({ actor, requestId }));
    return new Response(null, { status: 204 });
  },
);
