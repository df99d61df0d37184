import { expect, type Locator, type Page } from "@playwright/test";

/** Page objects and data helpers of the routes and simulator journeys (e2e/routes.spec.ts). */

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
