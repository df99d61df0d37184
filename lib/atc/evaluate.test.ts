import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { Expr, Predicate } from "./ast";
import { buildContext, fieldValues, type HttpRequest, type RequestContext } from "./context";
import { evaluate, ExprSet, type EvalResult, type FailedAt } from "./evaluate";
import { parse } from "./parse";
import { print, printPredicate } from "./print";
import { translateRustRegex } from "./regex";
import { requestArb, validExprArb } from "./testing/arbitraries";

const base: HttpRequest = { method: "GET", scheme: "https", host: "api.example.com", path: "/a/b" };

function run(text: string, req: Partial<HttpRequest> = {}) {
  const r = parse(text);
  if (!r.ok) throw new Error(JSON.stringify(r.errors));
  return evaluate(r.expr, buildContext({ ...base, ...req }));
}

describe("missing field ⇒ false for every operator", () => {
  it.each(['== "a"', '!= "a"', '^= ""', "contains \"\"", '~ ""', '=^ ""'])("http.headers.x_tenant %s is false without the header", (rest) => {
    expect(run(`http.headers.x_tenant ${rest}`).matched).toBe(false);
  });
  it("!= is false without a value, yet !( == ) is true", () => {
    expect(run('http.headers.x_tenant != "a"').matched).toBe(false);
    expect(run('!(http.headers.x_tenant == "a")').matched).toBe(true);
  });
  it("reports the missing value as an empty actual list", () => {
    expect(run('http.headers.x_tenant != "a"').failedAt).toEqual({ predicate: 'http.headers.x_tenant != "a"', path: [], actual: [] });
  });
});

describe("multi-valued ⇒ all values must match unless any()", () => {
  const headers = { "X-Tenant": ["b", "a"] };
  it("== needs every value", () => {
    expect(run('http.headers.x_tenant == "a"', { headers }).matched).toBe(false);
    expect(run('any(http.headers.x_tenant) == "a"', { headers }).matched).toBe(true);
  });
  it("!= needs every value too", () => {
    expect(run('http.headers.x_tenant != "a"', { headers }).matched).toBe(false);
    expect(run('any(http.headers.x_tenant) != "a"', { headers }).matched).toBe(true);
  });
  it("shows all values when it fails", () => {
    expect(run('http.headers.x_tenant == "a"', { headers }).failedAt?.actual).toEqual(["b", "a"]);
  });
});

describe("operators", () => {
  it("lower() lower-cases the field, not the operand", () => {
    expect(run('lower(http.host) == "api.example.com"', { host: "API.Example.COM" }).matched).toBe(true);
    expect(run('http.host == "api.example.com"', { host: "API.Example.COM" }).matched).toBe(false);
  });
  it("~ is unanchored", () => {
    expect(run('http.path ~ "b"').matched).toBe(true);
    expect(run('http.path ~ "^b"').matched).toBe(false);
  });
  it("~ uses Rust semantics: . excludes only \\n, \\d is Unicode", () => {
    expect(run('http.headers.x ~ "^a.b$"', { headers: { x: "a\rb" } }).matched).toBe(true);
    expect(run(String.raw`http.headers.x ~ r#"^\d$"#`, { headers: { x: "٣" } }).matched).toBe(true);
  });
  it("IP == keeps families apart and in tests containment", () => {
    expect(run("net.src.ip in 10.0.0.0/8", { srcIp: "10.2.3.4" }).matched).toBe(true);
    expect(run("net.src.ip == ::ffff:a00:1", { srcIp: "10.0.0.1" }).matched).toBe(false);
    expect(run("net.src.ip not in 10.0.0.0/8", { srcIp: "::1" }).matched).toBe(true);
  });
  it("integers compare numerically", () => {
    expect(run("net.dst.port >= 0x1bb", { dstPort: 443 }).matched).toBe(true);
    expect(run("http.path.segments.len == 2").matched).toBe(true);
  });
});

describe("explain", () => {
  it("names the first failed predicate with its path and actual values", () => {
    const r = run('http.host == "api.example.com" && (http.path == "/x" || http.path ^= "/y")');
    expect(r).toEqual({ matched: false, failedAt: { predicate: 'http.path == "/x"', path: [1, 0], actual: ["/a/b"] } });
  });
  it("blames a negation when its inner expression matched", () => {
    expect(run('!(http.method == "GET")').failedAt).toEqual({ predicate: '!(http.method == "GET")', path: [], actual: [] });
  });
  it("returns numbered and named regex captures of a match", () => {
    expect(run(String.raw`http.path ~ r#"^/(?<first>[^/]+)/(\w+)$"#`).captures).toEqual({ "0": "/a/b", "1": "a", first: "a", "2": "b" });
  });
});

/**
 * The evaluator as first written: straight recursion over the tree, captures and failure built
 * at every node. ExprSet shares subtrees and evaluates lazily; this is the oracle it must agree
 * with (verdict, failure text, path and values, captures). A lone predicate's verdict is taken
 * from evaluate() itself: operand semantics are checked against Kong's engine in
 * differential.test.ts.
 */
