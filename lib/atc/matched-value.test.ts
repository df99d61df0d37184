import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { AstValue } from "@kong/atc-router";
import { and, or, predicates, type Expr, type Predicate } from "./ast";
import { buildContext, fieldValues, type HttpRequest } from "./context";
import { evaluate } from "./evaluate";
import { kongEngine, kongSchema } from "./kong-engine";
import { matchedValue, recordMatches } from "./matched-value";
import { parse } from "./parse";
import { print, printPredicate } from "./print";
import { translateRustRegex } from "./regex";
import { fieldType } from "./schema";
import { predicateArb, requestArb, validRegexArb } from "./testing/arbitraries";

const base: HttpRequest = { method: "GET", scheme: "http", host: "h.example.com", path: "/a/b/c" };

function parsed(text: string): Expr {
  const r = parse(text);
  if (!r.ok) throw new Error(JSON.stringify(r.errors));
  return r.expr;
}

const pathOf = (text: string, req: Partial<HttpRequest> = {}) =>
  matchedValue(parsed(text), buildContext({ ...base, ...req }));

describe("the value a predicate records (src/interpreter.rs)", () => {
  it.each([
    ['http.path ^= "/a"', "/a"],
    ['http.path == "/a/b/c"', "/a/b/c"],
    ['http.path =^ "/c"', "/c"],
    // `~` records the regex's whole leftmost match, wherever it is in the path.
    ['http.path ~ r#"^/a/[^/]+"#', "/a/b"],
    ['http.path ~ r#"/b"#', "/b"],
    ['http.path ~ r#"(?<x>b)/c$"#', "b/c"],
    // `!=` and `contains` hold without recording anything.
    ['http.path != "/x"', null],
    ['http.path contains "/b"', null],
    // An empty record reads as nil (lib/resty/router/context.lua).
    ['http.path ^= ""', null],
    // lower() records the literal of ==/^=, and for ~ the match in the lowered path.
    ['lower(http.path) ^= "/a/b"', "/a/b"],
  ])("%s → %s", (text, value) => {
    expect(pathOf(text, { path: "/a/b/c" })).toMatchObject({ matched: true, value });
  });

  it("lower(): the record is the literal for ^=, the lowered match for ~", () => {
    expect(pathOf('lower(http.path) ^= "/a"', { path: "/A/B" }).value).toBe("/a");
    expect(pathOf('lower(http.path) ~ r#"^/a/b"#', { path: "/A/B/C" }).value).toBe("/a/b");
  });

  it("only string records of the asked field count", () => {
    const r = recordMatches(
      parsed('http.host == "h.example.com" && net.dst.port == 8000'),
      buildContext({ ...base, dstPort: 8000 }),
    );
    expect(r.matches.get("http.host")?.value).toBe("h.example.com");
    expect(r.matches.get("net.dst.port")?.value).toBe(8000);
    expect(matchedValue(parsed('http.host == "h.example.com"'), buildContext(base)).value).toBeNull();
  });
});

describe("Kong's evaluation order", () => {
  it("&& evaluates left to right and the later record wins", () => {
    expect(pathOf('http.path ^= "/a/b" && http.path ^= "/a"').value).toBe("/a");
    expect(pathOf('http.path ^= "/a" && http.path ^= "/a/b"').value).toBe("/a/b");
  });

  it("|| stops at the first term that holds", () => {
    expect(pathOf('http.path ^= "/a" || http.path ^= "/a/b"').value).toBe("/a");
    expect(pathOf('http.path ^= "/x" || http.path ^= "/a/b"').value).toBe("/a/b");
  });

  it("a record made in a branch that failed afterwards stays (the match is not rolled back)", () => {
    expect(
      pathOf('(http.path ^= "/a" && http.method == "POST") || http.host == "h.example.com"'),
    ).toMatchObject({ matched: true, value: "/a" });
    expect(pathOf('!(http.path ^= "/a" && http.method == "POST")')).toMatchObject({
      matched: true,
      value: "/a",
    });
  });

  it("a failed || alternative is overwritten by the one that holds", () => {
    expect(pathOf('(http.path ^= "/a" && http.method == "POST") || http.path ^= "/a/b"').value).toBe("/a/b");
  });

  it("terms after the deciding one are never evaluated", () => {
    expect(pathOf('http.method == "POST" && http.path ^= "/a"')).toMatchObject({
      matched: false,
      value: null,
    });
    expect(pathOf('http.host == "h.example.com" || http.path ^= "/a"')).toMatchObject({
      matched: true,
      value: null,
    });
  });

  it("the compiler's shape: the strip predicate after the host/path pair reports the strip prefix", () => {
    const e = parsed(
      '(http.host == "h.example.com" && (http.path == "/zone/orders" || http.path ^= "/zone/orders/")) && http.path ^= "/zone"',
    );
    expect(matchedValue(e, buildContext({ ...base, path: "/zone/orders/42" })).value).toBe("/zone");
  });

  it("several values: `any` stops at the first that passes; all-mode records each passing value in turn", () => {
    const headers = { "x-tenant": ["ab", "ac"] };
    const all = recordMatches(parsed('http.headers.x_tenant ^= "a"'), buildContext({ ...base, headers }));
    expect(all.matched).toBe(true);
    const first = recordMatches(
      parsed('any(http.headers.x_tenant) == "ac"'),
      buildContext({ ...base, headers }),
    );
    expect(first.matches.get("http.headers.x_tenant")?.value).toBe("ac");
    const failing = recordMatches(
      parsed('http.headers.x_tenant == "ab"'),
      buildContext({ ...base, headers }),
    );
    // "ab" passed (and was recorded) before "ac" failed the predicate.
    expect(failing).toMatchObject({ matched: false });
    expect(failing.matches.get("http.headers.x_tenant")?.value).toBe("ab");
  });
});

