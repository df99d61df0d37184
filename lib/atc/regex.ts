/**
 * Kong compiles `~` operands with Rust's `regex` crate: unanchored, leftmost-first, Unicode-aware
 * (`\d`, `\w`, `\s`, `\b` are Unicode), `.` excludes only `\n`, no look-around and no
 * backreferences. This module reads that syntax and writes an equivalent JavaScript RegExp
 * (`v` flag), so the evaluator matches what Kong matches and the parser rejects what Kong rejects.
 *
 * Deliberately unsupported (reported as `unsupported`, never silently approximated):
 * - flags other than `i`, `m`, `s`, `x`, `U` (i.e. `u`, `R`), and `i` that doesn't cover the
 *   whole pattern (JavaScript can't scope case-insensitivity portably);
 * - Unicode property names JavaScript doesn't know under the same spelling (Rust's loose matching
 *   of `\p{letter}` or bare script names such as `\p{Greek}` is not reproduced, except for the
 *   general categories and a few common scripts listed below).
 * Rust's compiled-size limit (10 MiB) is approximated by counting repeated atoms.
 */

export type RegexResult =
  | { ok: true; source: string; flags: string; groupNames: (string | null)[] }
  | { ok: false; kind: "invalid" | "unsupported"; message: string };

class RegexError extends Error {
  constructor(
    readonly kind: "invalid" | "unsupported",
    message: string,
  ) {
    super(message);
  }
}

const invalid = (message: string): never => {
  throw new RegexError("invalid", message);
};
const unsupported = (message: string): never => {
  throw new RegexError("unsupported", message);
};

interface Flags {
  i: boolean;
  m: boolean;
  s: boolean;
  x: boolean;
  U: boolean;
}

// Rust's \w is Unicode "word": alphabetic, marks, decimal digits, connector punctuation, join controls.
const WORD = String.raw`[\p{Alphabetic}\p{M}\p{Nd}\p{Pc}\p{Join_Control}]`;
const NOT_WORD = String.raw`[^\p{Alphabetic}\p{M}\p{Nd}\p{Pc}\p{Join_Control}]`;
const PERL_CLASSES: Record<string, string> = {
  d: String.raw`\p{Nd}`,
  D: String.raw`\P{Nd}`,
  s: String.raw`\p{White_Space}`,
  S: String.raw`\P{White_Space}`,
  w: WORD,
  W: NOT_WORD,
};

// Rust's POSIX classes are ASCII-only.
const POSIX: Record<string, string> = {
  alnum: "0-9A-Za-z",
  alpha: "A-Za-z",
  ascii: "\\x00-\\x7F",
  blank: "\\t ",
  cntrl: "\\x00-\\x1F\\x7F",
  digit: "0-9",
  graph: "!-~",
  lower: "a-z",
  print: " -~",
  punct: "!-\\/:-@\\[-`\\{-~",
  space: "\\t\\n\\x0B\\f\\r ",
  upper: "A-Z",
  word: "0-9A-Za-z_",
  xdigit: "0-9A-Fa-f",
};

// Loose Rust names (case, `_`, `-` and spaces ignored) that JavaScript spells differently.
const PROPERTY_ALIASES: Record<string, string> = {
  letter: "L",
  uppercaseletter: "Lu",
  lowercaseletter: "Ll",
  mark: "M",
  number: "N",
  decimalnumber: "Nd",
  digit: "Nd",
  punctuation: "P",
  symbol: "S",
  separator: "Z",
  other: "C",
  greek: "Script=Greek",
  latin: "Script=Latin",
  cyrillic: "Script=Cyrillic",
  han: "Script=Han",
  arabic: "Script=Arabic",
  hebrew: "Script=Hebrew",
  hiragana: "Script=Hiragana",
  katakana: "Script=Katakana",
};

function jsProperty(name: string): string | null {
  const tryName = (n: string): boolean => {
    try {
      new RegExp(`\\p{${n}}`, "v");
      return true;
    } catch {
      return false;
    }
  };
  if (tryName(name)) return name;
  const loose = name.toLowerCase().replace(/[\s_-]/g, "");
  const alias = PROPERTY_ALIASES[loose];
  return alias && tryName(alias) ? alias : null;
}

