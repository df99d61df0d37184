import { randomUUID } from "node:crypto";
import fc from "fast-check";
import { beforeAll, describe, expect, it } from "vitest";
import * as entitlements from "@/app/api/v1/entitlements/route";
import * as rovers from "@/app/api/v1/rovers/route";
import * as tenants from "@/app/api/v1/tenants/route";
import * as zones from "@/app/api/v1/zones/route";
import { openApiDocument } from "@/lib/api/openapi";
import { prisma } from "@/lib/db/prisma";
import { apiRoutes, fill, paramsOf, type ApiRoute, type Method } from "./api-routes";
import { call, post } from "./http";

/**
 * Hostile input, property-based: every write endpoint under /api/v1 (POST/PATCH/DELETE, found by
 * walking app/api/v1, so a new endpoint is covered without being listed) gets RUNS malformed or
 * hostile requests — wrong types, huge strings, unicode, SQL injection, Kong expression break-outs
 * (quotes, `"#`, backslashes, newlines), HTML/script — in its path, query and body. Each must be
 * answered 4xx with the one error body and a clear message, never 5xx, and afterwards every table
 * holds exactly what it held before.
 */
const RUNS = Number(process.env.HOSTILE_RUNS ?? 1000);
const WRITE_METHODS: Method[] = ["POST", "PATCH", "DELETE"];

// ---------------------------------------------------------------- hostile values

/**
 * At least one of these is in every hostile string: no name, path, URL or enum rule admits them,
 * and none is whitespace a trimming rule would remove (whitespace comes with the payloads).
 */
const BREAKERS = ['"', "\\", "<", ">", "\u0000", "{", "}", ";", "é", "🦍", "\u202e", "\u0007"];
const PAYLOADS = [
  " \r\n\t ",
  '\'; drop table "Zone"; --',
  "' or '1'='1",
  "1; select pg_sleep(5)--",
  '\\\'; truncate "Entitlement" cascade; --',
  '" || http.path ^= "/',
  '"# || true || r#"',
  'r#"^.*$"#',
  '") || (http.host == "evil.example.com',
  'x\\" && net.protocol == \\"http',
  '\n&& http.method == "GET"',
  "<script>alert(1)</script>",
  "<img src=x onerror=alert(1)>",
  "javascript:alert(1)",
  "{{7*7}}${7*7}",
  "${jndi:ldap://127.0.0.1/a}",
  "../../../../etc/passwd",
  "%00%0d%0a",
  "\u0000",
  "\ud83d\ude00\u0301\u200b\ufeff",
  "ＡＢＣ",
  "🦍".repeat(20),
  "\\u0022",
  "null",
  "[]",
  "{}",
  "true",
  "-1",
  "1e309",
];

const breaker = fc.constantFrom(...BREAKERS);
const junk = fc.string({ maxLength: 20, unit: "grapheme" });
/** A string that is always invalid wherever a name, version, path, URL or enum is expected. */
const hostileString: fc.Arbitrary<string> = fc.oneof(
  {
    weight: 6,
    arbitrary: fc.tuple(junk, breaker, fc.constantFrom(...PAYLOADS), junk).map((p) => p.join("")),
  },
  { weight: 3, arbitrary: fc.tuple(fc.constantFrom(...PAYLOADS), breaker).map(([p, b]) => b + p) },
  {
    weight: 2,
    arbitrary: fc.tuple(fc.string({ unit: "binary", maxLength: 40 }), breaker).map(([s, b]) => s + b),
  },
  // Huge: past every length limit (names 63, paths 256-4096, URLs 2048, descriptions, tokens 4096).
  {
    weight: 1,
    arbitrary: fc
      .tuple(fc.constantFrom("a", "é", '"', "<x>", "🦍"), fc.integer({ min: 5_000, max: 70_000 }))
      .map(([s, n]) => s.repeat(n) + '"'),
  },
);
/** Anything that is not a string. */
const notString = fc.oneof(
  fc.integer(),
  fc.double(),
  fc.boolean(),
  fc.constant(null),
  fc.array(hostileString, { maxLength: 3 }),
  fc.dictionary(hostileString, hostileString, { maxKeys: 3 }),
  fc.constantFrom(1e308, -0, Number.MAX_SAFE_INTEGER + 2, -1),
);
/** A value that is the wrong type, or a hostile string, for any typed field. */
const hostileValue: fc.Arbitrary<unknown> = fc.oneof(hostileString, notString);

