import { expect, test, type Locator, type Page } from "@playwright/test";

// The expression of the FOLIO spike: one path, one method, three tenants.
const SPIKE =
  '(http.path == "/capabilities" && http.method == "GET" && (http.headers.x_okapi_tenant == "test" || http.headers.x_okapi_tenant == "college" || http.headers.x_okapi_tenant == "diku"))';
const BROKEN = '(http.path == "/capabilities" && http.method = "GET" && http.hedaers.x_okapi_tenant == "diku")';

class PlaygroundPage {
  readonly editor: Locator;
  readonly answer: Locator;
  readonly errors: Locator;

  constructor(readonly page: Page) {
    this.editor = page.getByRole("textbox", { name: "Expression" });
    this.answer = page.getByTestId("match-result");
    this.errors = page.getByRole("region", { name: "Expression errors" });
  }

  async goto(): Promise<void> {
    await this.page.goto("/playground");
    await expect(this.page.getByRole("heading", { name: "Expression playground" })).toBeVisible();
    // CodeMirror mounts after hydration; typing before that would be lost.
    await expect(this.page.locator(".cm-editor")).toBeVisible();
  }

  async typeExpression(text: string): Promise<void> {
    await this.editor.click();
    await this.page.keyboard.press("ControlOrMeta+a");
    await this.page.keyboard.press("Delete");
    // One insertText: auto-closing brackets only react to single typed characters.
    await this.page.keyboard.insertText(text);
    await expect(this.editor).toHaveText(text);
  }

  header(name: string): Locator {
    return this.page.getByLabel(`Value of ${name}`);
  }

  async screenshot(name: string): Promise<void> {
    await this.page.screenshot({ path: `e2e/screenshots/playground-${name}.png`, fullPage: true });
  }
}

test.describe("expression playground", () => {
  test("explains a miss, confirms a match and keeps the state in the URL", async ({ page }) => {
    const playground = new PlaygroundPage(page);
    await playground.goto();
    await playground.typeExpression(SPIKE);
    await expect(page.getByText("Valid", { exact: true })).toBeVisible();
    await expect(page.getByRole("figure").getByLabel("Pretty-printed expression")).toContainText('|| http.headers.x_okapi_tenant == "college"');

    await page.getByLabel("Path and query").fill("/capabilities?limit=10");
    await playground.header("x-okapi-tenant").fill("university");
    await expect(playground.answer).toHaveAttribute("data-matched", "false");
    await expect(playground.answer).toContainText("Not matched");
    await expect(page.getByTestId("failed-predicate")).toHaveText('http.headers.x_okapi_tenant == "test"');
    await expect(page.getByTestId("failed-actual")).toHaveText('"university"');
    await expect(playground.answer).toContainText("None of the 3 alternatives");
    // Kong's view of the request: query gone from the path, header name as a field.
    const seen = page.getByLabel("Request as Kong sees it");
    await expect(seen.getByRole("definition").filter({ hasText: "query removed" })).toContainText('"/capabilities"');
    await expect(seen.getByRole("term").filter({ hasText: "http.headers.x_okapi_tenant" })).toBeVisible();
    await playground.screenshot("not-matched");

    await playground.header("x-okapi-tenant").fill("diku");
    await expect(playground.answer).toHaveAttribute("data-matched", "true");
    await expect(playground.answer).toContainText("Matched");
    await playground.screenshot("matched");

    // The address carries expression and request: a reload (or a shared link) restores both.
    await expect(page).toHaveURL(/[?&]expr=/);
    await expect(page).toHaveURL(/[?&]h=x-okapi-tenant%3Adiku/);
    const shared = page.url();
    await page.goto("about:blank");
    await page.goto(shared);
    await expect(playground.editor).toHaveText(SPIKE);
    await expect(playground.header("x-okapi-tenant")).toHaveValue("diku");
    await expect(page.getByLabel("Path and query")).toHaveValue("/capabilities?limit=10");
    await expect(playground.answer).toHaveAttribute("data-matched", "true");
  });

  test("marks every error at its position, with its message", async ({ page }) => {
    const playground = new PlaygroundPage(page);
    await playground.goto();
    await playground.typeExpression(BROKEN);

    // Both errors: the syntax error at `=` and the unknown field, each at its own place.
    await expect(page.getByText("2 errors", { exact: true })).toBeVisible();
    await expect(playground.errors.getByRole("listitem")).toHaveCount(2);
    await expect(playground.errors).toContainText("1:46");
    await expect(playground.errors).toContainText("expected an operator");
    const markers = page.locator(".cm-content .cm-lintRange-error");
    await expect(markers.first()).toBeVisible();
    await expect(markers.first()).toHaveText("=");
    await expect(playground.answer).toHaveCount(0);
    await expect(page.getByText("The expression doesn’t parse yet")).toBeVisible();

    // Hovering the marker shows the message in place, like Kong Manager's editor.
    await markers.first().hover();
    await expect(page.locator(".cm-tooltip-lint")).toContainText("expected an operator");
    await playground.screenshot("errors");

    // An error in the list takes the cursor to its position.
    await playground.errors.getByRole("button", { name: /expected an operator/ }).click();
    await expect(playground.editor).toBeFocused();

    await expect(page).toHaveURL(/[?&]expr=/);
    await page.reload();
    await expect(playground.editor).toHaveText(BROKEN);
    await expect(page.getByText("2 errors", { exact: true })).toBeVisible();

    // The misspelt field comes with its fix; applying it leaves the one real syntax error.
    await expect(playground.errors).toContainText("did you mean http.headers.x_okapi_tenant?");
    await playground.errors.getByRole("button", { name: "Use http.headers.x_okapi_tenant" }).click();
    await expect(page.getByText("1 error", { exact: true })).toBeVisible();
    await expect(playground.editor).toContainText("http.headers.x_okapi_tenant");
  });

  test("completes field names and the operators of the field's type", async ({ page }) => {
    const playground = new PlaygroundPage(page);
    await playground.goto();
    await playground.editor.click();
    await page.keyboard.type("http.heade");
    const options = page.getByRole("listbox").getByRole("option");
    await expect(options.filter({ hasText: "http.headers.x_okapi_tenant" })).toBeVisible();
    await options.filter({ hasText: "http.headers.x_okapi_tenant" }).click();
    await page.keyboard.type(" ");
    await expect(options.first()).toContainText("==");
    await expect(options.filter({ hasText: "contains" })).toBeVisible();
    await page.keyboard.press("Escape");
    await page.keyboard.type('== "diku"');
    await expect(playground.editor).toHaveText('http.headers.x_okapi_tenant == "diku"');
    await expect(page.getByText("Valid", { exact: true })).toBeVisible();
  });
});
