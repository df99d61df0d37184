import { describe, expect, it } from "vitest";
import { and, not, or, pred, str, int } from "./ast";
import { parse, type ParseResult } from "./parse";

function ok(text: string) {
  const r = parse(text);
  if (!r.ok) throw new Error(`expected ok, got ${JSON.stringify(r.errors)}`);
  return r.expr;
}

function errors(text: string) {
  const r: ParseResult = parse(text);
  if (r.ok) throw new Error(`expected errors for ${text}`);
  return r.errors;
}

const a = pred("http.host", "==", str("a"));
const b = pred("http.host", "==", str("b"));
const c = pred("http.host", "==", str("c"));

describe("precedence: || binds tighter than && (atc-router ≥ 1.2)", () => {
  it("reads a && b || c as a && (b || c)", () => {
    expect(ok('http.host == "a" && http.host == "b" || http.host == "c"')).toEqual(and(a, or(b, c)));
  });
  it("reads a || b && c as (a || b) && c", () => {
    expect(ok('http.host == "a" || http.host == "b" && http.host == "c"')).toEqual(and(or(a, b), c));
  });
  it("keeps explicit grouping instead of flattening it (Kong's tree is binary and left-associative)", () => {
    expect(ok('http.host == "a" && (http.host == "b" && http.host == "c")')).toEqual({ kind: "and", terms: [a, { kind: "and", terms: [b, c] }] });
  });
});

describe("negation: ! only before parentheses", () => {
  it("accepts !( … ) with optional space", () => {
    expect(ok('! (http.host == "a")')).toEqual(not(a));
  });
  it("rejects ! before a predicate", () => {
    expect(errors('!http.host == "a"')[0]).toMatchObject({ code: "syntax", span: { start: 0 } });
  });
});

describe("strings", () => {
  it("decodes the escapes \\\" \\\\ \\n \\r \\t", () => {
    expect(ok(String.raw`http.path == "q\"u\\x\n\r\t"`)).toEqual(pred("http.path", "==", str('q"u\\x\n\r\t')));
  });
  it("rejects any other escape, at the backslash", () => {
    expect(errors(String.raw`http.path == "a\x"`)[0]).toMatchObject({ code: "syntax", span: { start: 15, end: 17 } });
  });
  it("reads raw strings r#\"…\"# verbatim", () => {
    expect(ok(String.raw`http.path ~ r#"^/a/"b\d+$"#`)).toEqual(pred("http.path", "~", str(String.raw`^/a/"b\d+$`)));
  });
});

describe("integers as Kong reads them", () => {
  it.each([
    ["-1", -1],
    ["0x10", 16],
    ["-0x10", -16],
    ["010", 8],
    ["08", 8],
  ])("%s is %d", (text, value) => {
    expect(ok(`net.src.port == ${text}`)).toEqual(pred("net.src.port", "==", int(value)));
  });
  it("rejects 078 (octal 07 then a stray 8) and 0X10", () => {
    expect(errors("net.src.port == 078")[0].code).toBe("syntax");
    expect(errors("net.src.port == 0X10")[0].code).toBe("syntax");
  });
  it("rejects values beyond i64 like Kong, and beyond 2^53 as unsupported", () => {
    expect(errors("net.src.port == 9223372036854775808")[0]).toMatchObject({ code: "literal", message: "number too large to fit in target type" });
    expect(errors("net.src.port == 9007199254740992")[0].code).toBe("unsupported");
  });
});

describe("IP addresses and CIDRs", () => {
  it("canonicalizes addresses and keeps the prefix length", () => {
    expect(ok("net.src.ip == FE80:0:0::1")).toEqual(pred("net.src.ip", "==", { type: "ip", value: "fe80::1" }));
    expect(ok("net.src.ip in 10.0.0.0/08")).toEqual(pred("net.src.ip", "in", { type: "cidr", value: "10.0.0.0/8" }));
  });
  it.each([
    ["net.src.ip == 1.2.3.256", "invalid IPv4 address syntax"],
    ["net.src.ip == 01.2.3.4", "invalid IPv4 address syntax"],
    ["net.src.ip == 1::2::3", "invalid IPv6 address syntax"],
    ["net.src.ip in 10.0.0.1/8", "host part of address was not zero"],
    ["net.src.ip in 1.2.3.0/33", "invalid length for network: Network length 33 is too long for Ipv4 (maximum: 32)"],
  ])("rejects %s", (text, message) => {
    expect(errors(text)[0]).toMatchObject({ code: "literal", message });
  });
});