/** A hostile value for a field declared with JSON Schema `schema`: never of the field's own type. */
function wrongFor(schema: JsonSchema | undefined): fc.Arbitrary<unknown> {
  const type = schema?.type;
  if (type === "string" || schema?.enum || schema?.pattern)
    return fc.oneof({ weight: 3, arbitrary: hostileString }, { weight: 1, arbitrary: notString });
  if (type === "integer" || type === "number")
    return fc.oneof(
      hostileString,
      fc.constantFrom(0.5, -1, 1e308, Number.MAX_SAFE_INTEGER + 2),
      fc.constant(null),
    );
  if (type === "boolean") return fc.oneof(hostileString, fc.integer(), fc.constant(null));
  if (type === "array")
    return fc.oneof(hostileString, fc.integer(), fc.array(notString, { minLength: 1, maxLength: 3 }));
  return hostileValue;
}

// ---------------------------------------------------------------- the API's own description

type JsonSchema = {
  type?: string;
  enum?: unknown[];
  pattern?: string;
  properties?: Record<string, JsonSchema>;
  required?: string[];
  $ref?: string;
  items?: JsonSchema;
  anyOf?: JsonSchema[];
};
type Operation = {
  parameters?: { name: string; in: string }[];
  requestBody?: { content: Record<string, { schema: JsonSchema }> };
};
const doc = openApiDocument() as {
  paths: Record<string, Record<string, Operation>>;
  components: { schemas: Record<string, JsonSchema> };
};
const resolve = (s: JsonSchema | undefined): JsonSchema | undefined =>
  s?.$ref ? doc.components.schemas[s.$ref.split("/").pop()!] : s;

/** An object carrying every declared field, each with a value of the wrong type or a hostile string. */
function hostileObject(schema: JsonSchema | undefined): fc.Arbitrary<unknown> {
  const props = Object.entries(resolve(schema)?.properties ?? {});
  const fields = props.map(([name, s]) => fc.tuple(fc.constant(name), wrongFor(resolve(s))));
  return fc
    .tuple(
      fields.length ? fc.tuple(...fields) : fc.constant([] as [string, unknown][]),
      fc.dictionary(hostileString, hostileValue, { maxKeys: 2 }),
    )
    .map(([entries, extra]) => ({ ...extra, ...Object.fromEntries(entries) }));
}

// ---------------------------------------------------------------- valid bodies, one field broken

const ZONE = "hostile-zone";
const TENANT = "hostile_tenant";

/** Valid bodies for the known endpoints, and the fields a hostile value is put into one at a time. */
const TEMPLATES: Record<string, { body: () => Record<string, unknown>; fields: string[] }> = {
  "POST /api/v1/zones": {
    body: () => ({
      name: `z${randomUUID().slice(0, 8)}`,
      visibility: "ENTERPRISE",
      gatewayUrl: `https://g${randomUUID().slice(0, 8)}.example.com`,
      identityProviderUrl: "https://idp.example.com",
      dtcUrl: `https://d${randomUUID().slice(0, 8)}.example.com`,
      kongAdminUrl: "http://127.0.0.1:8001/x",
    }),
    fields: [
      "name",
      "visibility",
      "gatewayUrl",
      "identityProviderUrl",
      "dtcUrl",
      "kongAdminUrl",
      "enforceIssuers",
    ],
  },
  "PATCH /api/v1/zones/{name}": {
    body: () => ({ visibility: "WORLD", gatewayUrl: `https://g${randomUUID().slice(0, 8)}.example.com` }),
    fields: ["visibility", "gatewayUrl", "identityProviderUrl", "dtcUrl", "kongAdminUrl", "revision"],
  },
  "POST /api/v1/rovers": {
    body: () => ({
      name: `r${randomUUID().slice(0, 8)}`,
      version: "1.0.0",
      zone: ZONE,
      failoverEnabled: false,
      exposures: [
        {
          basePath: `/p${randomUUID().slice(0, 8)}`,
          upstreams: [{ url: "http://up.svc.cluster.local:8080/api", weight: 50 }],
          visibility: "WORLD",
          tenantAccess: "ENTITLED",
          endpoints: [{ methods: ["GET"], path: "/{id}/items/*" }],
        },
      ],
      subscriptions: [{ basePath: "/other", approved: true }],
    }),
    fields: [
      "name",
      "version",
      "zone",
      "failoverEnabled",
      "exposures.0.basePath",
      "exposures.0.upstreams.0.url",
      "exposures.0.upstreams.0.weight",
      "exposures.0.visibility",
      "exposures.0.tenantAccess",
      "exposures.0.endpoints.0.path",
      "exposures.0.endpoints.0.methods.0",
      "subscriptions.0.basePath",
      "subscriptions.0.approved",
    ],
  },
  "POST /api/v1/tenants": {
    body: () => ({ name: `t_${randomUUID().slice(0, 8)}`, description: "ok" }),
    fields: ["name"],
  },
  "POST /api/v1/entitlements": {
    body: () => ({ tenant: TENANT, application: `a${randomUUID().slice(0, 8)}`, version: "1.0.0" }),
    fields: ["tenant", "application", "version"],
  },
  "POST /api/v1/entitlements/batch": {
    body: () => ({
      grant: [{ tenant: TENANT, application: `a${randomUUID().slice(0, 8)}`, version: "1.0.0" }],
      revoke: [{ tenant: TENANT, application: "orders", version: "1.0.0" }],
    }),
    fields: [
      "grant.0.tenant",
      "grant.0.application",
      "grant.0.version",
      "revoke.0.tenant",
      "revoke.0.version",
    ],
  },
  "PATCH /api/v1/settings": {
    body: () => ({ environment: "prod", tenantHeader: "x-tenant" }),
    fields: ["environment", "tenantHeader", "revision"],
  },
};

