import { apiHandler } from "@/lib/api/handler";
import { json } from "@/lib/api/http";
import type { Me } from "@/lib/auth/schemas";

export const dynamic = "force-dynamic";

/** Who the caller is: what the UI uses to hide what the role can't do, and what a token can check. */
export const GET = apiHandler({ route: "/api/v1/me", auth: "viewer" }, async ({ actor }) => {
  const me: Me = {
    name: actor.name,
    role: actor.role,
    kind: actor.kind,
    email: actor.kind === "user" ? actor.name : null,
  };
  return json(me);
});
