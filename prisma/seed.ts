/**
 * `tsx prisma/seed.ts` (run by `npm run dev` on every start): seeds the demo estate into an empty
 * database and does nothing otherwise. The story lives in lib/db/demo-seed.ts.
 */
import { register } from "node:module";

// The data layer imports "server-only", which throws outside React Server Components unless the
// "react-server" export condition is set; a script is server code, so resolve it that way.
register(
  "data:text/javascript," +
    encodeURIComponent(
      "export async function resolve(s, c, next) { return next(s, s === 'server-only' ? { ...c, conditions: [...c.conditions, 'react-server'] } : c); }",
    ),
);

const { seedDemoData } = await import("../lib/db/demo-seed");
const { prisma } = await import("../lib/db/prisma");
try {
  const result = await seedDemoData();
  console.log(
    result.seeded
      ? `› seeded demo data: ${result.zones} zones, ${result.rovers} rovers, ${result.tenants} tenants, ${result.entitlements} entitlements`
      : "› database already holds zones; demo seed skipped",
  );
} finally {
  await prisma.$disconnect();
}