const NUMBER_FIELDS = /(^|\.)(revision|weight)$/;
const BOOLEAN_FIELDS = /(^|\.)(enforceIssuers|failoverEnabled|approved)$/;
/** Never valid for the field, so the otherwise valid body must be refused (null would clear dtcUrl). */
function brokenValue(field: string): fc.Arbitrary<unknown> {
  if (NUMBER_FIELDS.test(field)) return wrongFor({ type: "integer" }).filter((v) => v !== null);
  if (BOOLEAN_FIELDS.test(field)) return wrongFor({ type: "boolean" }).filter((v) => v !== null);
  return fc.oneof(
    { weight: 4, arbitrary: hostileString },
    { weight: 1, arbitrary: fc.oneof(fc.integer(), fc.boolean(), fc.array(hostileString, { maxLength: 2 })) },
  );
}

function withField(body: Record<string, unknown>, path: string, value: unknown, urlLike: boolean) {
  const keys = path.split(".");
  let at: Record<string, unknown> = body;
  for (const k of keys.slice(0, -1)) at = at[k] as Record<string, unknown>;
  const last = keys.at(-1)!;
  const current = at[last];
  // A hostile tail on a valid URL or path reaches the URL and path rules, not just the type check.
  at[last] = urlLike && typeof current === "string" && typeof value === "string" ? current + value : value;
  return body;
}

const ROVER_FILE = (name: string, basePath: string) =>
  [
    "apiVersion: switchyard/v1",
    "kind: Rover",
    "metadata:",
    `  name: ${JSON.stringify(name)}`,
    "  version: 1.0.0",
    "spec:",
    `  zone: ${ZONE}`,
    "  exposures:",
    `    - basePath: ${JSON.stringify(basePath)}`,
    "      upstreams:",
    "        - url: http://up.svc.cluster.local",
  ].join("\n");

/** Rover files: hostile text, YAML that expands, nests or lies about its shape, hostile fields. */
const hostileYaml: fc.Arbitrary<string> = fc.oneof(
  hostileString,
  fc.tuple(hostileString, fc.constantFrom("orders", "/orders")).map(([h]) => ROVER_FILE(h, "/orders")),
  hostileString.map((h) => ROVER_FILE("orders", `/orders${h}`)),
  fc.constant(
    'a: &a ["x","x","x","x","x","x","x","x","x"]\n' +
      Array.from(
        { length: 12 },
        (_, i) => `b${i}: &b${i} [*${i === 0 ? "a" : `b${i - 1}`},*${i === 0 ? "a" : `b${i - 1}`}]`,
      ).join("\n"),
  ),
  fc.integer({ min: 200, max: 5000 }).map((n) => "[".repeat(n) + "]".repeat(n)),
  fc.jsonValue().map((v) => JSON.stringify(v)),
  fc.constantFrom(
    "apiVersion: switchyard/v1\nkind: Rover\n",
    "---\n---\n",
    "!!js/function 'function(){}'",
    "key: !!binary AAAA",
  ),
);

// ---------------------------------------------------------------- one hostile request

interface HostileRequest {
  params: Record<string, string>;
  query: string;
  rawBody?: string;
  body?: unknown;
  contentType?: string;
  what: string;
}

