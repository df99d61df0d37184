import { auditBy } from "@/lib/db/audit";
import { apiHandler } from "@/lib/api/handler";
import { json, listResponse } from "@/lib/api/http";
import { userCreateSchema, userListQuery } from "@/lib/auth/schemas";
import { createUser, listUsers } from "@/lib/auth/users";

export const dynamic = "force-dynamic";

export const GET = apiHandler(
  { route: "/api/v1/users", auth: "admin", query: userListQuery },
  async ({ url, query }) => {
    const { limit, offset, ...filter } = query;
    return listResponse(url, await listUsers(filter, { limit, offset }), { limit, offset });
  },
);

export const POST = apiHandler(
  { route: "/api/v1/users", auth: "admin", body: userCreateSchema },
  async (ctx) => {
    const { body } = ctx;
    const user = await createUser(body, auditBy(ctx));
    return json(user, { status: 201, headers: { location: `/api/v1/users/${user.id}` } });
  },
);
