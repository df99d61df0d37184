import { describe, expect, it } from "vitest";
import { and, or, pred, str } from "./ast";
import { print, printPretty, quote } from "./print";

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
