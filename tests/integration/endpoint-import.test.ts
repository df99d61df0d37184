import { readFileSync, readdirSync, statSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import * as preview from "@/app/api/v1/endpoints/preview/route";
import { post } from "./http";

/**
 * Endpoint import through the real handler: each format with a document shaped like the ones
 * operators have (a split OpenAPI 3.0 with $refs across files, the Swagger 2.0 petstore, an
 * OpenAPI 3.1 with webhooks and callbacks, a FOLIO module descriptor with system interfaces).
 */
const FIXTURES = path.join(process.cwd(), "tests", "integration", "fixtures", "import");

function filesUnder(dir: string, prefix = ""): { name: string; text: string }[] {
  return readdirSync(dir)
    .sort()
    .flatMap((entry) => {
      const full = path.join(dir, entry);
      const name = prefix ? `${prefix}/${entry}` : entry;
      return statSync(full).isDirectory() ? filesUnder(full, name) : [{ name, text: readFileSync(full, "utf8") }];
    });
}
const fixture = (name: string) => ({ name, text: readFileSync(path.join(FIXTURES, name), "utf8") });

const previewOf = (body: Record<string, unknown>) => post(preview.POST, "/api/v1/endpoints/preview", { body });
const paths = (list: { path: string; methods: string[] }[]) => list.map((e) => `${e.methods.join(",")} ${e.path}`);

describe("importing endpoints from OpenAPI", () => {
  it("reads a split OpenAPI 3.0 description whose path items and schemas are $refs to other files", async () => {
    // The root is not the first file: it is found by its openapi field.
    const files = filesUnder(path.join(FIXTURES, "orders"));
    expect(files[0].name).toBe("components/parameters.yaml");
    const res = await previewOf({
      files,
      basePath: "/orders",
      current: [
        { methods: ["GET"], path: "/{orderId}" },
        { methods: ["GET"], path: "/legacy" },
        { methods: ["POST", "GET"], path: "/" },
      ],
    });
    expect(res.status, res.text).toBe(200);
    expect(res.json.format).toBe("openapi");
    expect(res.json.source).toBe("OpenAPI 3.0.3");
    expect(res.json.title).toBe("Orders API");
    // The server path /orders is the exposure's base path: stripped, not doubled.
    expect(paths(res.json.result)).toEqual(["GET,POST /", "GET,PUT,DELETE /{orderId}", "GET,PATCH /{orderId}/items"]);
    expect(paths(res.json.added)).toEqual(["GET,PATCH /{orderId}/items"]);
    expect(res.json.changed).toEqual([{ path: "/{orderId}", before: ["GET"], after: ["GET", "PUT", "DELETE"] }]);
    expect(paths(res.json.removed)).toEqual(["GET /legacy"]);
    // Methods compare as sets: [POST, GET] is [GET, POST].
    expect(paths(res.json.unchanged)).toEqual(["GET,POST /"]);
    expect(res.json.problems).toEqual([]);
  });

  it("names the file and field of a $ref that points at a file the upload lacks, and never fetches a URL", async () => {
    const files = filesUnder(path.join(FIXTURES, "orders")).filter((f) => f.name !== "paths/items.yaml");
    const missing = await previewOf({ files, basePath: "/orders" });
    expect(missing.status).toBe(422);
    expect(missing.json.error.message).toContain("paths/items.yaml");
    expect(missing.json.error.details[0].file).toBe("openapi.yaml");

    const remote = files.map((f) =>
      f.name === "openapi.yaml"
        ? { ...f, text: f.text.replace('"./paths/order.yaml"', '"http://127.0.0.1:9/order.yaml"') }
        : f,
    );
    const res = await previewOf({ files: remote, basePath: "/orders" });
    expect(res.status).toBe(422);
    expect(res.json.error.message).toContain("points outside the uploaded files");

    const local = files.map((f) =>
      f.name === "openapi.yaml" ? { ...f, text: f.text.replace('"./paths/order.yaml"', '"file:///etc/passwd"') } : f,
    );
    const disk = await previewOf({ files: local, basePath: "/orders" });
    expect(disk.status).toBe(422);
    expect(JSON.stringify(disk.json)).not.toContain("root:");
  });

  it("maps a Swagger 2.0 basePath equal to the exposure's base path onto it", async () => {
    const res = await previewOf({ files: [fixture("petstore-swagger2.json")], basePath: "/v2" });
    expect(res.status, res.text).toBe(200);
    expect(res.json.source).toBe("Swagger 2.0");
    expect(paths(res.json.result)).toEqual([
      "POST,PUT /pet",
      "GET /pet/findByStatus",
      "GET,POST,DELETE /pet/{petId}",
      "POST /pet/{petId}/uploadImage",
      "GET /store/inventory",
      "GET,DELETE /store/order/{orderId}",
      "GET /user/login",
      "GET,PUT /user/{username}",
    ]);
    expect(res.json.problems).toEqual([]);
  });

  it("reports a server path that is not the exposure's base path, and the paths outside it", async () => {
    const res = await previewOf({ files: [fixture("petstore-swagger2.json")], basePath: "/v2/pet" });
    expect(res.status).toBe(200);
    expect(paths(res.json.result)).toEqual(["POST,PUT /", "GET /findByStatus", "GET,POST,DELETE /{petId}", "POST /{petId}/uploadImage"]);
    const messages = res.json.problems.map((p: { where: string; message: string }) => `${p.where}: ${p.message}`);
    expect(messages).toContain("basePath: The server path /v2 is not the exposure's base path /v2/pet: paths were read as /v2/…");
    expect(messages).toContain("/store/inventory: /v2/store/inventory is not under the exposure's base path /v2/pet");
  });

  it("names what OpenAPI 3.1 holds that is not a route: trace, callbacks, webhooks, x-kong extensions, refused paths", async () => {
    const res = await previewOf({ files: [fixture("catalog-openapi31.yaml")], basePath: "/catalog" });
    expect(res.status, res.text).toBe(200);
    expect(res.json.source).toBe("OpenAPI 3.1.0");
    expect(paths(res.json.result)).toEqual([
      "GET,POST /items",
      "GET /items/{itemId}",
      "GET /items/{itemId}/image.png",
    ]);
    const problems = res.json.problems.map((p: { kind: string; where: string; message: string }) => `${p.kind} ${p.where}: ${p.message}`);
    expect(problems).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^skipped POST \/catalog\/items: Callbacks \(itemIndexed\) are requests the API sends/),
        "skipped TRACE /catalog/items/{itemId}: TRACE is not a method Switchyard routes",
        expect.stringMatching(/^skipped \/catalog\/files\/\{name\}\.json: Endpoint path \/files\/\{name\}\.json segment "\{name\}\.json" must be a whole \{param\}/),
        "skipped /health: /health is not under the exposure's base path /catalog",
        expect.stringMatching(/^skipped webhooks: Webhooks \(itemChanged\) are requests the API sends/),
        expect.stringMatching(/^skipped document: x-kong-plugin-rate-limiting is not applied/),
      ]),
    );
    expect(problems).toHaveLength(6);
  });

  it("refuses a broken document naming the file, line and column, and an invalid one naming the field", async () => {
    const broken = await previewOf({
      files: [{ name: "api.yaml", text: "openapi: 3.0.3\ninfo:\n  title: [unclosed\npaths: {}\n" }],
      basePath: "/x",
    });
    expect(broken.status).toBe(400);
    expect(broken.json.error.details[0]).toMatchObject({ file: "api.yaml", line: expect.any(Number), column: expect.any(Number) });

    const invalid = await previewOf({
      files: [{ name: "api.json", text: JSON.stringify({ openapi: "3.0.3", info: { title: "x" }, paths: {} }) }],
      basePath: "/x",
    });
    expect(invalid.status).toBe(422);
    expect(invalid.json.error.message).toMatch(/^api\.json: Swagger schema validation failed[\s\S]*#\/info must have required property 'version'/);

    const neither = await previewOf({ files: [{ name: "notes.yaml", text: "hello: world\n" }], basePath: "/x" });
    expect(neither.status).toBe(422);
    expect(neither.json.error.message).toContain("neither an OpenAPI document nor a FOLIO module descriptor");

    const badBase = await previewOf({ files: [fixture("petstore-swagger2.json")], basePath: "v2" });
    expect(badBase.status).toBe(422);
    expect(badBase.json.error.details).toEqual([{ path: "basePath", message: "Base path must start with /" }]);
  });

  it("needs an editor", async () => {
    const res = await post(preview.POST, "/api/v1/endpoints/preview", { body: {}, token: false });
    expect(res.status).toBe(401);
  });
});

