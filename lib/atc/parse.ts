import type { Expr, FieldType, Lhs, Op, Predicate, Span, Transform, Value } from "./ast";
import { formatCidr, formatIp, parseCidr, parseIpv4, parseIpv6 } from "./ip";
import { translateRustRegex } from "./regex";
import { fieldType, HTTP_FIELDS, type Schema } from "./schema";

/**
 * Kong's expression parser (atc-router's pest grammar plus its validation pass), rewritten so that
 * it reports every error with a position instead of stopping at the first one.
 *
 * Error codes follow the stage at which Kong rejects the text:
 * - `syntax`: the grammar doesn't match (Kong: `parseError`/`parsingError`);
 * - `literal`: the grammar matches but a value is bad — IP, CIDR, number, regex, transformation
 *   name (Kong: `parseError`/`customError`, with a span);
 * - `type`: unknown field or operator/type mismatch (Kong: `validationError`, no position);
 * - `unsupported`: Kong would accept it, but Switchyard can't evaluate it faithfully (a regex
 *   feature JavaScript can't express, an integer beyond ±(2^53−1)); see regex.ts.
 */
export type ParseErrorCode = "syntax" | "literal" | "type" | "unsupported";

export interface Position {
  /** 1-based, like Kong's `lineCol`. */
  line: number;
  column: number;
}

export interface ParseError {
  code: ParseErrorCode;
  message: string;
  /** UTF-16 offsets into the source, end exclusive. */
  span: Span;
  start: Position;
  end: Position;
}

export type ParseResult =
  | { ok: true; expr: Expr; spans: Map<Expr, Span> }
  | { ok: false; errors: ParseError[] };

export interface ParseOptions {
  /** Field types; Kong's HTTP fields by default. */
  schema?: Schema;
}

const isAlpha = (c: string | undefined): boolean => c !== undefined && /^[A-Za-z]$/.test(c);
const isIdentChar = (c: string | undefined): boolean => c !== undefined && /^[A-Za-z0-9_.]$/.test(c);
const isWs = (c: string | undefined): boolean => c === " " || c === "\t" || c === "\r" || c === "\n";
const isDigit = (c: string | undefined): boolean => c !== undefined && c >= "0" && c <= "9";
const isHex = (c: string | undefined): boolean => c !== undefined && /^[0-9a-fA-F]$/.test(c);

/** Kong's operators, longest spelling first where one is a prefix of another (pest's ordered choice). */
const OPERATORS: Op[] = ["==", "!=", "~", "^=", "=^", ">=", ">", "<=", "<", "in", "contains"];

const I64_MAX = 9223372036854775807n;

class SyntaxFailure extends Error {}

interface RawPredicate {
  lhs: Lhs;
  lhsSpan: Span;
  transformSpans: { name: string; span: Span }[];
  op: Op;
  rhs: Value | null;
  rhsSpan: Span;
  span: Span;
}

class Parser {
  private pos = 0;
  readonly errors: ParseError[] = [];
  readonly spans = new Map<Expr, Span>();
  private readonly lineStarts: number[] = [0];

  constructor(
    private readonly src: string,
    private readonly schema: Schema,
  ) {
    for (let i = 0; i < src.length; i++) if (src[i] === "\n") this.lineStarts.push(i + 1);
  }

  run(): Expr | null {
    this.ws();
    const expr = this.expression(0);
    this.ws();
    if (this.pos < this.src.length) {
      // Only reachable after a `)` with no matching `(`: report it and stop.
      this.error("syntax", "unexpected `)`: no matching `(`", this.pos, this.pos + 1);
    }
    return expr;
  }