/** A hostile value for a path parameter: never a real key (it may be a valid-looking unused one). */
const hostileParam = fc.oneof(
  hostileString,
  fc.constantFrom(
    "nobody-here",
    "00000000-0000-0000-0000-000000000000",
    randomUUID(),
    "..",
    "%2e%2e",
    "null",
  ),
);

function requestsFor(
  route: ApiRoute,
  method: Method,
  existing: Record<string, string>,
): fc.Arbitrary<HostileRequest> {
  const op = doc.paths[route.pattern]?.[method.toLowerCase()];
  const params = paramsOf(route);
  const queryNames = (op?.parameters ?? []).filter((p) => p.in === "query").map((p) => p.name);
  const content = op?.requestBody?.content ?? {};
  const jsonSchema = content["application/json"]?.schema;
  const textBody = !jsonSchema && Object.keys(content).length > 0;
  const template = TEMPLATES[`${method} ${route.pattern}`];

  const hostileQuery = queryNames.length
    ? fc
        .tuple(fc.constantFrom(...queryNames), hostileString)
        .map(([k, v]) => `?${encodeURIComponent(k)}=${encodeURIComponent(v)}`)
    : fc.constant("");

  const bodies: fc.Arbitrary<Omit<HostileRequest, "params" | "query" | "what"> & { what: string }>[] = [];
  if (jsonSchema) {
    bodies.push(hostileObject(jsonSchema).map((body) => ({ body, what: "every field hostile" })));
    bodies.push(
      fc
        .oneof(fc.jsonValue(), hostileString, fc.array(hostileValue))
        .filter((v) => v === null || typeof v !== "object" || Array.isArray(v))
        .map((body) => ({ body, what: "not an object" })),
    );
    bodies.push(
      hostileString.map((rawBody) => ({ rawBody, contentType: "application/json", what: "not JSON" })),
    );
    bodies.push(
      fc
        .tuple(
          hostileObject(jsonSchema),
          fc.constantFrom("text/html", "application/x-www-form-urlencoded", "application/xml"),
        )
        .map(([b, contentType]) => ({ rawBody: JSON.stringify(b), contentType, what: `as ${contentType}` })),
    );
    if (template) {
      bodies.push(
        fc
          .constantFrom(...template.fields)
          .chain((field) => fc.tuple(fc.constant(field), brokenValue(field)))
          .map(([field, value]) => {
            const urlLike = /url$|basePath$|path$/i.test(field);
            return { body: withField(template.body(), field, value, urlLike), what: `valid but ${field}` };
          }),
      );
    }
  }
  if (textBody)
    bodies.push(
      hostileYaml.map((rawBody) => ({ rawBody, contentType: "application/yaml", what: "hostile file" })),
    );

  // With a real entity in the path, the request must carry something hostile besides (query or body);
  // without one, a hostile or unused key is hostile enough on its own.
  const realParams = Object.fromEntries(
    params.map(({ name, parent }) => [name, existing[parent] ?? existing[name]]),
  );
  const canUseReal = params.length > 0 && params.every(({ name }) => realParams[name] !== undefined);
  const hostileParams = fc
    .tuple(...params.map(({ name }) => fc.tuple(fc.constant(name), hostileParam)))
    .map((e) => Object.fromEntries(e));

  const arbitraries: fc.Arbitrary<HostileRequest>[] = [];
  const noParams = fc.constant({} as Record<string, string>);
  const anyParams =
    params.length === 0
      ? noParams
      : canUseReal
        ? fc.oneof(fc.constant(realParams), hostileParams)
        : hostileParams;
  for (const body of bodies)
    arbitraries.push(
      fc
        .tuple(anyParams, fc.oneof(fc.constant(""), hostileQuery), body)
        .map(([p, query, b]) => ({ params: p, query, ...b })),
    );
  if (queryNames.length)
    arbitraries.push(
      fc
        .tuple(
          params.length === 0 ? noParams : canUseReal ? fc.constant(realParams) : hostileParams,
          hostileQuery,
        )
        .map(([p, query]) => ({ params: p, query, what: "hostile query" })),
    );
  if (params.length)
    arbitraries.push(hostileParams.map((p) => ({ params: p, query: "", what: "hostile path" })));
  expect(arbitraries.length, `${method} ${route.pattern}: nothing hostile to send`).toBeGreaterThan(0);
  return fc.oneof(...arbitraries);
}

// ---------------------------------------------------------------- the database, all of it