/** Predicates on http.path from a vocabulary that the generated request paths hit. */
const pathPredicateArb: fc.Arbitrary<Predicate> = fc
  .record({
    op: fc.constantFrom("==", "^=", "^=", "=^", "~", "~", "!=", "contains"),
    lower: fc.boolean(),
    word: fc.constantFrom("/", "/a", "/a/", "/a/b", "/b", "/A", "a", "b", "", "/t1"),
    regex: validRegexArb,
  })
  .map(({ op, lower, word, regex }): Predicate => ({
    kind: "predicate",
    lhs: { field: "http.path", transforms: lower ? ["lower"] : [] },
    op: op as Predicate["op"],
    rhs: { type: "string", value: op === "~" ? regex : word },
  }));

const mixedExprArb: fc.Arbitrary<Expr> = fc.letrec<{ expr: Expr }>((tie) => ({
  expr: fc.oneof(
    { depthSize: "small", maxDepth: 3 },
    { weight: 4, arbitrary: pathPredicateArb },
    { weight: 2, arbitrary: predicateArb(true, validRegexArb) },
    { weight: 2, arbitrary: fc.array(tie("expr"), { minLength: 2, maxLength: 3 }).map((t) => and(...t)) },
    { weight: 2, arbitrary: fc.array(tie("expr"), { minLength: 2, maxLength: 3 }).map((t) => or(...t)) },
    { weight: 1, arbitrary: tie("expr").map((e): Expr => ({ kind: "not", expr: e })) },
  ),
})).expr;

describe("differential against @kong/atc-router", () => {
  it("agrees on the verdict, and the recorded value comes from a predicate that holds in Kong's engine", () => {
    const { Router, Context } = kongEngine();
    const schema = kongSchema();
    const uuid = "8cb2a7d0-c775-4ed9-989f-000000000002";
    const exprs = fc.sample(mixedExprArb, { seed: 20261204, numRuns: 1500 });
    const requests = fc.sample(requestArb, { seed: 20261205, numRuns: 300 });
    const problems: string[] = [];
    const counts = { pairs: 0, matched: 0, withValue: 0 };

    const engineHolds = (text: string, req: HttpRequest, fields: string[]): boolean => {
      const router = new Router(schema);
      const error = router.addMatcher(0, uuid, text);
      if (error) throw new Error(`${text}: ${error}`);
      const ctx = buildContext(req);
      const kctx = new Context(schema);
      for (const field of fields) {
        const type = fieldType(field);
        for (const v of fieldValues(ctx, field)) {
          const value: AstValue =
            type === "Int"
              ? { Int: Number(v) }
              : type === "IpAddr"
                ? { IpAddr: String(v) }
                : { String: String(v) };
          kctx.addValue(field, value);
        }
      }
      try {
        return router.execute(kctx);
      } finally {
        kctx.free();
        router.free();
      }
    };

    exprs.forEach((expr, i) => {
      const fields = [...new Set(predicates(expr).map((p) => p.lhs.field))];
      for (let k = 0; k < 3; k++) {
        const req = requests[(i * 3 + k) % requests.length];
        const ctx = buildContext(req);
        const ours = matchedValue(expr, ctx);
        counts.pairs++;
        if (ours.matched !== evaluate(expr, ctx).matched)
          problems.push(`evaluate disagrees: ${print(expr)} on ${req.path}`);
        if (ours.matched !== engineHolds(print(expr), req, fields))
          problems.push(`engine disagrees: ${print(expr)} on ${req.path}`);
        if (!ours.matched) continue;
        counts.matched++;
        if (ours.value === null) continue;
        counts.withValue++;
        const p = ours.predicate;
        if (!p || p.lhs.field !== "http.path") {
          problems.push(`value without an http.path predicate: ${print(expr)}`);
          continue;
        }
        if (!engineHolds(printPredicate(p), req, ["http.path"]))
          problems.push(`recorded by ${printPredicate(p)}, which Kong says fails on ${ctx.path}`);
        const path = p.lhs.transforms.includes("lower") ? ctx.path.toLowerCase() : ctx.path;
        const consistent =
          p.op === "=="
            ? ours.value === path
            : p.op === "^="
              ? path.startsWith(ours.value) && ours.value === p.rhs.value
              : p.op === "=^"
                ? path.endsWith(ours.value) && ours.value === p.rhs.value
                : p.op === "~"
                  ? ours.value ===
                    (() => {
                      const t = translateRustRegex(String(p.rhs.value));
                      return t.ok ? new RegExp(t.source, t.flags).exec(path)?.[0] : undefined;
                    })()
                  : false;
        if (!consistent)
          problems.push(`${printPredicate(p)} recorded ${JSON.stringify(ours.value)} on ${ctx.path}`);
      }
    });
    schema.free();
    console.log("matched-value differential", counts);
    expect(problems.slice(0, 10)).toEqual([]);
    expect(counts.matched).toBeGreaterThan(400);
    expect(counts.withValue).toBeGreaterThan(200);
  }, 120_000);
});
