import { z } from "zod";

/** GET /refusals: `?rover=` narrows to one subscribing rover. */
export const refusalQuery = z.object({ rover: z.uuid("rover must be a rover id (UUID)").optional() });
