/**
 * The demo's first administrator, created by `npm run dev` (and the e2e server) in a database
 * without users. Documented in the README; change the password after signing in. Production creates
 * its first administrator with `npm run create-admin -- --email you@example.com` instead.
 */
export const DEMO_ADMIN = {
  email: "admin@switchyard.local",
  name: "Demo Admin",
  password: "switchyard-demo",
} as const;
