import { auditBy } from "@/lib/db/audit";
import { apiHandler } from "@/lib/api/handler";
import { json } from "@/lib/api/http";
import { tokenParams } from "@/lib/auth/schemas";
import { revokeApiToken } from "@/lib/auth/tokens";

export const dynamic = "force-dynamic";

/** Revoke: the token stops working at once; its row stays, marked revoked. */
export const DELETE = apiHandler(
  { route: "/api/v1/tokens/{id}", auth: "admin", params: tokenParams },
  async (ctx) => json(await revokeApiToken(ctx.params.id, auditBy(ctx))),
);
