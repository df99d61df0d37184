/**
 * The first administrator.
 *
 *   npm run create-admin -- --email ops@example.com [--name "Ops"] [--reset]
 *     Production setup: creates an admin (or with --reset makes an existing user admin with a new
 *     password). The password is SWITCHYARD_ADMIN_PASSWORD when set, otherwise generated and printed once.
 *   tsx scripts/create-admin.ts --demo
 *     What `npm run dev` runs: the demo admin (lib/auth/demo.ts) when the database has no user yet.
 *
 * Needs DATABASE_URL (and the same SWITCHYARD_SECRET_KEY/BETTER_AUTH_SECRET as the app).
 */
import { randomBytes } from "node:crypto";
import { register } from "node:module";
import { parseArgs } from "node:util";

// lib/auth imports "server-only", which throws outside React Server Components unless the
// "react-server" condition is set; a script is server code (as in prisma/seed.ts).
register(
  "data:text/javascript," +
    encodeURIComponent(
      "export async function resolve(s, c, next) { return next(s, s === 'server-only' ? { ...c, conditions: [...c.conditions, 'react-server'] } : c); }",
    ),
);

const { values } = parseArgs({
  options: {
    email: { type: "string" },
    name: { type: "string" },
    demo: { type: "boolean", default: false },
    reset: { type: "boolean", default: false },
  },
});

const { prisma } = await import("../lib/db/prisma");
const { createUser, setPassword } = await import("../lib/auth/users");
const { DEMO_ADMIN } = await import("../lib/auth/demo");
const { passwordSchema } = await import("../lib/auth/schemas");

/** Who the audit trail names for what this script does. */
const BY = { actor: "create-admin", requestId: null };

async function main(): Promise<number> {
  if (values.demo) {
    if ((await prisma.user.count()) > 0) return 0;
    const password = process.env.SWITCHYARD_ADMIN_PASSWORD || DEMO_ADMIN.password;
    await createUser({ email: DEMO_ADMIN.email, name: DEMO_ADMIN.name, role: "admin", password }, BY);
    console.log(
      `› first administrator created — sign in as ${DEMO_ADMIN.email} with password ${password}` +
        " (shown once; change it on the Account page)",
    );
    return 0;
  }
  const email = values.email?.trim().toLowerCase();
  if (!email) {
    console.error("usage: npm run create-admin -- --email you@example.com [--name Name] [--reset]");
    return 2;
  }
  const generated = !process.env.SWITCHYARD_ADMIN_PASSWORD;
  const password = process.env.SWITCHYARD_ADMIN_PASSWORD || randomBytes(18).toString("base64url");
  const checked = passwordSchema.safeParse(password);
  if (!checked.success) {
    console.error(`SWITCHYARD_ADMIN_PASSWORD: ${checked.error.issues[0].message}`);
    return 2;
  }
  const existing = await prisma.user.findUnique({ where: { email } });
  if (existing && !values.reset) {
    console.error(`${email} already exists; pass --reset to make it an administrator with a new password`);
    return 1;
  }
  if (existing) {
    await prisma.user.update({ where: { id: existing.id }, data: { role: "admin", disabled: false } });
    await setPassword(existing.id, password);
  } else {
    await createUser(
      { email, name: values.name?.trim() || email.split("@")[0], role: "admin", password },
      BY,
    );
  }
  console.log(`Administrator ${email} ${existing ? "reset" : "created"}.`);
  if (generated) console.log(`Password (shown once, change it after signing in): ${password}`);
  return 0;
}

try {
  process.exitCode = await main();
} finally {
  await prisma.$disconnect();
}
