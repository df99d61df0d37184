import { auditBy } from "@/lib/db/audit";
import { apiHandler } from "@/lib/api/handler";
import { json, listResponse } from "@/lib/api/http";
import { tokenCreateSchema, tokenListQuery } from "@/lib/auth/schemas";
import { createApiToken, listApiTokens } from "@/lib/auth/tokens";

export const dynamic = "force-dynamic";

export const GET = apiHandler(
  { route: "/api/v1/tokens", auth: "admin", query: tokenListQuery },
  async ({ url, query }) => listResponse(url, await listApiTokens(query), query),
);

/**
 * The answer carries the token itself: the only time it is ever sent (only its hash is stored).
 * The caller vouches for it: a token made by a token belongs to the same user and can't exceed it.
 */
export const POST = apiHandler(
  { route: "/api/v1/tokens", auth: "admin", body: tokenCreateSchema },
  async (ctx) => {
    const { body } = ctx;
    const token = await createApiToken(body, auditBy(ctx), ctx.actor);
    return json(token, {
      status: 201,
      headers: { location: `/api/v1/tokens/${token.id}`, "cache-control": "no-store" },
    });
  },
);
