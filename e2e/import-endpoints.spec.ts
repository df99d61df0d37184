import { expect, test } from "@playwright/test";
import { createRover, deleteRover, uniqueName } from "./support/api";
import { RoverFormPage, screenshot } from "./support/pages";

/**
 * An operator brings an exposure's endpoints from the service's OpenAPI document instead of typing
 * them: uploads the file, reviews what is added, changed and removed (and what the document holds
 * that Switchyard does not route), applies, and saves the rover as usual.
 */
const openApi = (basePath: string) => `openapi: 3.0.3
info:
  title: Orders
  version: 2.0.0
servers:
  - url: https://orders.example.com${basePath}
paths:
  /:
    get:
      responses:
        "200": { description: A page of orders }
    post:
      responses:
        "201": { description: Created }
  /{orderId}:
    parameters:
      - { name: orderId, in: path, required: true, schema: { type: string } }
    get:
      responses:
        "200": { description: The order }
    delete:
      responses:
        "204": { description: Cancelled }
    trace:
      responses:
        "200": { description: Echo }
`;

test.describe("importing endpoints", () => {
  test.describe.configure({ timeout: 240_000 });
  test("previews an OpenAPI file's endpoints against an exposure, applies them and saves the rover", async ({
    page,
    request,
  }) => {
    const name = uniqueName("e2e-imp");
    const basePath = `/${name}`;
    const { id } = await createRover(request, {
      name,
      version: "1.0.0",
      zone: "eu-central",
      exposures: [
        {
          basePath,
          upstreams: [{ url: "http://orders.internal:8080" }],
          endpoints: [
            { methods: ["GET"], path: "/{orderId}" },
            { methods: ["GET"], path: "/legacy" },
          ],
        },
      ],
    });
    try {
      await page.goto(`/rovers/${id}`);
      const form = new RoverFormPage(page, `Edit rover ${name} 1.0.0`);
      const exposure = form.exposure(1);
      // The first visit may wait for the page to compile (a dev server) or hydrate.
      await expect(exposure.getByLabel("Endpoint 2 path")).toHaveValue("/legacy", { timeout: 30_000 });

      await exposure.getByRole("button", { name: "Import endpoints" }).click();
      const dialog = page.getByRole("dialog", { name: `Import endpoints into ${basePath}` });
      await expect(dialog).toBeVisible();
      await dialog.getByLabel("Document files").setInputFiles({
        name: "openapi.yaml",
        mimeType: "application/yaml",
        buffer: Buffer.from(openApi(basePath)),
      });
      await dialog.getByRole("button", { name: "Preview" }).click();

      const preview = dialog.getByRole("region", { name: "Import preview" });
      // The first preview may wait for the API route to compile (a dev server).
      await expect(preview).toContainText("OpenAPI 3.0.3 · Orders", { timeout: 30_000 });
      await expect(preview.getByRole("list", { name: "Added endpoints" })).toHaveText("GET POST /");
      await expect(preview.getByRole("list", { name: "Changed endpoints" })).toHaveText("/{orderId}: GET → GET DELETE");
      await expect(preview.getByRole("list", { name: "Removed endpoints" })).toHaveText("GET /legacy");
      await expect(preview.getByRole("list", { name: "Not imported as written" })).toContainText(
        "TRACE /{orderId}: TRACE is not a method Switchyard routes",
      );
      // Nothing is applied before Apply: the form still holds the old list.
      await expect(exposure.getByLabel("Endpoint 2 path")).toHaveValue("/legacy");
      await screenshot(page, "import-endpoints-preview");

      await dialog.getByRole("button", { name: "Apply 2 endpoints" }).click();
      await expect(dialog).toBeHidden();
      await expect(exposure.getByLabel("Endpoint 1 path")).toHaveValue("/");
      await expect(exposure.getByLabel("Endpoint 2 path")).toHaveValue("/{orderId}");
      await expect(form.method(1, 1, "POST")).toBeChecked();
      await expect(form.method(1, 2, "DELETE")).toBeChecked();
      await expect(form.method(1, 2, "PUT")).not.toBeChecked();

      await form.submit("Save rover");
      await expect(page.getByText(`Rover ${name} 1.0.0 saved`)).toBeVisible();
      const saved = await (await request.get(`/api/v1/rovers/${id}`)).json();
      expect(saved.exposures[0].endpoints).toEqual([
        { methods: ["GET", "POST"], path: "/" },
        { methods: ["GET", "DELETE"], path: "/{orderId}" },
      ]);
    } finally {
      await deleteRover(request, id);
    }
  });

  test("creating a rover from a FOLIO module descriptor fills its name, version and endpoints", async ({ page, request }) => {
    const name = uniqueName("mod-e2e-fol");
    const descriptor = {
      id: `${name}-4.2.0`,
      provides: [
        {
          id: "things",
          version: "1.0",
          handlers: [
            { methods: ["GET", "POST"], pathPattern: "/things" },
            { methods: ["GET", "PUT"], pathPattern: "/things/{id}" },
            { pathPattern: "/things/orphan" },
          ],
        },
        { id: "_tenant", version: "2.0", interfaceType: "system", handlers: [{ methods: ["POST"], pathPattern: "/_/tenant" }] },
      ],
    };
    await page.goto("/rovers/new");
    const form = new RoverFormPage(page, "New rover");
    await form.form.getByRole("button", { name: "Add exposure" }).click();
    const exposure = form.exposure(1);
    await exposure.getByLabel("Base path", { exact: true }).fill("/things");
    await exposure.getByLabel("Upstream 1 URL").fill("http://things.internal:8080");
    await form.field("Zone").selectOption("eu-central");

    await exposure.getByRole("button", { name: "Import endpoints" }).click();
    const dialog = page.getByRole("dialog", { name: "Import endpoints into /things" });
    await dialog.getByLabel("Or paste a document (JSON or YAML)").fill(JSON.stringify(descriptor, null, 2));
    await dialog.getByRole("button", { name: "Preview" }).click();
    const preview = dialog.getByRole("region", { name: "Import preview" });
    await expect(preview).toContainText("FOLIO module descriptor", { timeout: 30_000 });
    await expect(preview.getByRole("list", { name: "Added endpoints" }).getByRole("listitem")).toHaveText([
      "GET POST /",
      "GET PUT /{id}",
    ]);
    await expect(preview.getByRole("list", { name: "Not imported as written" })).toContainText("The handler has no methods");
    await expect(preview.getByRole("list", { name: "Not imported as written" })).toContainText("System interface _tenant");
    await expect(preview.getByRole("checkbox", { name: /Fill application name and version/ })).toBeChecked();
    await dialog.getByRole("button", { name: "Apply 2 endpoints" }).click();

    await expect(form.field("Application")).toHaveValue(name);
    await expect(form.field("Version")).toHaveValue("4.2.0");
    await form.submit("Create rover");
    await expect(page.getByText(`Rover ${name} 4.2.0 created in eu-central`)).toBeVisible();
    const listed = await (await request.get(`/api/v1/rovers?name=${name}`)).json();
    expect(listed).toHaveLength(1);
    expect(listed[0].exposures[0].endpoints).toEqual([
      { methods: ["GET", "POST"], path: "/" },
      { methods: ["GET", "PUT"], path: "/{id}" },
    ]);
    await deleteRover(request, listed[0].id);
  });
});
