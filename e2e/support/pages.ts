import { expect, type Locator, type Page } from "@playwright/test";

export async function screenshot(page: Page, name: string): Promise<void> {
  // Let toasts and transitions settle so the picture shows the resting state.
  await page.waitForTimeout(300);
  await page.screenshot({ path: `e2e/screenshots/${name}.png`, fullPage: true });
}

export class Shell {
  readonly nav: Locator;
  constructor(readonly page: Page) {
    this.nav = page.getByRole("navigation", { name: "Main" });
  }
  link(name: string | RegExp): Locator {
    return this.nav.getByRole("link", { name });
  }
  toast(text: string | RegExp): Locator {
    return this.page.locator("[data-sonner-toast]").filter({ hasText: text });
  }
}

/** An entity list page: its search box, its table, and rows found by their link. */
class ListPage {
  readonly search: Locator;
  readonly table: Locator;
  constructor(
    readonly page: Page,
    private readonly title: string,
    private readonly path: string,
  ) {
    this.search = page.getByRole("searchbox", { name: `Search ${title.toLowerCase()}` });
    this.table = page.getByRole("table", { name: title });
  }
  async goto(): Promise<void> {
    await this.page.goto(this.path);
    await expect(this.page.getByRole("heading", { name: this.title, level: 1 })).toBeVisible();
  }
  /** The row whose link reads exactly `label`. */
  row(label: string): Locator {
    return this.table
      .getByRole("row")
      .filter({ has: this.page.getByRole("link", { name: label, exact: true }) });
  }
  /** Searches for `query` and waits for the row labelled `label` (the query itself by default). */
  async find(query: string, label = query): Promise<Locator> {
    await this.search.fill(query);
    const row = this.row(label);
    await expect(row).toBeVisible();
    return row;
  }
}

export class ZoneListPage extends ListPage {
  constructor(page: Page) {
    super(page, "Zones", "/zones");
  }
}

export class EntitlementsPage {
  readonly matrix: Locator;
  readonly pendingBar: Locator;
  constructor(readonly page: Page) {
    this.matrix = page.getByRole("table", { name: "Entitlements by tenant and application version" });
    this.pendingBar = page.getByRole("region", { name: "Pending entitlement changes" });
  }
  async goto(): Promise<void> {
    await this.page.goto("/entitlements");
    await expect(this.page.getByRole("heading", { name: "Entitlements", level: 1 })).toBeVisible();
  }
  cell(tenant: string, application: string, version: string): Locator {
    return this.matrix.getByRole("checkbox", { name: `${tenant} entitled to ${application} ${version}` });
  }
  async filter(tenants: string, applications: string): Promise<void> {
    await this.page.getByRole("searchbox", { name: "Filter tenants" }).fill(tenants);
    await this.page.getByRole("searchbox", { name: "Filter applications" }).fill(applications);
  }
  async apply(): Promise<void> {
    await this.pendingBar.getByRole("button", { name: /^Apply/ }).click();
  }
}

/** Any create/edit form of the operator screens: fields by label, errors tied by aria-describedby. */
export class FormPage {
  readonly form: Locator;
  constructor(
    readonly page: Page,
    name?: string | RegExp,
  ) {
    this.form = name ? page.getByRole("form", { name }) : page.getByRole("form");
  }
  field(label: string, within?: Locator): Locator {
    return (within ?? this.form).getByLabel(label, { exact: true });
  }
  async errorOf(control: Locator): Promise<Locator> {
    await expect(control).toHaveAttribute("aria-invalid", "true");
    const ids = (await control.getAttribute("aria-describedby")) ?? "";
    const errorId = ids.split(" ").find((id) => id.endsWith("-error"));
    expect(errorId, "the field has no error").toBeTruthy();
    return this.page.locator(`[id="${errorId}"]`);
  }
  submit(name: string | RegExp): Promise<void> {
    return this.form.getByRole("button", { name }).click();
  }
}

/** Rover rows are labelled by their link "<name> <version> in <zone>"; search by the name. */
export class RoverListPage extends ListPage {
  constructor(page: Page) {
    super(page, "Rovers", "/rovers");
  }
}

export class RoverFormPage extends FormPage {
  exposure(n: number): Locator {
    return this.form.getByRole("group", { name: `Exposure ${n}`, exact: true });
  }
  get failover(): Locator {
    return this.form.getByRole("switch", { name: "Failover enabled" });
  }
  subscriptionPath(n: number): Locator {
    return this.form.getByLabel(`Subscription ${n} base path`, { exact: true });
  }
  subscriptionApproved(n: number): Locator {
    return this.form.getByRole("switch", { name: `Subscription ${n} Approved` });
  }
  /** A method chip of an endpoint: a visually hidden checkbox inside its label. */
  method(exposure: number, endpoint: number, method: string): Locator {
    return this.exposure(exposure)
      .getByRole("group", { name: `Endpoint ${endpoint} methods` })
      .getByRole("checkbox", { name: method, exact: true });
  }
  /** Clicks the chip the operator sees (the label), not the hidden checkbox. */
  async toggleMethod(exposure: number, endpoint: number, method: string): Promise<void> {
    await this.method(exposure, endpoint, method).locator("xpath=ancestor::label[1]").click();
  }
}

export class TenantListPage extends ListPage {
  constructor(page: Page) {
    super(page, "Tenants", "/tenants");
  }
}

/** The delete confirmation (a modal dialog), whatever it deletes. */
export function deleteDialog(page: Page): Locator {
  return page.getByRole("dialog");
}