function reference(expr: Expr, ctx: RequestContext): EvalResult {
  type Outcome = { matched: boolean; failedAt?: FailedAt; captures: Record<string, string> };
  const predicate = (p: Predicate, path: number[]): Outcome => {
    const values = fieldValues(ctx, p.lhs.field);
    if (!evaluate(p, ctx).matched) return { matched: false, captures: {}, failedAt: { predicate: printPredicate(p), path, actual: values.map(String) } };
    const captures: Record<string, string> = {};
    if (p.op === "~" && p.rhs.type === "string") {
      const t = translateRustRegex(p.rhs.value);
      if (!t.ok) throw new Error(t.message);
      for (const v of values) {
        if (typeof v !== "string") continue;
        new RegExp(t.source, t.flags).exec(p.lhs.transforms.includes("lower") ? v.toLowerCase() : v)?.forEach((g, i) => {
          if (g === undefined) return;
          captures[String(i)] = g;
          const name = t.groupNames[i];
          if (name) captures[name] = g;
        });
      }
    }
    return { matched: true, captures };
  };
  const walk = (e: Expr, path: number[]): Outcome => {
    switch (e.kind) {
      case "predicate":
        return predicate(e, path);
      case "not":
        return walk(e.expr, [...path, 0]).matched
          ? { matched: false, captures: {}, failedAt: { predicate: print(e), path, actual: [] } }
          : { matched: true, captures: {} };
      case "and": {
        const captures: Record<string, string> = {};
        for (let i = 0; i < e.terms.length; i++) {
          const r = walk(e.terms[i], [...path, i]);
          if (!r.matched) return { matched: false, captures: {}, failedAt: r.failedAt };
          Object.assign(captures, r.captures);
        }
        return { matched: true, captures };
      }
      case "or": {
        let first: FailedAt | undefined;
        for (let i = 0; i < e.terms.length; i++) {
          const r = walk(e.terms[i], [...path, i]);
          if (r.matched) return r;
          first ??= r.failedAt;
        }
        return { matched: false, captures: {}, failedAt: first };
      }
    }
  };
  const r = walk(expr, []);
  if (!r.matched) return { matched: false, failedAt: r.failedAt };
  return Object.keys(r.captures).length > 0 ? { matched: true, captures: r.captures } : { matched: true };
}

describe("evaluation of shared subtrees (ExprSet) agrees with plain recursion", () => {
  /**
   * Expressions that reuse each other: the same objects under new groups, and structurally
   * equal copies, so that ExprSet merges nodes and answers some from memory.
   */
  const batchArb = fc
    .array(validExprArb, { minLength: 1, maxLength: 6 })
    .chain((base) =>
      fc
        .array(
          fc.oneof(
            fc.constantFrom(...base),
            fc.constantFrom(...base).map((e) => structuredClone(e)),
            fc.tuple(fc.constantFrom(...base), fc.constantFrom(...base), fc.constantFrom("and" as const, "or" as const)).map(([a, b, kind]): Expr => ({ kind, terms: [a, structuredClone(b)] })),
            fc.constantFrom(...base).map((e): Expr => ({ kind: "not", expr: e })),
          ),
          { minLength: 1, maxLength: 12 },
        )
        .map((more) => [...base, ...more]),
    );

  it("gives every expression the verdict, first failure and captures of plain recursion, in any order", () => {
    fc.assert(
      fc.property(batchArb, fc.array(requestArb, { minLength: 1, maxLength: 3 }), fc.boolean(), (exprs, requests, backwards) => {
        const set = new ExprSet(exprs);
        for (const request of requests) {
          const ctx = buildContext(request);
          const run = set.evaluate(ctx);
          const order = exprs.map((_, i) => (backwards ? exprs.length - 1 - i : i));
          for (const i of order) {
            const expected = reference(exprs[i], ctx);
            const matched = run.matched(i);
            const got: EvalResult = matched ? { matched } : { matched, failedAt: run.failedAt(i) };
            if (matched && Object.keys(run.captures(i)).length > 0) got.captures = run.captures(i);
            // JSON, not toEqual: the API's answer is JSON, and key order (captures) is part of it.
            expect(JSON.stringify(got)).toBe(JSON.stringify(expected));
            expect(JSON.stringify(evaluate(exprs[i], ctx))).toBe(JSON.stringify(expected));
          }
        }
      }),
      { numRuns: 400, seed: 20261201 },
    );
  });

  it("makes one node of structurally equal subtrees", () => {
    const host = () => parseOk('http.host == "a" && http.path ^= "/x"');
    const set = new ExprSet([host(), host(), { kind: "or", terms: [host(), parseOk('http.method == "GET"')] }]);
    // host: predicate, predicate, and; the or adds one predicate and itself.
    expect(set.nodeCount).toBe(5);
  });
});

function parseOk(text: string): Expr {
  const r = parse(text);
  if (!r.ok) throw new Error(JSON.stringify(r.errors));
  return r.expr;
}
