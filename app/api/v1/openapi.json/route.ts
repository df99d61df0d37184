import { apiHandler } from "@/lib/api/handler";
import { json } from "@/lib/api/http";
import { openApiDocument } from "@/lib/api/openapi";

export const dynamic = "force-dynamic";

export const GET = apiHandler({ route: "/api/v1/openapi.json", auth: "viewer" }, async () =>
  json(openApiDocument()),
);
