import { ApiError } from "@/lib/api/errors";
import { apiHandler } from "@/lib/api/handler";
import { json } from "@/lib/api/http";
import { userParams, userUpdateSchema } from "@/lib/auth/schemas";
import { deleteUser, getUser, updateUser } from "@/lib/auth/users";

export const dynamic = "force-dynamic";

const route = "/api/v1/users/{id}";

export const GET = apiHandler({ route, auth: "admin", params: userParams }, async ({ params }) => {
  const user = await getUser(params.id);
  if (!user) throw new ApiError("not_found", `User ${params.id} does not exist`);
  return json(user);
});

/** Change a user's name, role or disabled flag; disabling signs them out at once. */
export const PATCH = apiHandler(
  { route, auth: "admin", params: userParams, body: userUpdateSchema },
  async ({ params, body, actor }) =>
    json(await updateUser(params.id, body, actor.kind === "user" ? actor.name : null)),
);

export const DELETE = apiHandler({ route, auth: "admin", params: userParams }, async ({ params, actor }) => {
  await deleteUser(params.id, actor.kind === "user" ? actor.name : null);
  return new Response(null, { status: 204 });
});
