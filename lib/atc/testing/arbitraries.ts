/**
 * fast-check generators for expressions and requests, shared by the property and differential
 * tests. Values come from a small vocabulary so that generated requests actually match some
 * generated expressions.
 */
import fc from "fast-check";
import type { Expr, Op, Predicate, Transform, Value } from "../ast";
import type { HttpRequest } from "../context";
import { formatCidr, formatIp, parseCidr, parseIpAddress } from "../ip";
import { quote } from "../print";

export const STRING_FIELDS = [
  "http.path",
  "http.host",
  "http.method",
  "net.protocol",
  "tls.sni",
  "http.headers.x_tenant",
  "http.headers.accept",
  "http.queries.q",
  "http.path.segments.0",
  "http.path.segments.1",
  "http.path.segments.0_1",
  "http.path.segments.1_2",
];
export const INT_FIELDS = ["net.src.port", "net.dst.port", "http.path.segments.len"];
export const IP_FIELDS = ["net.src.ip", "net.dst.ip"];

const WORDS = ["", "a", "b", "A", "/", "/a", "/a/", "/a/b", "a/b", "GET", "get", "POST", "http", "https", "x.example.com", "X.Example.com", "t1", "T1", "é", 'q"u', "b\\s", "x\ny"];
const word = fc.constantFrom(...WORDS);

const IPS = ["10.0.0.1", "10.1.2.3", "192.168.1.7", "::1", "fe80::1", "::ffff:a00:1", "2001:db8::5", "0.0.0.0"];
const CIDRS = ["10.0.0.0/8", "10.0.0.0/24", "192.168.0.0/16", "0.0.0.0/0", "10.0.0.1/32", "fe80::/10", "::/0", "::ffff:0:0/96", "2001:db8::/32", "::1/128"];

