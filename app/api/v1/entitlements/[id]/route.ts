import { apiHandler } from "@/lib/api/handler";
import { idParams } from "@/lib/api/queries";
import { deleteEntitlement } from "@/lib/db/entitlements";

export const dynamic = "force-dynamic";

export const DELETE = apiHandler(
  { route: "/api/v1/entitlements/{id}", auth: "editor", params: idParams },
  async ({ params }) => {
    await deleteEntitlement(params.id);
    return new Response(null, { status: 204 });
  },
);
