import { expect as baseExpect, type APIRequestContext, type Locator, type Page } from "@playwright/test";

/** Page objects of the realms and topology pages (e2e/stories.spec.ts). */

/** The journeys wait on derived data (a compile after each change): more than the default 10 s on a busy machine. */
export const expect = baseExpect.configure({ timeout: 20_000 });

export class RealmsPage {
  constructor(readonly page: Page) {}
  async goto(zone: string): Promise<void> {
    await this.page.goto(`/zones/${zone}/realms`);
    await expect(this.page.getByRole("heading", { name: `Realms of ${zone}`, level: 1 })).toBeVisible();
    await expect(this.realm("default")).toBeVisible();
  }
  realm(name: string): Locator {
    return this.page.getByRole("region", { name: `Realm ${name}`, exact: true });
  }
  get problems(): Locator {
    return this.page.getByRole("region", { name: "Realm problems" });
  }
  get dtcStatus(): Locator {
    return this.page.getByRole("status", { name: "DTC status" });
  }
  /** The row of the "APIs served here" table for one API and route kind. */
  served(basePath: string): Locator {
    return this.page
      .getByRole("table", { name: /^APIs served in / })
      .getByRole("row")
      .filter({ hasText: basePath });
  }
}

export class TopologyPage {
  readonly api: Locator;
  readonly map: Locator;
  readonly matrix: Locator;
  constructor(readonly page: Page) {
    this.api = page.getByLabel("API", { exact: true });
    this.map = page.getByRole("figure");
    this.matrix = page.getByRole("table", { name: "APIs by zone" });
  }
  async goto(api?: string): Promise<void> {
    await this.page.goto(api ? `/topology?api=${encodeURIComponent(api)}` : "/topology");
    await expect(this.page.getByRole("heading", { name: "Topology", level: 1 })).toBeVisible();
    await expect(this.map).toBeVisible();
  }
  /** A zone's node in the picture; its accessible name says what it serves. */
  zone(name: string): Locator {
    return this.map.getByRole("link", { name: new RegExp(`^Zone ${name},`) });
  }
  panel(basePath: string): Locator {
    return this.page.getByRole("complementary", { name: `API ${basePath}` });
  }
  /** The matrix cell of an API in a zone. */
  cell(basePath: string, zone: string): Locator {
    return this.matrix
      .getByRole("row")
      .filter({ hasText: basePath })
      .getByRole("cell")
      .nth(this.columnOf(zone));
  }
  private zoneColumns: string[] = [];
  async readColumns(): Promise<void> {
    this.zoneColumns = (await this.matrix.getByRole("columnheader").allTextContents()).map((t) => t.trim());
  }
  private columnOf(zone: string): number {
    const i = this.zoneColumns.indexOf(zone);
    expect(i, `zone ${zone} is a column of the matrix`).toBeGreaterThan(-1);
    return i;
  }
}

/** The routes page's data rows: every row with a route link (header and virtualizer spacers have none). */
export function routeRows(page: Page): Locator {
  return page
    .getByRole("table", { name: "Routes", exact: true })
    .getByRole("row")
    .filter({ has: page.getByRole("link") });
}

/** The data row of the route in `zone` (its zone cell reads "<zone> realm <realm>"). */
export function routeRowIn(page: Page, zone: string): Locator {
  return routeRows(page).filter({ has: page.getByRole("cell", { name: new RegExp(`^${zone} realm `) }) });
}

export async function patchRover(request: APIRequestContext, id: string, body: Record<string, unknown>) {
  const res = await request.patch(`/api/v1/rovers/${id}`, { data: body });
  expect(res.status(), await res.text()).toBe(200);
}

export async function findRover(request: APIRequestContext, name: string, version: string) {
  const res = await request.get(
    `/api/v1/rovers?name=${encodeURIComponent(name)}&version=${encodeURIComponent(version)}`,
  );
  expect(res.ok(), await res.text()).toBeTruthy();
  const rovers = (await res.json()) as Array<{
    id: string;
    name: string;
    version: string;
    exposures: Array<Record<string, unknown>>;
  }>;
  const rover = rovers.find((r) => r.name === name && r.version === version);
  expect(rover, `rover ${name}@${version}`).toBeTruthy();
  return rover!;
}