describe("transformations", () => {
  it("allows nesting, outermost first", () => {
    expect(ok('lower(any(http.path)) ^= "/a"')).toEqual(pred("http.path", "^=", str("/a"), ["lower", "any"]));
  });
  it("rejects unknown functions over their whole call", () => {
    expect(errors('upper(http.path) == "a"')[0]).toMatchObject({ code: "literal", span: { start: 0, end: 16 } });
  });
  it("lower() only on strings", () => {
    expect(errors("lower(net.src.port) == 1")[0]).toMatchObject({ code: "type", message: "lower-case transformation function only supported with String type fields" });
  });
});

describe("types as Kong validates them", () => {
  it.each([
    ['http.nope == "a"', "Unknown LHS field"],
    ['http.headers.a.b == "a"', "Unknown LHS field"],
    ["http.path == 1", "Type mismatch between the LHS and RHS values of predicate"],
    ['net.src.port ~ "a"', "Regex operators only supports string operands"],
    ['net.src.ip in "a"', "In/NotIn operators only supports IP in CIDR"],
    ["http.path in 10.0.0.0/8", "In/NotIn operators only supports IP in CIDR"],
    ["net.src.ip == 10.0.0.0/8", "Type mismatch between the LHS and RHS values of predicate"],
  ])("%s → %s", (text, message) => {
    expect(errors(text)).toEqual([expect.objectContaining({ code: "type", message })]);
  });
  it("resolves dynamic fields through Kong's wildcards", () => {
    expect(parse('http.headers.x_tenant == "t" && http.queries.q == "1" && http.path.segments.0_1 == "a/b" && http.path.segments.len == 2').ok).toBe(true);
  });
});

describe("regex operands use Rust syntax", () => {
  it.each([
    ['http.path ~ "(?=a)"', "look-around"],
    [String.raw`http.path ~ r#"(a)\1"#`, "backreferences"],
    ['http.path ~ "["', "unclosed character class"],
    ['http.path ~ "x{2,1}"', "repetition count"],
  ])("rejects %s", (text, fragment) => {
    const [e] = errors(text);
    expect(e.code).toBe("literal");
    expect(e.message).toContain(fragment);
  });
  it("rejects a non-string regex operand like Kong", () => {
    expect(errors("http.path ~ 1")[0]).toMatchObject({ code: "literal", message: "regex operator can only be used with String operands" });
  });
});

describe("not in", () => {
  it("must be written with exactly one space: other spacing crashes Kong's parser", () => {
    expect(parse("net.src.ip not in 10.0.0.0/8").ok).toBe(true);
    expect(errors("net.src.ip not  in 10.0.0.0/8")[0].code).toBe("syntax");
  });
});

describe("error positions", () => {
  it.each([
    ['http.path == "a" &&', 19, 1, 20],
    ['http.path "a"', 10, 1, 11],
    ['(http.path == "a"', 17, 1, 18],
    ['http.path == "a")', 16, 1, 17],
    ['http.path == "a"\n  && http.host == ', 35, 2, 19],
  ])("%j fails at offset %d (line %d, column %d)", (text, offset, line, column) => {
    const [e] = errors(text);
    expect(e.span.start).toBe(offset);
    expect(e.start).toEqual({ line, column });
  });
});

describe("multiple errors are all reported", () => {
  it("recovers after each broken term", () => {
    const es = errors('http.path == "a\\q" && http.nope == "x" && (net.src.port == "1" || net.src.ip == 1.2.3.999) && http.host "b"');
    expect(es.map((e) => [e.code, e.span.start, e.span.end])).toEqual([
      ["syntax", 15, 17], // the escape \q
      ["type", 22, 31], // the unknown field
      ["type", 43, 62], // Int field against a string
      ["literal", 80, 89], // 1.2.3.999
      ["syntax", 104, 105], // missing operator before "b"
    ]);
  });
});