  private position(offset: number): Position {
    let lo = 0;
    let hi = this.lineStarts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.lineStarts[mid] <= offset) lo = mid;
      else hi = mid - 1;
    }
    return { line: lo + 1, column: offset - this.lineStarts[lo] + 1 };
  }

  error(code: ParseErrorCode, message: string, start: number, end: number): void {
    this.errors.push({ code, message, span: { start, end }, start: this.position(start), end: this.position(end) });
  }

  private fail(message: string, at = this.pos, end = Math.min(this.src.length, at + 1)): never {
    this.error("syntax", message, at, Math.max(at, end));
    throw new SyntaxFailure(message);
  }

  private ws(): void {
    while (isWs(this.src[this.pos])) this.pos++;
  }

  private peekLogical(): "&&" | "||" | null {
    const two = this.src.slice(this.pos, this.pos + 2);
    return two === "&&" || two === "||" ? two : null;
  }

  /** `term (("&&" | "||") term)*`; `||` binds tighter than `&&` (atc-router ≥ 1.2), both left-associative. */
  private expression(depth: number): Expr | null {
    const terms: (Expr | null)[] = [this.recoveringTerm(depth)];
    const ops: ("&&" | "||")[] = [];
    for (;;) {
      this.ws();
      const op = this.peekLogical();
      if (op) {
        this.pos += 2;
        this.ws();
        ops.push(op);
        terms.push(this.recoveringTerm(depth));
        continue;
      }
      const c = this.src[this.pos];
      if (c === undefined || (c === ")" && depth > 0)) break;
      // Something follows a complete term that can't continue the expression.
      const start = this.pos;
      this.error("syntax", c === ")" ? "unexpected `)`: no matching `(`" : "expected `&&`, `||` or the end of the expression", start, start + 1);
      if (c === ")") this.pos++;
      this.skipToSync(depth);
    }
    if (terms.some((t) => t === null)) return null;
    return this.combine(terms as Expr[], ops);
  }

  private combine(terms: Expr[], ops: ("&&" | "||")[]): Expr {
    const andGroups: Expr[][] = [[terms[0]]];
    ops.forEach((op, i) => {
      if (op === "&&") andGroups.push([terms[i + 1]]);
      else andGroups[andGroups.length - 1].push(terms[i + 1]);
    });
    const spanOf = (es: Expr[]): Span => ({ start: this.spans.get(es[0])!.start, end: this.spans.get(es[es.length - 1])!.end });
    const ors = andGroups.map((g) => {
      if (g.length === 1) return g[0];
      const or: Expr = { kind: "or", terms: g };
      this.spans.set(or, spanOf(g));
      return or;
    });
    if (ors.length === 1) return ors[0];
    const and: Expr = { kind: "and", terms: ors };
    this.spans.set(and, spanOf(ors));
    return and;
  }

  private recoveringTerm(depth: number): Expr | null {
    try {
      return this.term(depth);
    } catch (e) {
      if (!(e instanceof SyntaxFailure)) throw e;
      this.skipToSync(depth);
      return null;
    }
  }

  /** Skips to the next `&&`/`||` at this nesting level, or to the `)` closing it, so parsing can resume. */
  private skipToSync(depth: number): void {
    let nesting = 0;
    while (this.pos < this.src.length) {
      const c = this.src[this.pos];
      if (c === '"') {
        this.pos++;
        while (this.pos < this.src.length && this.src[this.pos] !== '"') this.pos += this.src[this.pos] === "\\" ? 2 : 1;
        this.pos++;
        continue;
      }
      if (nesting === 0 && this.peekLogical()) return;
      if (c === "(") nesting++;
      if (c === ")") {
        if (nesting === 0 && depth > 0) return;
        if (nesting > 0) nesting--;
      }
      this.pos++;
    }
  }

  private term(depth: number): Expr {
    const start = this.pos;
    const c = this.src[this.pos];
    if (c === "!" || c === "(") {
      if (c === "!") {
        this.pos++;
        this.ws();
        if (this.src[this.pos] !== "(") this.fail("`!` must be followed by `(`: Kong only negates parenthesized expressions", start);
      }
      this.pos++;
      this.ws();
      const inner = this.expression(depth + 1);
      this.ws();
      if (this.src[this.pos] !== ")") this.fail("expected `)`");
      this.pos++;
      if (inner === null) throw new SyntaxFailure("inner error");
      const expr: Expr = c === "!" ? { kind: "not", expr: inner } : inner;
      this.spans.set(expr, { start, end: this.pos });
      return expr;
    }
    if (!isAlpha(c)) this.fail(c === undefined ? "expected a predicate or `(`, found the end of the expression" : "expected a predicate or `(`");
    return this.predicate();
  }

  private ident(): { name: string; span: Span } {
    const start = this.pos;
    if (!isAlpha(this.src[this.pos])) this.fail("expected a field name");
    while (isIdentChar(this.src[this.pos])) this.pos++;
    return { name: this.src.slice(start, this.pos), span: { start, end: this.pos } };
  }

  private lhs(transforms: { name: string; span: Span }[]): { field: string; span: Span } {
    const start = this.pos;
    const id = this.ident();
    const after = this.pos;
    this.ws();
    if (this.src[this.pos] !== "(") {
      this.pos = after;
      return { field: id.name, span: id.span };
    }
    this.pos++;
    this.ws();
    const index = transforms.length;
    transforms.push({ name: id.name, span: { start, end: start } });
    const inner = this.lhs(transforms);
    this.ws();
    if (this.src[this.pos] !== ")") this.fail("expected `)` closing the transformation");
    this.pos++;
    transforms[index].span.end = this.pos;
    return { field: inner.field, span: { start, end: this.pos } };
  }

  private operator(): Op {
    const start = this.pos;
    for (const op of OPERATORS) {
      if (this.src.startsWith(op, this.pos)) {
        this.pos += op.length;
        return op;
      }
    }
    if (this.src.startsWith("not", this.pos)) {
      this.pos += 3;
      const gap = this.pos;
      this.ws();
      if (this.src.startsWith("in", this.pos)) {
        // Kong's grammar allows any whitespace here, but its parser only recognizes the exact text
        // `not in` and panics on anything else; refuse what would crash the gateway.
        if (this.src.slice(gap, this.pos) !== " ") this.fail("write `not in` with exactly one space", start, this.pos + 2);
        this.pos += 2;
        return "not in";
      }
    }
    return this.fail("expected an operator (== != ~ ^= =^ contains > >= < <= in, not in)", start);
  }

  private predicate(): Expr {
    const start = this.pos;
    const transformSpans: { name: string; span: Span }[] = [];
    const lhs = this.lhs(transformSpans);
    this.ws();
    const op = this.operator();
    this.ws();
    const rhsStart = this.pos;
    const rhs = this.value();
    const raw: RawPredicate = {
      lhs: { field: lhs.field, transforms: transformSpans.map((t) => t.name as Transform) },
      lhsSpan: lhs.span,
      transformSpans,
      op,
      rhs,
      rhsSpan: { start: rhsStart, end: this.pos },
      span: { start, end: this.pos },
    };
    const pred = this.check(raw);
    this.spans.set(pred, raw.span);
    return pred;
  }

  /** The right-hand side, in pest's order: string, raw string, IP/CIDR, integer. */
  private value(): Value | null {
    const start = this.pos;
    const c = this.src[this.pos];
    if (c === '"') return this.quotedString();
    if (this.src.startsWith('r#"', this.pos)) {
      const close = this.src.indexOf('"#', this.pos + 3);
      if (close < 0) this.fail("unterminated raw string: expected `\"#`", this.src.length);
      this.pos = close + 2;
      return { type: "string", value: this.src.slice(start + 3, close) };
    }
    const ip = this.ipLiteral();
    if (ip !== undefined) return ip;
    const int = this.intLiteral();
    if (int !== undefined) return int;
    return this.fail("expected a value: a string, an integer, an IP address or a CIDR", start);
  }

  private quotedString(): Value {
    const start = this.pos;
    this.pos++;
    let out = "";
    let bad = false;
    for (;;) {
      const c = this.src[this.pos];
      if (c === undefined) this.fail("unterminated string: expected `\"`", this.pos);
      if (c === '"') break;
      if (c === "\\") {
        const e = this.src[this.pos + 1];
        const map: Record<string, string> = { '"': '"', "\\": "\\", n: "\n", r: "\r", t: "\t" };
        if (e !== undefined && Object.hasOwn(map, e)) {
          out += map[e];
        } else {
          this.error("syntax", "invalid escape: Kong allows only \\\" \\\\ \\n \\r \\t", this.pos, this.pos + (e === undefined ? 1 : 2));
          bad = true;
        }
        this.pos += 2;
        continue;
      }
      out += c;
      this.pos++;
    }
    this.pos++;
    if (bad) throw new SyntaxFailure("bad escape");
    void start;
    return { type: "string", value: out };
  }

  /** Mirrors the grammar's `ipv4_cidr | ipv6_cidr | ipv4 | ipv6` (atomic tokens, no backtracking inside repetitions). */
  /** `undefined`: no IP token here; `null`: an IP token with a bad value (already reported). */
  private ipLiteral(): Value | null | undefined {
    const s = this.src;
    const p = this.pos;
    const digits = (at: number, max: number): number => {
      let n = 0;
      while (n < max && isDigit(s[at + n])) n++;
      return n;
    };
    const ipv4 = (at: number): number => {
      let q = at;
      for (let i = 0; i < 4; i++) {
        if (i > 0) {
          if (s[q] !== ".") return -1;
          q++;
        }
        const n = digits(q, 3);
        if (n === 0) return -1;
        q += n;
      }
      return q;
    };
    const ipv6 = (at: number): number => {
      let q = at;
      if (s[q] === ":") q++;
      else {
        let n = 0;
        while (n < 4 && isHex(s[q + n])) n++;
        if (n === 0) return -1;
        q += n;
      }
      if (s[q] !== ":") return -1;
      q++;
      while (isHex(s[q]) || s[q] === ":") q++;
      return q;
    };
    const withPrefix = (end: number, max: number): number => {
      if (end < 0 || s[end] !== "/") return -1;
      const n = digits(end + 1, max);
      return n === 0 ? -1 : end + 1 + n;
    };
    let end: number;
    let kind: "ip4" | "ip6" | "cidr4" | "cidr6";
    if ((end = withPrefix(ipv4(p), 2)) >= 0) kind = "cidr4";
    else if ((end = withPrefix(ipv6(p), 3)) >= 0) kind = "cidr6";
    else if ((end = ipv4(p)) >= 0) kind = "ip4";
    else if ((end = ipv6(p)) >= 0) kind = "ip6";
    else return undefined;
    this.pos = end;
    const text = s.slice(p, end);
    if (kind === "cidr4" || kind === "cidr6") {
      const r = parseCidr(text);
      if (!r.ok) {
        this.error("literal", r.message, p, end);
        return null;
      }
      return { type: "cidr", value: formatCidr(r.network) };
    }
    const addr = kind === "ip4" ? parseIpv4(text) : parseIpv6(text);
    if (!addr) {
      this.error("literal", `invalid IPv${kind === "ip4" ? 4 : 6} address syntax`, p, end);
      return null;
    }
    return { type: "ip", value: formatIp(addr) };
  }

  /** `-`? then octal `0[0-7]+`, hex `0x[0-9a-fA-F]+` or decimal, parsed as Rust's i64. */
  private intLiteral(): Value | null | undefined {
    const s = this.src;
    const start = this.pos;
    let q = start;
    const negative = s[q] === "-";
    if (negative) q++;
    let radix: 8 | 10 | 16;
    let digitsStart: number;
    if (s[q] === "0" && /[0-7]/.test(s[q + 1] ?? "")) {
      radix = 8;
      digitsStart = q + 1;
      q += 1;
      while (/[0-7]/.test(s[q] ?? "")) q++;
    } else if (s[q] === "0" && s[q + 1] === "x" && isHex(s[q + 2])) {
      radix = 16;
      digitsStart = q + 2;
      q += 2;
      while (isHex(s[q])) q++;
    } else if (isDigit(s[q])) {
      radix = 10;
      digitsStart = q;
      while (isDigit(s[q])) q++;
    } else {
      return undefined;
    }
    this.pos = q;
    const digits = s.slice(digitsStart, q);
    const prefix = radix === 16 ? "0x" : radix === 8 ? "0o" : "";
    const magnitude = BigInt(`${prefix}${digits}`);
    if (magnitude > I64_MAX) {
      this.error("literal", "number too large to fit in target type", start, q);
      return null;
    }
    const value = negative ? -magnitude : magnitude;
    if (value > BigInt(Number.MAX_SAFE_INTEGER) || value < -BigInt(Number.MAX_SAFE_INTEGER)) {
      this.error("unsupported", "integers beyond ±9007199254740991 can't be represented exactly here (Kong's own WASM build fails on them too)", start, q);
      return null;
    }
    return { type: "int", value: Number(value) };
  }

  /** The literal checks Kong makes while building its tree, then its validation pass. */
  private check(p: RawPredicate): Predicate {
    for (const t of p.transformSpans) {
      if (t.name !== "lower" && t.name !== "any") this.error("literal", `unknown transformation function: ${t.name}`, t.span.start, t.span.end);
    }
    const { rhs, op } = p;
    if (op === "~" && rhs) {
      if (rhs.type !== "string") this.error("literal", "regex operator can only be used with String operands", p.rhsSpan.start, p.rhsSpan.end);
      else {
        const r = translateRustRegex(rhs.value);
        if (!r.ok) this.error(r.kind === "invalid" ? "literal" : "unsupported", `regex: ${r.message}`, p.rhsSpan.start, p.rhsSpan.end);
      }
    }
    const pred: Predicate = { kind: "predicate", lhs: p.lhs, op, rhs: rhs ?? { type: "string", value: "" } };
    if (rhs) {
      const message = typeError(p.lhs, op, rhs, this.schema);
      if (message) this.error("type", message, message === "Unknown LHS field" ? p.lhsSpan.start : p.span.start, message === "Unknown LHS field" ? p.lhsSpan.end : p.span.end);
    }
    return pred;
  }
}

