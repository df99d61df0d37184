/**
 * One import preview: the uploaded files read as the format asked for (or the one detected), the
 * endpoints they yield, and how those differ from the exposure's current list.
 */
import type { z } from "zod";
import type { endpointPreviewSchema } from "../api/schemas";
import { ImportRefused, detectFormat, readDocument, type ImportFormat } from "./document";
import { diffEndpoints, type EndpointDiff, type ImportProblem } from "./endpoints";
import { folioEndpoints } from "./folio";
import { openApiEndpoints } from "./openapi";

export interface EndpointPreview extends EndpointDiff {
  format: ImportFormat;
  /** `OpenAPI 3.1.0`, `Swagger 2.0`, `FOLIO module descriptor`. */
  source: string;
  title: string | null;
  /** FOLIO: the module's application name and version, to fill a new rover. */
  module: { id: string; name: string; version: string } | null;
  problems: ImportProblem[];
}

export async function previewEndpoints(input: z.output<typeof endpointPreviewSchema>): Promise<EndpointPreview> {
  let format: ImportFormat;
  if (input.format !== "auto") format = input.format;
  else {
    // The root of a multi-file OpenAPI upload need not come first.
    let detected: ImportFormat | null = null;
    for (const file of input.files) {
      const read = readDocument(file);
      if (!read.ok) throw new ImportRefused(read.problem.message, [read.problem], "syntax");
      detected = detectFormat(read.value);
      if (detected) break;
    }
    if (!detected) {
      throw new ImportRefused(
        `${input.files[0].name} is neither an OpenAPI document nor a FOLIO module descriptor; choose the format`,
        [{ file: input.files[0].name, message: "Expected openapi/swagger (OpenAPI) or provides (FOLIO) at the top level" }],
      );
    }
    format = detected;
  }
  if (format === "openapi") {
    const result = await openApiEndpoints(input.files, input.basePath);
    return {
      format,
      source: result.specification,
      title: result.title,
      module: null,
      problems: result.problems,
      ...diffEndpoints(input.current, result.endpoints),
    };
  }
  if (input.files.length > 1) {
    throw new ImportRefused("A FOLIO module descriptor is one file", [
      { file: input.files[1].name, message: "Send the module descriptor alone" },
    ]);
  }
  const result = folioEndpoints(input.files[0], input.basePath, { includeSystem: input.includeSystem });
  return {
    format,
    source: "FOLIO module descriptor",
    title: result.module?.id ?? null,
    module: result.module,
    problems: result.problems,
    ...diffEndpoints(input.current, result.endpoints),
  };
}
