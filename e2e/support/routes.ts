import { expect, type APIRequestContext, type Locator, type Page } from "@playwright/test";

/**
 * Page objects and data helpers of the routes and simulator journeys (e2e/routes.spec.ts).
 * Writes go through the public API with the page's own session, so they carry its cookies.
 */
const DEMO_ADMIN = { email: "admin@switchyard.local", password: "switchyard-demo" };

/** Signs the page's browser context in as the demo administrator (a no-op where sign-in is not needed). */
export async function signIn(page: Page, baseURL: string): Promise<void> {
  const probe = await page.request.get("/api/v1/zones?limit=1");
  if (probe.ok()) return;
  const res = await page.request.post("/api/auth/sign-in/email", {
    data: DEMO_ADMIN,
    headers: { origin: baseURL },
  });
  expect(res.ok(), await res.text()).toBeTruthy();
}

export async function createRover(
  request: APIRequestContext,
  baseURL: string,
  body: Record<string, unknown>,
): Promise<string> {
  const res = await request.post("/api/v1/rovers", { data: body, headers: { origin: baseURL } });
  expect(res.status(), await res.text()).toBe(201);
  return ((await res.json()) as { id: string }).id;
}

export async function deleteRover(request: APIRequestContext, baseURL: string, id: string): Promise<void> {
  const res = await request.delete(`/api/v1/rovers/${id}`, { headers: { origin: baseURL } });
  expect([204, 404]).toContain(res.status());
}

export class RoutesPage {
  readonly table: Locator;
  readonly search: Locator;
  readonly count: Locator;
  constructor(readonly page: Page) {
    this.table = page.getByRole("table", { name: "Routes" });
    this.search = page.getByRole("searchbox", { name: "Search routes" });
    this.count = page.getByRole("status").filter({ hasText: /\broutes?\b/ });
  }
  async goto(query = ""): Promise<void> {
    await this.page.goto(`/routes${query}`);
    await expect(this.page.getByRole("heading", { name: "Routes", level: 1 })).toBeVisible();
  }
  filter(label: "Zone" | "Kind" | "Status" | "Application" | "Entitled tenant"): Locator {
    return this.page.getByRole("search", { name: "Filter routes" }).getByLabel(label, { exact: true });
  }
  /** Data rows (the header row and the virtualizer's spacers excluded). */
  get rows(): Locator {
    return this.table.locator("tbody tr[aria-rowindex]");
  }
  row(name: string): Locator {
    return this.rows.filter({ has: this.page.getByRole("link", { name, exact: true }) });
  }
}

export class SimulatorPage {
  readonly form: Locator;
  readonly result: Locator;
  readonly candidates: Locator;
  constructor(readonly page: Page) {
    this.form = page.getByRole("form", { name: "Request to simulate" });
    this.result = page.getByRole("region", { name: "Simulation result" });
    this.candidates = this.result.getByRole("table", { name: "Candidate routes" });
  }
  async goto(query = ""): Promise<void> {
    await this.page.goto(`/simulate${query}`);
    await expect(this.page.getByRole("heading", { name: "Request simulator", level: 1 })).toBeVisible();
  }
  field(label: "Zone" | "Method" | "Scheme" | "Host" | "Path" | "Tenant header"): Locator {
    return this.form.getByLabel(label, { exact: label !== "Tenant header" });
  }
  get verdict(): Locator {
    return this.result.getByTestId("simulation-verdict");
  }
  candidate(name: string): Locator {
    return this.candidates
      .getByRole("row")
      .filter({ has: this.page.getByRole("link", { name, exact: true }) });
  }
}