/** Regexes in the Rust syntax subset lib/atc translates. */
export const validRegexArb: fc.Arbitrary<string> = fc.letrec<{ re: string; atom: string }>((tie) => ({
  atom: fc.oneof(
    { weight: 6, arbitrary: fc.constantFrom("a", "b", "A", "/", "\\.", "\\d", "\\w", "\\s", ".", "[a-c]", "[^/]", "[[:alpha:]]", "\\pL", "é", "t1", "-", "x", "\\b") },
    { weight: 1, arbitrary: fc.constantFrom("^", "$", "\\A", "\\z") },
    { weight: 2, arbitrary: tie("re").map((r) => `(${r})`) },
    { weight: 1, arbitrary: tie("re").map((r) => `(?:${r})`) },
    { weight: 1, arbitrary: tie("re").map((r) => `(?<g>${r})`) },
  ),
  re: fc
    .array(
      fc.tuple(tie("atom"), fc.constantFrom("", "", "", "*", "+", "?", "{1,2}", "*?", "{2}")).map(([a, q]) => a + q),
      { minLength: 0, maxLength: 4 },
    )
    .chain((parts) => fc.constantFrom(parts.join(""), `${parts.join("")}|b`)),
}))
  // Rust rejects a capture name used twice.
  .re.filter((re) => (re.match(/\(\?<g>/g) ?? []).length <= 1)
  .chain((re) => fc.oneof({ weight: 12, arbitrary: fc.constant(re) }, { weight: 1, arbitrary: fc.constant(`(?i)${re}`) }));

/** Valid regexes plus some Kong rejects: look-around, backreference, unclosed group/class, bad range. */
export const regexArb: fc.Arbitrary<string> = validRegexArb.chain((re) =>
  fc.oneof(
    { weight: 12, arbitrary: fc.constant(re) },
    { weight: 1, arbitrary: fc.constantFrom(`(?=${re})`, `(a)\\1`, `(${re}`, `[${re}`, "x{2,1}", "*a", "\\q") },
  ),
);

const transformsArb: fc.Arbitrary<Transform[]> = fc.constantFrom<Transform[]>([], [], [], ["any"], ["lower"], ["lower", "any"], ["any", "lower"]);

/** A predicate; `typed` keeps operator and value types compatible with the field. */
export function predicateArb(typed: boolean, regexes: fc.Arbitrary<string> = regexArb): fc.Arbitrary<Predicate> {
  const stringPred = fc.record({
    field: fc.constantFrom(...STRING_FIELDS),
    transforms: transformsArb,
    op: fc.constantFrom<Op>("==", "!=", "^=", "=^", "contains", "~"),
    word,
    regex: regexes,
  }).map(({ field, transforms, op, word: w, regex }): Predicate => ({
    kind: "predicate",
    lhs: { field, transforms },
    op,
    rhs: { type: "string", value: op === "~" ? regex : w },
  }));
  const intPred = fc.record({
    field: fc.constantFrom(...INT_FIELDS),
    transforms: fc.constantFrom<Transform[]>([], ["any"]),
    op: fc.constantFrom<Op>("==", "!=", ">", ">=", "<", "<="),
    value: fc.oneof(fc.integer({ min: -3, max: 9000 }), fc.constantFrom(0, 1, 2, 3, 80, 443, 8080, Number.MAX_SAFE_INTEGER, -Number.MAX_SAFE_INTEGER)),
  }).map(({ field, transforms, op, value }): Predicate => ({ kind: "predicate", lhs: { field, transforms }, op, rhs: { type: "int", value } }));
  const ipPred = fc.record({
    field: fc.constantFrom(...IP_FIELDS),
    transforms: fc.constantFrom<Transform[]>([], ["any"]),
    which: fc.constantFrom("==", "!=", "in", "not in"),
    ip: fc.constantFrom(...IPS),
    cidr: fc.constantFrom(...CIDRS),
  }).map(({ field, transforms, which, ip, cidr }): Predicate => {
    const rhs: Value = which === "in" || which === "not in" ? cidrValue(cidr) : ipValue(ip);
    return { kind: "predicate", lhs: { field, transforms }, op: which as Op, rhs };
  });
  const anyPred = fc.record({
    field: fc.constantFrom(...STRING_FIELDS, ...INT_FIELDS, ...IP_FIELDS, "http.nope", "http.headers.a.b", "net.src"),
    transforms: transformsArb,
    op: fc.constantFrom<Op>("==", "!=", "^=", "=^", "contains", "~", ">", ">=", "<", "<=", "in", "not in"),
    rhs: fc.oneof(
      word.map((w): Value => ({ type: "string", value: w })),
      fc.integer({ min: -5, max: 100 }).map((n): Value => ({ type: "int", value: n })),
      fc.constantFrom(...IPS).map(ipValue),
      fc.constantFrom(...CIDRS).map(cidrValue),
    ),
  }).map(({ field, transforms, op, rhs }): Predicate => ({ kind: "predicate", lhs: { field, transforms }, op, rhs }));
  return typed ? fc.oneof({ weight: 5, arbitrary: stringPred }, { weight: 2, arbitrary: intPred }, { weight: 2, arbitrary: ipPred }) : anyPred;
}

function ipValue(text: string): Value {
  return { type: "ip", value: formatIp(parseIpAddress(text)!) };
}

function cidrValue(text: string): Value {
  const r = parseCidr(text);
  if (!r.ok) throw new Error(text);
  return { type: "cidr", value: formatCidr(r.network) };
}

/**
 * Trees as the builders make them: n-ary groups of ≥ 2 terms, nesting up to `depth`. `valid`
 * trees (typed, Kong-valid regexes) must survive a print/parse round trip.
 */
export function exprArb(typed: boolean, depth = 3, regexes: fc.Arbitrary<string> = regexArb): fc.Arbitrary<Expr> {
  const { expr } = fc.letrec<{ expr: Expr }>((tie) => ({
    expr: fc.oneof(
      { depthSize: "small", withCrossShrink: true },
      { weight: 4, arbitrary: predicateArb(typed, regexes) },
      { weight: 1, arbitrary: fc.array(tie("expr"), { minLength: 2, maxLength: 3 }).map((terms): Expr => ({ kind: "and", terms })) },
      { weight: 1, arbitrary: fc.array(tie("expr"), { minLength: 2, maxLength: 3 }).map((terms): Expr => ({ kind: "or", terms })) },
      { weight: 1, arbitrary: tie("expr").map((e): Expr => ({ kind: "not", expr: e })) },
    ),
  }));
  return expr.filter((e) => treeDepth(e) <= depth);
}

export const validExprArb: fc.Arbitrary<Expr> = exprArb(true, 3, validRegexArb);

function treeDepth(e: Expr): number {
  if (e.kind === "predicate") return 0;
  if (e.kind === "not") return 1 + treeDepth(e.expr);
  return 1 + Math.max(...e.terms.map(treeDepth));
}

/** Writing choices for one rendering: spacing, optional parentheses, number radix, string form. */
export interface Style {
  next: () => number;
}

/**
 * Renders a tree as text a human might write: random spacing, parentheses only sometimes (so
 * Kong's precedence decides), ints in hex/octal, regexes raw or quoted. The text, not the tree,
 * is what both parsers are compared on.
 */
export function sloppyPrint(e: Expr, rnd: () => number): string {
  const sp = (): string => ["", " ", " ", "  ", "\n", "\t"][Math.floor(rnd() * 6)];
  const sp1 = (): string => [" ", " ", "\n ", "\t"][Math.floor(rnd() * 4)];
  const value = (p: Predicate): string => {
    const v = p.rhs;
    switch (v.type) {
      case "string":
        return rnd() < 0.5 && !v.value.includes('"#') ? `r#"${v.value}"#` : quote(v.value);
      case "int": {
        const r = rnd();
        const sign = v.value < 0 ? "-" : "";
        const abs = Math.abs(v.value);
        if (r < 0.15) return `${sign}0x${abs.toString(16)}`;
        if (r < 0.25 && abs > 0) return `${sign}0${abs.toString(8)}`;
        return String(v.value);
      }
      case "ip":
      case "cidr":
        return rnd() < 0.3 ? v.value.toUpperCase() : v.value;
    }
  };
  const pred = (p: Predicate): string => {
    const lhs = p.lhs.transforms.reduceRight((inner, t) => `${t}(${sp()}${inner}${sp()})`, p.lhs.field);
    const alpha = /^[a-z]/.test(p.op);
    return `${lhs}${alpha ? sp1() : sp()}${p.op}${sp()}${value(p)}`;
  };
  const walk = (x: Expr, top: boolean): string => {
    switch (x.kind) {
      case "predicate":
        return pred(x);
      case "not":
        return `!${sp()}(${sp()}${walk(x.expr, true)}${sp()})`;
      default: {
        const body = x.terms.map((t) => walk(t, false)).join(`${sp()}${x.kind === "and" ? "&&" : "||"}${sp()}`);
        return top || rnd() < 0.4 ? body : `(${sp()}${body}${sp()})`;
      }
    }
  };
  return `${sp()}${walk(e, true)}${sp()}`;
}

const GARBAGE = [..."()!&|=~^<>-:./#r\\\" 0123456789abcfinotxl_"];

/** 1–3 character-level mutations: delete, insert, duplicate, swap, truncate. */
export function garble(text: string, rnd: () => number): string {
  let s = text;
  const n = 1 + Math.floor(rnd() * 3);
  for (let k = 0; k < n; k++) {
    const i = Math.floor(rnd() * (s.length + 1));
    switch (Math.floor(rnd() * 5)) {
      case 0:
        s = s.slice(0, i) + s.slice(i + 1);
        break;
      case 1:
        s = s.slice(0, i) + GARBAGE[Math.floor(rnd() * GARBAGE.length)] + s.slice(i);
        break;
      case 2:
        s = s.slice(0, i) + s.slice(i, i + 3) + s.slice(i);
        break;
      case 3:
        s = s.slice(0, i) + s.slice(i + 1, i + 2) + s.slice(i, i + 1) + s.slice(i + 2);
        break;
      default:
        s = s.slice(0, Math.max(1, i));
    }
  }
  return s;
}

const segment = fc.constantFrom("a", "b", "A", "t1", ".", "..", "", "%61", "%2F", "%7e", "é", "x.y");

export const requestArb: fc.Arbitrary<HttpRequest> = fc.record({
  method: fc.constantFrom("GET", "POST", "get"),
  scheme: fc.constantFrom("http", "https"),
  host: fc.constantFrom("x.example.com", "X.Example.com:8443", "a", "b:80"),
  path: fc.array(segment, { maxLength: 4 }).map((s) => `/${s.join("/")}`),
  headers: fc.dictionary(fc.constantFrom("X-Tenant", "x-tenant", "Accept"), fc.oneof(word, fc.array(word, { minLength: 1, maxLength: 3 })), { maxKeys: 2 }),
  query: fc.dictionary(fc.constantFrom("q", "Q"), fc.oneof(word, fc.array(word, { minLength: 1, maxLength: 2 })), { maxKeys: 1 }),
  sni: fc.option(fc.constantFrom("x.example.com", "a"), { nil: undefined }),
  srcIp: fc.option(fc.constantFrom(...IPS, "10.0.0.200", "1.2.3.4"), { nil: undefined }),
  srcPort: fc.option(fc.constantFrom(80, 443, 8080, 1), { nil: undefined }),
  dstIp: fc.option(fc.constantFrom(...IPS), { nil: undefined }),
  dstPort: fc.option(fc.constantFrom(80, 443, 0), { nil: undefined }),
});
