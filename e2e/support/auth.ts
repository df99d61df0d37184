import { expect, type APIRequestContext, type Page } from "@playwright/test";

/**
 * Where e2e/global-setup.ts keeps the demo admin's signed-in state (every spec starts from it): one
 * file per server, since several developers' runs share this work tree.
 */
export const adminStatePath = (baseURL: string) =>
  `.data/test/auth/admin-${new URL(baseURL).host.replace(/[^\w]/g, "_")}.json`;

export const E2E_ADMIN = {
  email: process.env.E2E_ADMIN_EMAIL ?? "admin@switchyard.local",
  password: process.env.E2E_ADMIN_PASSWORD ?? "switchyard-demo",
};

/** A signed-out context: for specs that sign in as someone else. */
export const SIGNED_OUT = { cookies: [], origins: [] };

export type Role = "viewer" | "editor" | "publisher" | "admin";

/** A user with a role, created through the admin API (the request carries the admin's session). */
export async function createUser(request: APIRequestContext, role: Role, suffix: string) {
  const user = {
    name: `E2E ${role}`,
    email: `e2e-${role}-${suffix}@switchyard.test`,
    role,
    password: `pw-${role}-${suffix}`,
  };
  const res = await request.post("/api/v1/users", { data: user });
  expect(res.status(), await res.text()).toBe(201);
  return { ...user, id: ((await res.json()) as { id: string }).id };
}

export async function deleteUser(request: APIRequestContext, id: string) {
  await request.delete(`/api/v1/users/${id}`);
}

export class SignInPage {
  constructor(readonly page: Page) {}

  async signIn(email: string, password: string) {
    await this.page.getByLabel("Email").fill(email);
    await this.page.getByLabel("Password").fill(password);
    await this.page.getByRole("button", { name: "Sign in" }).click();
  }
}