const SIZE_LIMIT = 1_000_000;
const hexCp = (cp: number): string => `\\u{${cp.toString(16)}}`;

/** Translates one Rust regex to JavaScript, or says why it can't. */
export function translateRustRegex(pattern: string): RegexResult {
  try {
    return { ok: true, ...new Translator(pattern).run() };
  } catch (e) {
    if (e instanceof RegexError) return { ok: false, kind: e.kind, message: e.message };
    throw e;
  }
}

type ClassNode = { kind: "text"; js: string } | { kind: "op"; op: "&&" | "--" | "~~"; left: ClassNode; right: ClassNode } | { kind: "union"; items: ClassNode[] };

class Translator {
  private readonly cps: string[];
  private pos = 0;
  private readonly names: (string | null)[] = [];
  private flags: Flags = { i: false, m: false, s: false, x: false, U: false };
  private globalI = false;
  private sawAtom = false;
  /** Kong's verdict on validity comes first: an unsupported feature is only reported for an otherwise valid regex. */
  private unsupportedReason: string | null = null;

  constructor(pattern: string) {
    this.cps = Array.from(pattern);
  }

  run(): { source: string; flags: string; groupNames: (string | null)[] } {
    const { js } = this.alternation(0);
    if (this.pos < this.cps.length) invalid("unopened group");
    const seen = new Set<string>();
    for (const n of this.names) {
      if (n === null) continue;
      if (seen.has(n)) invalid("duplicate capture group name");
      seen.add(n);
    }
    if (this.unsupportedReason) unsupported(this.unsupportedReason);
    const source = js;
    try {
      new RegExp(source, `v${this.globalI ? "i" : ""}`);
    } catch (e) {
      unsupported(`cannot translate to a JavaScript RegExp: ${String(e)}`);
    }
    return { source, flags: `v${this.globalI ? "i" : ""}`, groupNames: [null, ...this.names] };
  }

  private peek(o = 0): string | undefined {
    return this.cps[this.pos + o];
  }

  private skipInsignificant(): void {
    if (!this.flags.x) return;
    for (;;) {
      const c = this.peek();
      if (c !== undefined && /\s/u.test(c)) this.pos++;
      else if (c === "#") {
        while (this.pos < this.cps.length && this.peek() !== "\n") this.pos++;
      } else return;
    }
  }

  /** Returns the JS text and an estimate of the compiled size. */
  private alternation(depth: number): { js: string; size: number } {
    const branches: string[] = [];
    let size = 0;
    const saved = this.flags;
    for (;;) {
      const b = this.concat(depth);
      branches.push(b.js);
      size += b.size;
      this.skipInsignificant();
      if (this.peek() === "|") {
        this.pos++;
        continue;
      }
      break;
    }
    // A flag group only lasts until the end of the group it appears in.
    this.flags = saved;
    return { js: branches.join("|"), size };
  }

  private concat(depth: number): { js: string; size: number } {
    let js = "";
    let size = 0;
    for (;;) {
      this.skipInsignificant();
      const c = this.peek();
      if (c === undefined || c === "|" || c === ")") return { js, size };
      if (c === "*" || c === "+" || c === "?" || c === "{") invalid("repetition operator missing expression");
      const atom = this.atom(depth);
      if (atom === null) continue; // a flag-setting group
      let { js: a, size: s } = atom;
      for (;;) {
        this.skipInsignificant();
        const q = this.quantifier();
        if (q === null) break;
        a = `(?:${a})${q.js}`;
        s *= Math.max(1, q.factor);
        if (s > SIZE_LIMIT) invalid("Compiled regex exceeds size limit of 10485760 bytes.");
      }
      js += a;
      size += s;
    }
  }

