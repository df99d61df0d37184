import { ApiError } from "@/lib/api/errors";
import { apiHandler } from "@/lib/api/handler";
import { ImportRefused } from "@/lib/import/document";
import { endpointPreviewSchema } from "@/lib/api/schemas";
import { previewEndpoints } from "@/lib/import/preview";

export const dynamic = "force-dynamic";

/**
 * OpenAPI descriptions of large APIs run to a few MiB (JSON, pretty-printed); the files travel as
 * JSON strings, so this is what one upload may total.
 */
export const MAX_ENDPOINT_IMPORT_BYTES = 8 * 1024 * 1024;

/**
 * What importing an OpenAPI document or FOLIO module descriptor would do to an exposure's
 * endpoints (added, changed, removed, unchanged) and what in it was not taken as written. Nothing is
 * stored: the rover form applies the result and saves as usual. An editor's tool, since only an
 * editor can save what it previews.
 */
export const POST = apiHandler(
  {
    route: "/api/v1/endpoints/preview",
    auth: "editor",
    body: endpointPreviewSchema,
    bodyLimit: { bytes: MAX_ENDPOINT_IMPORT_BYTES, what: "An endpoint import" },
    invalidates: false,
  },
  async ({ body }) => {
    try {
      return Response.json(await previewEndpoints(body));
    } catch (error) {
      if (error instanceof ImportRefused)
        throw new ApiError(error.status === "syntax" ? "bad_request" : "validation_failed", error.message, error.problems);
      throw error;
    }
  },
);
