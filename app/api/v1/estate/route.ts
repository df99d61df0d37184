import { ApiError } from "@/lib/api/errors";
import { apiHandler } from "@/lib/api/handler";
import { requireRole } from "@/lib/api/auth";
import { estateQuery } from "@/lib/api/queries";
import type { FieldError } from "@/lib/api/schemas";
import { auditBy } from "@/lib/db/audit";
import { DomainError } from "@/lib/db/errors";
import { applyEstate, exportEstate, planEstate } from "@/lib/db/estate";
import { estateToYaml, locateEstateProblems, parseEstateYaml, type EstateProblem } from "@/lib/import/estate-file";

export const dynamic = "force-dynamic";

/**
 * An estate file holds every rover: the large estate (~3,000 rovers, 40,000 entitlements) writes
 * about 6 MiB, so 32 MiB leaves room without letting one upload take the server's memory.
 */
export const MAX_ESTATE_FILE_BYTES = 32 * 1024 * 1024;

/**
 * The whole estate as one YAML document (README "The estate as files"). A viewer may export: the
 * document holds nothing the viewer can't already read from the API (no Kong admin token), and a
 * CI drift check should need no more than a viewer's token.
 */
export const GET = apiHandler({ route: "/api/v1/estate", auth: "viewer" }, async () => {
  return new Response(estateToYaml(await exportEstate()), {
    headers: {
      "content-type": "text/yaml; charset=utf-8",
      "content-disposition": 'attachment; filename="estate.yaml"',
    },
  });
});

const describe = (problems: EstateProblem[]) => {
  const one = (p: EstateProblem) =>
    `${p.file}${p.line !== undefined ? `:${p.line}:${p.column}` : ""}: ${p.path ? `${p.path}: ` : ""}${p.message}`;
  return problems.length === 1 ? one(problems[0]) : `${problems.length} problems in the estate file; first: ${one(problems[0])}`;
};

/**
 * With `?dryRun=true`: what applying the file would create, change and delete, and how each zone's
 * routes would change (a viewer may ask: nothing is written). Without: the same plan applied in one
 * transaction with its audit events (editor; changing a zone's Kong admin URL needs an admin).
 * `?prune=true` also deletes what the file leaves out.
 */
export const POST = apiHandler(
  {
    route: "/api/v1/estate",
    auth: "viewer",
    query: estateQuery,
    textBody: true,
    bodyLimit: { bytes: MAX_ESTATE_FILE_BYTES, what: "An estate file" },
  },
  async ({ text, query, actor, requestId }) => {
    const fileName = query.file || "estate.yaml";
    const prune = query.prune ?? false;
    if (!query.dryRun) requireRole(actor, "editor", "Applying an estate file");
    if (text.trim() === "") throw new ApiError("bad_request", "Send the estate file (YAML) as the request body");
    const parsed = parseEstateYaml(text, fileName);
    if (!parsed.ok)
      throw new ApiError(parsed.kind === "syntax" ? "bad_request" : "validation_failed", describe(parsed.problems), parsed.problems);
    try {
      const plan = query.dryRun
        ? await planEstate(parsed.file, prune)
        : await applyEstate(
            parsed.file,
            {
              prune,
              authorizeKongAdminUrlChange: (zones) =>
                requireRole(actor, "admin", `Changing the Kong admin URL of ${zones.join(", ")}`),
            },
            auditBy({ actor, requestId }),
          );
      return Response.json({ dryRun: query.dryRun ?? false, ...plan });
    } catch (error) {
      // Field errors of the plan speak of the file's paths (`rovers.3.zone`); give them lines.
      if (error instanceof DomainError && Array.isArray(error.details) && error.details.length) {
        const problems = locateEstateProblems(fileName, text, error.details as FieldError[]);
        throw new DomainError(error.code, describe(problems), problems);
      }
      throw error;
    }
  },
);
