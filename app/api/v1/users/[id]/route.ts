import type { Actor } from "@/lib/api/auth";
import { auditBy } from "@/lib/db/audit";
import { ApiError } from "@/lib/api/errors";
import { apiHandler } from "@/lib/api/handler";
import { json } from "@/lib/api/http";
import { userParams, userUpdateSchema } from "@/lib/auth/schemas";
import { deleteUser, getUser, updateUser } from "@/lib/auth/users";

export const dynamic = "force-dynamic";

const route = "/api/v1/users/{id}";

/** The signed-in administrator making the change (tokens have no account of their own to protect). */
const selfEmail = (actor: Actor) => (actor.kind === "user" ? actor.name : null);

export const GET = apiHandler({ route, auth: "admin", params: userParams }, async ({ params }) => {
  const user = await getUser(params.id);
  if (!user) throw new ApiError("not_found", `User ${params.id} does not exist`);
  return json(user);
});

/** Change a user's name, role or disabled flag; disabling signs them out at once. */
export const PATCH = apiHandler(
  { route, auth: "admin", params: userParams, body: userUpdateSchema },
  async (ctx) => json(await updateUser(ctx.params.id, ctx.body, selfEmail(ctx.actor), auditBy(ctx))),
);

export const DELETE = apiHandler({ route, auth: "admin", params: userParams }, async (ctx) => {
  await deleteUser(ctx.params.id, selfEmail(ctx.actor), auditBy(ctx));
  return new Response(null, { status: 204 });
});