  private quantifier(): { js: string; factor: number } | null {
    const c = this.peek();
    let js: string;
    let factor: number;
    if (c === "*" || c === "+" || c === "?") {
      this.pos++;
      js = c;
      factor = 1;
    } else if (c === "{") {
      this.pos++;
      const num = (): number => {
        this.skipSpaces();
        let d = "";
        while (/[0-9]/.test(this.peek() ?? "")) d += this.cps[this.pos++];
        if (d === "") {
          if (this.pos >= this.cps.length) invalid("unclosed counted repetition");
          invalid("repetition quantifier expects a valid decimal");
        }
        this.skipSpaces();
        return Number(d);
      };
      const min = num();
      let max: number | null = min;
      if (this.peek() === ",") {
        this.pos++;
        this.skipSpaces();
        max = this.peek() === "}" ? null : num();
      }
      if (this.peek() !== "}") invalid("unclosed counted repetition");
      this.pos++;
      if (max !== null && min > max) invalid("invalid repetition count range, the start must be <= the end");
      js = max === null ? `{${min},}` : max === min ? `{${min}}` : `{${min},${max}}`;
      factor = max ?? min;
    } else return null;
    let lazy = false;
    if (this.peek() === "?") {
      this.pos++;
      lazy = true;
    }
    if (lazy !== this.flags.U) js += "?";
    return { js, factor };
  }

  private skipSpaces(): void {
    while (/\s/u.test(this.peek() ?? "")) this.pos++;
  }

  private atom(depth: number): { js: string; size: number } | null {
    const c = this.cps[this.pos++];
    const first = !this.sawAtom;
    if (c !== "(") this.sawAtom = true;
    switch (c) {
      case "(":
        return this.group(depth, first);
      case "[":
        return { js: this.emitClass(this.classBody()), size: 1 };
      case ".":
        return { js: this.flags.s ? String.raw`[\s\S]` : String.raw`[^\n]`, size: 1 };
      case "^":
        return { js: this.flags.m ? String.raw`(?<![^\n])` : String.raw`(?<![\s\S])`, size: 1 };
      case "$":
        return { js: this.flags.m ? String.raw`(?![^\n])` : String.raw`(?![\s\S])`, size: 1 };
      case "\\":
        return { js: this.escape(false).js, size: 1 };
      default:
        return { js: hexCp(c.codePointAt(0)!), size: 1 };
    }
  }

  private group(depth: number, first: boolean): { js: string; size: number } | null {
    if (this.peek() === "?") {
      this.pos++;
      const c = this.peek();
      if (c === "=" || c === "!" || (c === "<" && (this.peek(1) === "=" || this.peek(1) === "!"))) {
        invalid("look-around, including look-ahead and look-behind, is not supported");
      }
      if (c === "<" || (c === "P" && this.peek(1) === "<")) {
        this.pos += c === "P" ? 2 : 1;
        let name = "";
        while (this.peek() !== ">") {
          const ch = this.peek();
          if (ch === undefined) invalid("unclosed capture group name");
          const ok = name === "" ? /[_A-Za-z]/.test(ch!) : /[_0-9A-Za-z.[\]]/.test(ch!);
          if (!ok) invalid("invalid capture group character");
          name += ch;
          this.pos++;
        }
        if (name === "") invalid("empty capture group name");
        this.pos++;
        return this.capture(depth, name);
      }
      // Flags: `(?flags)` or `(?flags:...)`.
      const set: Partial<Flags> = {};
      const seenFlags = new Set<string>();
      let negate = false;
      let any = false;
      let afterNegation = false;
      for (;;) {
        const f = this.cps[this.pos++];
        if (f === undefined) invalid("expected flag but got end of regex");
        if (f === ":" || f === ")") {
          if (!any && f === ")") invalid("empty flag group");
          if (afterNegation) invalid("flag negation operator must be followed by a flag");
          const saved = this.flags;
          const next = { ...this.flags, ...set };
          if (set.i !== undefined && set.i !== this.flags.i) {
            // Case-insensitivity maps onto JS's `i` flag only when it covers the whole pattern.
            if (f === ")" && first && depth === 0 && set.i) this.globalI = true;
            else this.unsupportedReason ??= "the i flag is only supported at the very start of the pattern, as (?i)";
          }
          if (f === ")") {
            this.flags = next;
            return null;
          }
          this.flags = next;
          const inner = this.alternation(depth + 1);
          this.flags = saved;
          this.expect(")");
          return { js: `(?:${inner.js})`, size: inner.size };
        }
        if (f === "-") {
          if (negate) invalid("duplicate negation flag");
          negate = true;
          afterNegation = true;
          continue;
        }
        afterNegation = false;
        if (seenFlags.has(f)) invalid("duplicate flag");
        seenFlags.add(f);
        if (f === "u" || f === "R") this.unsupportedReason ??= `the ${f} flag is not supported`;
        if (!"imsxU".includes(f)) invalid("unrecognized flag");
        any = true;
        set[f as keyof Flags] = !negate;
      }
    }
    return this.capture(depth, null);
  }

