import { mkdirSync } from "node:fs";
import path from "node:path";
import { request, type FullConfig } from "@playwright/test";
import { adminStatePath, E2E_ADMIN } from "./support/auth";

/**
 * Signs in once as the demo admin (created by scripts/e2e-server.mjs or `npm run dev`) and saves the
 * session as storageState, which every spec starts from. A spec about roles signs in as someone else.
 */
export default async function globalSetup(config: FullConfig) {
  const baseURL = config.projects[0].use.baseURL;
  if (!baseURL) throw new Error("playwright.config.ts sets no baseURL");
  const context = await request.newContext({ baseURL });
  const res = await context.post("/api/auth/sign-in/email", {
    data: { email: E2E_ADMIN.email, password: E2E_ADMIN.password },
    headers: { origin: new URL(baseURL).origin },
  });
  if (!res.ok()) {
    throw new Error(
      `Signing in as ${E2E_ADMIN.email} failed (${res.status()} ${await res.text()}). ` +
        "Set E2E_ADMIN_EMAIL / E2E_ADMIN_PASSWORD if you changed the demo admin's password.",
    );
  }
  const state = adminStatePath(baseURL);
  mkdirSync(path.dirname(state), { recursive: true });
  await context.storageState({ path: state });
  await context.dispose();
}
