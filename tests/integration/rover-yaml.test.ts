import { beforeAll, describe, expect, it } from "vitest";
import * as zones from "@/app/api/v1/zones/route";
import * as rovers from "@/app/api/v1/rovers/route";
import * as rover from "@/app/api/v1/rovers/[id]/route";
import * as exporter from "@/app/api/v1/rovers/[id]/export/route";
import * as importer from "@/app/api/v1/rovers/import/route";
import { del, get, post } from "./http";

const importYaml = (yaml: string, query = "") =>
  post(importer.POST, `/api/v1/rovers/import${query}`, {
    rawBody: yaml,
    headers: { "content-type": "application/yaml" },
  });

beforeAll(async () => {
  const res = await post(zones.POST, "/api/v1/zones", {
    body: {
      name: "eu-central",
      visibility: "ENTERPRISE",
      gatewayUrl: "https://eu-central.gw.example.com",
      identityProviderUrl: "https://iam.eu-central.example.com",
      kongAdminUrl: "http://127.0.0.1:8001/eu-central",
    },
  });
  expect(res.status).toBe(201);
});

describe("rover files (YAML)", () => {
  it("exports a rover and imports it back unchanged", async () => {
    const created = await post(rovers.POST, "/api/v1/rovers", {
      body: {
        name: "mod-capabilities",
        version: "2.0.0",
        zone: "eu-central",
        failoverEnabled: true,
        exposures: [
          {
            basePath: "/capabilities",
            upstreams: [
              { url: "http://blue.svc:8081", weight: 80 },
              { url: "http://green.svc:8081", weight: 20 },
            ],
            visibility: "WORLD",
            tenantAccess: "ENTITLED",
            endpoints: [{ methods: ["GET"], path: "/{id}" }],
          },
          { basePath: "/capabilities-admin", upstreams: [{ url: "http://admin.svc" }] },
        ],
        subscriptions: [{ basePath: "/orders", approved: true }],
      },
    });
    const id = created.json.id;
    const exported = await get(exporter.GET, `/api/v1/rovers/${id}/export`, { params: { id } });
    expect(exported.status).toBe(200);
    expect(exported.headers.get("content-type")).toContain("text/yaml");
    expect(exported.headers.get("content-disposition")).toBe(
      'attachment; filename="mod-capabilities-2.0.0-eu-central.rover.yaml"',
    );
    expect(exported.text).toMatch(
      /^apiVersion: switchyard\/v1\nkind: Rover\nmetadata:\n {2}name: mod-capabilities\n {2}version: 2\.0\.0\nspec:\n {2}zone: eu-central\n/,
    );

    // Same name, version and zone: refused unless upsert.
    const again = await importYaml(exported.text);
    expect(again.status).toBe(409);
    expect(again.json.error.message).toContain("?upsert=true");

    expect((await del(rover.DELETE, "/x", { params: { id } })).status).toBe(204);
    const imported = await importYaml(exported.text);
    expect(imported.status).toBe(201);
    const strip = ({ id: _id, createdAt: _c, updatedAt: _u, ...rest }: Record<string, unknown>) => rest;
    expect(strip(imported.json)).toEqual(strip(created.json));
  });

  it("updates the existing rover with ?upsert=true, replacing exposures wholesale", async () => {
    const yaml = `apiVersion: switchyard/v1
kind: Rover
metadata:
  name: orders
  version: 1.0.0
spec:
  zone: eu-central
  exposures:
    - basePath: /orders
      upstreams:
        - url: http://orders.svc:8080
`;
    const first = await importYaml(yaml);
    expect(first.status).toBe(201);
    const second = await importYaml(yaml.replace("/orders\n", "/orders-v2\n"), "?upsert=true");
    expect(second.status).toBe(200);
    expect(second.json.id).toBe(first.json.id);
    expect(second.json.revision).toBe(2);
    expect(second.json.exposures.map((e: { basePath: string }) => e.basePath)).toEqual(["/orders-v2"]);
  });

  it("names the field and its line for each invalid value", async () => {
    const yaml = [
      "apiVersion: switchyard/v1", // 1
      "kind: Rover", // 2
      "metadata:", // 3
      "  name: Orders", // 4
      "  version: 1.0.0", // 5
      "spec:", // 6
      "  zone: eu-central", // 7
      "  exposures:", // 8
      "    - basePath: orders", // 9
      "      upstreams:", // 10
      "        - url: http://ok.svc", // 11
      "        - url: http://ok2.svc", // 12
      "          weight: 0", // 13
      "",
    ].join("\n");
    const res = await importYaml(yaml);
    expect(res.status).toBe(422);
    expect(res.json.error.code).toBe("validation_failed");
    const where = Object.fromEntries(
      res.json.error.details.map((d: { path: string; line: number }) => [d.path, d.line]),
    );
    expect(where).toEqual({
      "metadata.name": 4,
      "spec.exposures.0.basePath": 9,
      "spec.exposures.0.upstreams.1.weight": 13,
    });
    expect(res.json.error.message).toMatch(
      /^3 problems in the rover file; first: line 4, column 9: metadata\.name: /,
    );
  });

  it("names unknown keys (typos) with their line, at any depth", async () => {
    const yaml = [
      "apiVersion: switchyard/v1",
      "kind: Rover",
      "metadata: {name: typo, version: 1.0.0}",
      "spec:",
      "  zone: eu-central",
      "  failover: true",
      "  exposures:",
      "    - basePath: /typo",
      "      tenantAcess: ENTITLED",
      "      upstreams: [{url: http://typo.svc}]",
      "",
    ].join("\n");
    const res = await importYaml(yaml);
    expect(res.status).toBe(422);
    expect(res.json.error.details).toEqual([
      { path: "spec.failover", message: "Unknown field failover", line: 6, column: 3 },
      { path: "spec.exposures.0.tenantAcess", message: "Unknown field tenantAcess", line: 9, column: 7 },
    ]);
  });

  it("puts a missing zone on the spec.zone line", async () => {
    const yaml =
      "apiVersion: switchyard/v1\nkind: Rover\nmetadata:\n  name: lost\n  version: 1.0.0\nspec:\n  zone: atlantis\n";
    const res = await importYaml(yaml);
    expect(res.status).toBe(422);
    expect(res.json.error.details).toEqual([
      { path: "spec.zone", message: "Zone atlantis does not exist", line: 7, column: 9 },
    ]);
    expect(res.json.error.message).toBe("line 7, column 9: spec.zone: Zone atlantis does not exist");
  });

  it("reports YAML syntax errors with line and column (400), and a wrong kind", async () => {
    const broken = "apiVersion: switchyard/v1\nkind: Rover\nmetadata:\n  name: [orders\n  version: 1.0.0\n";
    const res = await importYaml(broken);
    expect(res.status).toBe(400);
    expect(res.json.error.code).toBe("bad_request");
    expect(res.json.error.message).toMatch(/^YAML syntax error at line \d+, column \d+: /);
    expect(res.json.error.details[0].line).toBeGreaterThanOrEqual(4);

    const wrongKind = await importYaml(
      "apiVersion: switchyard/v1\nkind: Zone\nmetadata: {name: a, version: 1.0.0}\nspec: {zone: eu-central}\n",
    );
    expect(wrongKind.status).toBe(422);
    expect(wrongKind.json.error.details).toEqual([
      { path: "kind", message: "kind must be Rover", line: 2, column: 7 },
    ]);

    expect((await importYaml("")).status).toBe(400);
    const notMapping = await importYaml("- just\n- a list\n");
    expect(notMapping.status).toBe(422);
    expect(notMapping.json.error.details[0]).toMatchObject({ path: "", line: 1 });
  });

  it("refuses a repeated key at any depth with its line (400); 1 and '1' are different keys", async () => {
    const repeated = `apiVersion: switchyard/v1
kind: Rover
metadata:
  name: orders
  version: 1.0.0
spec:
  zone: eu-central
  exposures:
    - basePath: /orders
      upstreams: [{url: "http://a.svc", url: "http://b.svc"}]
  zone: eu-west
`;
    const res = await importYaml(repeated);
    expect(res.status).toBe(400);
    expect(res.json.error.details).toEqual([
      {
        path: "",
        message: "YAML syntax error at line 10, column 41: Map keys must be unique",
        line: 10,
        column: 41,
      },
      {
        path: "",
        message: "YAML syntax error at line 11, column 3: Map keys must be unique",
        line: 11,
        column: 3,
      },
    ]);
    expect(res.json.error.message).toBe(
      "2 problems in the rover file; first: YAML syntax error at line 10, column 41: Map keys must be unique",
    );

    const distinct = await importYaml(
      "apiVersion: switchyard/v1\nkind: Rover\nmetadata: {name: a, version: 1.0.0}\nspec: {zone: eu-central, 1: x, '1': y}\n",
    );
    expect(distinct.status, distinct.text).toBe(422);
    expect(distinct.json.error.details.map((d: { message: string }) => d.message)).toEqual([
      "Unknown field 1",
    ]);
  });
});
