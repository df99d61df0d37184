import { ApiError } from "@/lib/api/errors";
import { apiHandler } from "@/lib/api/handler";
import { entityResponse } from "@/lib/api/http";
import { MAX_ROVER_FILE_BYTES } from "@/lib/api/limits";
import { importQuery } from "@/lib/api/queries";
import { describeProblems, locateFieldErrors, parseRoverYaml } from "@/lib/api/rover-yaml";
import type { FieldError } from "@/lib/api/schemas";
import { DomainError } from "@/lib/db/errors";
import { auditBy } from "@/lib/db/audit";
import { createRover, findRover, updateRover } from "@/lib/db/rovers";

export const dynamic = "force-dynamic";

/**
 * Creates a rover from a rover file (201), or with `?upsert=true` replaces the rover with the
 * same name, version and zone (200). Problems name the field and the line in the file.
 */
export const POST = apiHandler(
  {
    route: "/api/v1/rovers/import",
    auth: "editor",
    query: importQuery,
    textBody: true,
    bodyLimit: { bytes: MAX_ROVER_FILE_BYTES, what: "A rover file" },
  },
  async ({ text, query, actor, requestId }) => {
    if (text.trim() === "")
      throw new ApiError("bad_request", "Send the rover file (YAML) as the request body");
    const parsed = parseRoverYaml(text);
    if (!parsed.ok) {
      throw new ApiError(
        parsed.kind === "syntax" ? "bad_request" : "validation_failed",
        describeProblems(parsed.problems),
        parsed.problems,
      );
    }
    const { metadata, spec } = parsed.file;
    try {
      const existing = await findRover(metadata.name, metadata.version, spec.zone);
      if (existing && !query.upsert) {
        throw new ApiError(
          "conflict",
          `Rover ${metadata.name} ${metadata.version} already exists in zone ${spec.zone}; import with ?upsert=true to replace it`,
          { id: existing.id },
        );
      }
      if (existing) {
        const { zone: _zone, ...changes } = spec;
        return entityResponse(
          await updateRover(existing.id, changes, undefined, auditBy({ actor, requestId }), "import"),
        );
      }
      const rover = await createRover({ ...metadata, ...spec }, auditBy({ actor, requestId }), "import");
      return entityResponse(rover, { status: 201, headers: { location: `/api/v1/rovers/${rover.id}` } });
    } catch (error) {
      // Field errors from the data layer speak of API body fields; point them at the file's lines.
      if (
        error instanceof DomainError &&
        error.code === "validation_failed" &&
        Array.isArray(error.details)
      ) {
        const problems = locateFieldErrors(text, error.details as FieldError[]);
        throw new ApiError("validation_failed", describeProblems(problems), problems);
      }
      throw error;
    }
  },
);