  private capture(depth: number, name: string | null): { js: string; size: number } {
    this.names.push(name);
    const inner = this.alternation(depth + 1);
    this.expect(")");
    return { js: `(${inner.js})`, size: inner.size };
  }

  private expect(c: string): void {
    if (this.peek() !== c) invalid(c === ")" ? "unclosed group" : `expected ${c}`);
    this.pos++;
  }

  /** An escape after `\`; inside a class only literals and classes are allowed. */
  private escape(inClass: boolean): { js: string; literal: number | null } {
    const c = this.cps[this.pos++];
    if (c === undefined) return invalid("incomplete escape sequence");
    if (/[0-9]/.test(c)) invalid("backreferences are not supported");
    if (PERL_CLASSES[c]) return { js: PERL_CLASSES[c], literal: null };
    if (c === "p" || c === "P") {
      let name: string;
      if (this.peek() === "{") {
        this.pos++;
        name = "";
        while (this.peek() !== "}") {
          if (this.peek() === undefined) invalid("unclosed Unicode class");
          name += this.cps[this.pos++];
        }
        this.pos++;
      } else {
        name = this.cps[this.pos++] ?? invalid("incomplete escape sequence");
        // One-letter names are exactly the general-category groups, which JavaScript knows too.
        if (!/^[LMNPSZC]$/.test(name)) invalid("Unicode property not found");
      }
      // No Unicode property or value name contains other characters; Rust rejects those for sure.
      if (!/^[A-Za-z0-9_\-. =:!]+$/.test(name)) invalid("Unicode property not found");
      const js = jsProperty(name);
      if (js === null) {
        this.unsupportedReason ??= `Unicode class \\p{${name}} is not supported`;
        return { js: "", literal: null };
      }
      return { js: `\\${c}{${js}}`, literal: null };
    }
    const simple: Record<string, number> = { n: 10, t: 9, r: 13, f: 12, v: 11, a: 7 };
    if (c in simple) return { js: hexCp(simple[c]), literal: simple[c] };
    if (c === "x" || c === "u" || c === "U") {
      const width = c === "x" ? 2 : c === "u" ? 4 : 8;
      let hex = "";
      if (this.peek() === "{") {
        this.pos++;
        while (this.peek() !== "}") {
          const h = this.peek();
          if (h === undefined) invalid("unclosed hexadecimal literal");
          if (!/[0-9a-fA-F]/.test(h!)) invalid("invalid hexadecimal digit");
          hex += h;
          this.pos++;
        }
        this.pos++;
        if (hex === "") invalid("hexadecimal literal empty");
      } else {
        for (let k = 0; k < width; k++) {
          const h = this.peek();
          if (h === undefined || !/[0-9a-fA-F]/.test(h)) invalid("invalid hexadecimal digit");
          hex += h;
          this.pos++;
        }
      }
      const cp = parseInt(hex, 16);
      if (hex.length > 8 || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) invalid("hexadecimal literal is not a Unicode scalar value");
      return { js: hexCp(cp), literal: cp };
    }
    const assertion = (js: string): { js: string; literal: null } =>
      inClass ? invalid("invalid escape sequence found in character class") : { js, literal: null };
    switch (c) {
      case "A":
        return assertion(String.raw`(?<![\s\S])`);
      case "z":
        return assertion(String.raw`(?![\s\S])`);
      case "b": {
        // `\b{start}` etc. are special assertions; any other `{` after `\b` is a repetition of it.
        const m = inClass ? null : /^\{(start|end|start-half|end-half)\}/.exec(this.cps.slice(this.pos, this.pos + 14).join(""));
        if (m) {
          this.pos += m[0].length;
          const k = m[1];
          return assertion(
            k === "start" ? `(?<!${WORD})(?=${WORD})` : k === "end" ? `(?<=${WORD})(?!${WORD})` : k === "start-half" ? `(?<!${WORD})` : `(?!${WORD})`,
          );
        }
        return assertion(`(?:(?<=${WORD})(?!${WORD})|(?<!${WORD})(?=${WORD}))`);
      }
      case "B":
        return assertion(`(?:(?<=${WORD})(?=${WORD})|(?<!${WORD})(?!${WORD}))`);
      case "<":
        return assertion(`(?<!${WORD})(?=${WORD})`);
      case ">":
        return assertion(`(?<=${WORD})(?!${WORD})`);
    }
    // Any other ASCII punctuation (and space) may be escaped to stand for itself.
    if (/^[\x20-\x2f\x3a-\x40\x5b-\x60\x7b-\x7e]$/.test(c)) return { js: hexCp(c.codePointAt(0)!), literal: c.codePointAt(0)! };
    return invalid("unrecognized escape sequence");
  }