async function dumpAll(): Promise<Record<string, unknown>> {
  const tables = await prisma.$queryRaw<{ tablename: string }[]>`
    select tablename from pg_tables where schemaname = 'public' order by tablename`;
  const out: Record<string, unknown> = {};
  for (const { tablename } of tables) {
    // Bookkeeping that any authenticated call may touch is left out: the rate limiter's counters
    // and the API token's last-used time (written at most once a minute).
    if (tablename === "RateLimit") continue;
    const [row] = await prisma.$queryRawUnsafe<{ rows: unknown }[]>(
      `select coalesce(jsonb_agg(to_jsonb(t) - 'lastUsedAt' order by to_jsonb(t)::text), '[]'::jsonb) as rows from "${tablename}" t`,
    );
    out[tablename] = row.rows;
  }
  return out;
}

// ---------------------------------------------------------------- the test

const existing: Record<string, string> = {};

beforeAll(async () => {
  const z = await post(zones.POST, "/api/v1/zones", {
    body: {
      name: ZONE,
      visibility: "ENTERPRISE",
      gatewayUrl: `https://${ZONE}.gw.example.com`,
      identityProviderUrl: "https://idp.example.com",
      dtcUrl: `https://${ZONE}.dtc.example.com`,
      kongAdminUrl: "http://127.0.0.1:9/never",
      kongAdminToken: "hostile-test-token",
    },
  });
  expect(z.status, z.text).toBe(201);
  const r = await post(rovers.POST, "/api/v1/rovers", {
    body: {
      name: "orders",
      version: "1.0.0",
      zone: ZONE,
      exposures: [
        { basePath: "/orders", upstreams: [{ url: "http://orders.svc:8080" }], tenantAccess: "ENTITLED" },
      ],
    },
  });
  expect(r.status, r.text).toBe(201);
  expect((await post(tenants.POST, "/api/v1/tenants", { body: { name: TENANT } })).status).toBe(201);
  const e = await post(entitlements.POST, "/api/v1/entitlements", {
    body: { tenant: TENANT, application: "orders", version: "1.0.0" },
  });
  expect(e.status, e.text).toBe(201);
  Object.assign(existing, { zones: ZONE, rovers: r.json.id, tenants: TENANT, entitlements: e.json.id });
});

describe("hostile input", async () => {
  const targets = (await apiRoutes()).flatMap((route) =>
    WRITE_METHODS.filter((m) => route.handlers[m]).map((method) => ({ route, method })),
  );

  it("covers every write endpoint", () => {
    expect(targets.length).toBeGreaterThanOrEqual(15);
    expect(targets.map((t) => `${t.method} ${t.route.pattern}`)).toEqual(
      expect.arrayContaining([
        "POST /api/v1/zones",
        "PATCH /api/v1/rovers/{id}",
        "POST /api/v1/entitlements/batch",
      ]),
    );
  });

  for (const { route, method } of targets) {
    it(`${method} ${route.pattern}: ${RUNS} hostile requests, each a 4xx with a clear message, the database unchanged`, async () => {
      const before = await dumpAll();
      const handler = route.handlers[method]!;
      const statuses = new Map<number, number>();
      await fc.assert(
        fc.asyncProperty(requestsFor(route, method, existing), async (r) => {
          const headers: Record<string, string> = {};
          if (r.contentType) headers["content-type"] = r.contentType;
          const res = await call(
            handler,
            fill(route, r.params) + r.query,
            { params: r.params, body: r.body, rawBody: r.rawBody, headers },
            method,
          );
          statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1);
          const where = `${method} ${fill(route, r.params).slice(0, 200)}${r.query.slice(0, 200)} (${r.what}) → ${res.status} ${res.text.slice(0, 300)}`;
          expect(res.status, where).toBeGreaterThanOrEqual(400);
          expect(res.status, where).toBeLessThan(500);
          expect(res.json?.error?.code, where).toEqual(expect.any(String));
          const message = res.json.error.message as string;
          expect(message.length, where).toBeGreaterThan(0);
          // Clear, and no internals: no stack trace, SQL or driver text.
          expect(message, where).not.toMatch(/\bat \/|prisma|postgres|SQLSTATE|TypeError|undefined/i);
        }),
        {
          numRuns: RUNS,
          seed: process.env.HOSTILE_SEED ? Number(process.env.HOSTILE_SEED) : undefined,
          endOnFailure: true,
        },
      );
      expect(await dumpAll()).toEqual(before);
      expect([...statuses.keys()].every((s) => s >= 400 && s < 500)).toBe(true);
    }, 300_000);
  }
});
