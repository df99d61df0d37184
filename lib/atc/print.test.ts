import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { and, or, pred, str } from "./ast";
import { parse } from "./parse";
import { print, printPretty, quote } from "./print";
import { validExprArb } from "./testing/arbitraries";

describe("print", () => {
  it("parenthesizes every group so Kong's ||-over-&& precedence never matters", () => {
    const e = and(pred("http.path", "==", str("/capabilities")), pred("http.method", "==", str("GET")),
      or(pred("http.headers.x_okapi_tenant", "==", str("test")), pred("http.headers.x_okapi_tenant", "==", str("college"))));
    expect(print(e)).toBe(
      '(http.path == "/capabilities" && http.method == "GET" && (http.headers.x_okapi_tenant == "test" || http.headers.x_okapi_tenant == "college"))',
    );
  });

  it("writes regexes as raw strings and escapes quoted strings", () => {
    expect(print(pred("http.path", "~", str("^/a/[^/]+$")))).toBe('http.path ~ r#"^/a/[^/]+$"#');
    expect(print(pred("http.path", "~", str('a"#b')))).toBe('http.path ~ "a\\"#b"');
    expect(quote('a"b\\c\nd')).toBe('"a\\"b\\\\c\\nd"');
  });

  it("prints transformations outermost first", () => {
    expect(print(pred("http.path", "^=", str("/x"), ["lower", "any"]))).toBe('lower(any(http.path)) ^= "/x"');
  });

  it("pretty-prints one predicate or operator per line", () => {
    const e = and(pred("http.host", "==", str("a")), or(pred("http.path", "==", str("/p")), pred("http.path", "^=", str("/p/"))));
    expect(printPretty(e)).toBe(
      ['(', '  http.host == "a"', '  && (', '    http.path == "/p"', '    || http.path ^= "/p/"', '  )', ')'].join("\n"),
    );
  });
});

describe("round trip", () => {
  it("parse(print(e)) gives back e for every generated tree", () => {
    fc.assert(
      fc.property(validExprArb, (e) => {
        const r = parse(print(e));
        expect(r.ok && r.expr).toEqual(e);
        const pretty = parse(printPretty(e));
        expect(pretty.ok && pretty.expr).toEqual(e);
      }),
      { seed: 7, numRuns: 2000 },
    );
  });

  it("print is stable: printing a parsed print changes nothing", () => {
    fc.assert(
      fc.property(validExprArb, (e) => {
        const text = print(e);
        const r = parse(text);
        expect(r.ok && print(r.expr)).toBe(text);
      }),
      { seed: 8, numRuns: 1000 },
    );
  });
});