  /** After `[`: a class, possibly negated, with nesting and set operations. */
  private classBody(): ClassNode & { negated?: boolean } {
    let negated = false;
    if (this.peek() === "^") {
      this.pos++;
      negated = true;
    }
    const node = this.classExpr(true);
    if (this.peek() !== "]") invalid("unclosed character class");
    this.pos++;
    return { ...node, negated };
  }

  private classExpr(atStart: boolean): ClassNode {
    let left: ClassNode = this.classUnion(atStart);
    for (;;) {
      const two = `${this.peek() ?? ""}${this.peek(1) ?? ""}`;
      if (two === "&&" || two === "--" || two === "~~") {
        this.pos += 2;
        const right = this.classUnion(false);
        left = { kind: "op", op: two, left, right };
      } else return left;
    }
  }

  private classUnion(atStart: boolean): ClassNode {
    const items: ClassNode[] = [];
    let first = atStart;
    for (;;) {
      if (this.flags.x) this.skipClassSpace();
      const c = this.peek();
      if (c === undefined) invalid("unclosed character class");
      if (c === "]" && !first) break;
      const two = `${c}${this.peek(1) ?? ""}`;
      if (!first && (two === "&&" || two === "--" || two === "~~")) break;
      first = false;
      if (c === "[") {
        const posix = /^\[:(\^?)([a-z]+):\]/.exec(this.cps.slice(this.pos, this.pos + 12).join(""));
        if (posix && POSIX[posix[2]]) {
          this.pos += posix[0].length;
          items.push({ kind: "text", js: `[${posix[1]}${POSIX[posix[2]]}]` });
          continue;
        }
        this.pos++;
        items.push({ kind: "text", js: this.emitClass(this.classBody()) });
        continue;
      }
      const lo = this.classAtom();
      if (lo.literal !== null && this.peek() === "-" && this.peek(1) !== "]" && this.peek(1) !== "-" && this.peek(1) !== undefined) {
        this.pos++;
        const hi = this.classAtom();
        if (hi.literal === null) invalid("invalid range boundary, must be a literal");
        if (lo.literal > hi.literal!) invalid("invalid character class range, the start must be <= the end");
        items.push({ kind: "text", js: `${hexCp(lo.literal)}-${hexCp(hi.literal!)}` });
      } else {
        if (lo.literal === null && this.peek() === "-" && this.peek(1) !== "]" && this.peek(1) !== "-") {
          invalid("invalid range boundary, must be a literal");
        }
        items.push({ kind: "text", js: lo.js });
      }
    }
    return { kind: "union", items };
  }

  private skipClassSpace(): void {
    while (/\s/u.test(this.peek() ?? "")) this.pos++;
  }

  private classAtom(): { js: string; literal: number | null } {
    const c = this.cps[this.pos++];
    if (c === "\\") return this.escape(true);
    const cp = c.codePointAt(0)!;
    return { js: hexCp(cp), literal: cp };
  }

  /** JS `v`-mode class text; every operand gets its own brackets so set operators never mix. */
  private emitClass(node: ClassNode & { negated?: boolean }): string {
    const inner = (n: ClassNode): string => {
      if (n.kind === "text") return n.js;
      if (n.kind === "union") return n.items.map((i) => (i.kind === "text" ? i.js : `[${inner(i)}]`)).join("");
      const l = `[${inner(n.left)}]`;
      const r = `[${inner(n.right)}]`;
      // JS has no symmetric difference: (A--B) ∪ (B--A).
      return n.op === "~~" ? `[${l}--${r}][${r}--${l}]` : `${l}${n.op}${r}`;
    };
    return `[${node.negated ? "^" : ""}${inner(node)}]`;
  }
}
