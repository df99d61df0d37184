/**
 * An API token from the command line (for a CI job, an entitlement service, a load test):
 *
 *   DATABASE_URL=… npx tsx scripts/create-token.ts --name ci-deploy --role publisher [--expires 2027-03-01T00:00:00Z|never]
 *
 * Without --expires the token gets the default lifetime (README "API tokens").
 * Prints the token once; only its SHA-256 is stored. Revoke it at Admin → API tokens.
 */
import { register } from "node:module";
import { parseArgs } from "node:util";

// lib/auth imports "server-only"; a script is server code (as in prisma/seed.ts).
register(
  "data:text/javascript," +
    encodeURIComponent(
      "export async function resolve(s, c, next) { return next(s, s === 'server-only' ? { ...c, conditions: [...c.conditions, 'react-server'] } : c); }",
    ),
);

const { values } = parseArgs({
  options: { name: { type: "string" }, role: { type: "string", default: "viewer" }, expires: { type: "string" } },
});
const { prisma } = await import("../lib/db/prisma");
const { createApiToken } = await import("../lib/auth/tokens");
const { tokenCreateSchema } = await import("../lib/auth/schemas");

try {
  const expiry = values.expires === undefined ? {} : { expiresAt: values.expires === "never" ? null : values.expires };
  const input = tokenCreateSchema.safeParse({ name: values.name, role: values.role, ...expiry });
  if (!input.success) {
    console.error(
      `usage: create-token --name <name> --role viewer|editor|publisher|admin [--expires <ISO date-time>|never] (${input.error.issues[0].message})`,
    );
    process.exitCode = 2;
  } else {
    const token = await createApiToken(input.data, { actor: "create-token", requestId: null });
    console.log(token.token);
  }
} finally {
  await prisma.$disconnect();
}