describe("importing endpoints from a FOLIO module descriptor", () => {
  it("maps handlers under the base path, merges duplicates, skips system interfaces and names every skip", async () => {
    const res = await previewOf({ files: [fixture("mod-inventory-storage.json")], basePath: "/item-storage" });
    expect(res.status, res.text).toBe(200);
    expect(res.json.format).toBe("folio");
    expect(res.json.module).toEqual({ id: "mod-inventory-storage-27.1.0", name: "mod-inventory-storage", version: "27.1.0" });
    expect(paths(res.json.result)).toEqual([
      "GET,POST,DELETE /items",
      // Declared by two interfaces: one endpoint.
      "GET,PUT,DELETE /items/{itemId}",
      "POST /batch/synchronous",
      // `*` methods are every method; the trailing * stays.
      "GET,POST,PUT,PATCH,DELETE,HEAD,OPTIONS /proxy/*",
    ]);
    const problems = res.json.problems.map((p: { where: string; message: string }) => `${p.where}: ${p.message}`);
    expect(problems).toEqual([
      "provides[1].handlers[1] (item-storage-batch): The handler has no methods, so no request reaches it; skipped",
      "provides[2].handlers[1] (item-storage-dereferenced): /item-storage-dereferenced/items is not under the exposure's base path /item-storage",
      "provides[3].handlers[1] (item-storage-proxy): pathPattern /item-storage/*/notes has a * before its end; Switchyard matches * only at the end of a path",
      "provides[4].handlers[0] (holdings-storage): /holdings-storage/holdings is not under the exposure's base path /item-storage",
      expect.stringMatching(/^provides\[5\] \(_tenant\): System interface _tenant \(2 handlers\) is called by the platform/),
      expect.stringMatching(/^provides\[6\] \(_timer\): System interface _timer \(1 handler\)/),
      expect.stringMatching(/^provides\[7\] \(_jsonSchemas\): System interface _jsonSchemas/),
    ]);
  });

  it("imports system interfaces when asked", async () => {
    const res = await previewOf({
      files: [fixture("mod-inventory-storage.json")],
      basePath: "/item-storage",
      includeSystem: true,
    });
    expect(res.status).toBe(200);
    expect(paths(res.json.result)).toContain("POST /expire");
  });

  it("refuses a descriptor that is not JSON with its line, and one without provides", async () => {
    const broken = await previewOf({ files: [{ name: "md.json", text: '{"id": "mod-x-1.0.0",\n "provides": [\n}' }], basePath: "/x", format: "folio" });
    expect(broken.status).toBe(400);
    expect(broken.json.error.details[0]).toMatchObject({ file: "md.json", line: 3 });
    const empty = await previewOf({ files: [{ name: "md.json", text: '{"id": "mod-x-1.0.0"}' }], basePath: "/x", format: "folio" });
    expect(empty.status).toBe(422);
    expect(empty.json.error.message).toContain("provides");
  });
});
