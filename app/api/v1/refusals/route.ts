import { apiHandler } from "@/lib/api/handler";
import { refusalQuery } from "@/lib/api/overview";
import { subscriptionRefusals } from "@/lib/db/overview";

export const dynamic = "force-dynamic";

/** Approved subscriptions the compiler refuses, with the reason and the exposure they target; `?rover=` narrows to one subscriber. */
export const GET = apiHandler({ route: "/api/v1/refusals", auth: "viewer", query: refusalQuery }, async ({ query }) => {
  const refusals = await subscriptionRefusals(query.rover);
  return Response.json(refusals, { headers: { "x-total-count": String(refusals.length) } });
});