const VALUE_TYPES: Record<Value["type"], FieldType> = { string: "String", int: "Int", ip: "IpAddr", cidr: "IpCidr" };

/** atc-router's `Validate for Expression`, one predicate at a time (Kong's messages). */
export function typeError(lhs: Lhs, op: Op, rhs: Value, schema: Schema = HTTP_FIELDS): string | null {
  const lhsType = fieldType(lhs.field, schema);
  if (lhsType === undefined) return "Unknown LHS field";
  const rhsType = VALUE_TYPES[rhs.type];
  if (op !== "~" && op !== "in" && op !== "not in" && lhsType !== rhsType) return "Type mismatch between the LHS and RHS values of predicate";
  if (lhs.transforms.includes("lower") && lhsType !== "String") return "lower-case transformation function only supported with String type fields";
  switch (op) {
    case "==":
    case "!=":
      return null;
    case "~":
      return lhsType === "String" ? null : "Regex operators only supports string operands";
    case "^=":
    case "=^":
      return rhsType === "String" ? null : "Regex/Prefix/Postfix operators only supports string operands";
    case ">":
    case ">=":
    case "<":
    case "<=":
      return rhsType === "Int" ? null : "Greater/GreaterOrEqual/Lesser/LesserOrEqual operators only supports integer operands";
    case "in":
    case "not in":
      return lhsType === "IpAddr" && rhsType === "IpCidr" ? null : "In/NotIn operators only supports IP in CIDR";
    case "contains":
      return rhsType === "String" ? null : "Contains operator only supports string operands";
  }
}

/**
 * Parses and type-checks an expression. Every error is reported (syntax errors resynchronize at
 * the next `&&`/`||`/`)`), each with its span and line/column.
 */
export function parse(text: string, options: ParseOptions = {}): ParseResult {
  const parser = new Parser(text, options.schema ?? HTTP_FIELDS);
  const expr = parser.run();
  if (parser.errors.length > 0 || expr === null) {
    const errors = [...parser.errors].sort((a, b) => a.span.start - b.span.start);
    return { ok: false, errors };
  }
  return { ok: true, expr, spans: parser.spans };
}
