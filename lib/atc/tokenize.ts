/**
 * A forgiving tokenizer for syntax highlighting: it never fails, it marks what it can't read as
 * `error` and carries on. Its token boundaries follow the parser's lexical rules (Kong's grammar),
 * but it doesn't check structure — that's parse()'s job.
 */
export type TokenType = "field" | "operator" | "string" | "regex" | "number" | "ip" | "keyword" | "punct" | "error";

export interface Token {
  type: TokenType;
  /** UTF-16 offsets, end exclusive. */
  start: number;
  end: number;
}

const VALUE_OPERATORS = ["==", "!=", "^=", "=^", ">=", "<=", "~", ">", "<"];

export function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  let pos = 0;
  let lastOperator = "";
  const push = (type: TokenType, end: number): void => {
    tokens.push({ type, start: pos, end });
    if (type === "operator") lastOperator = text.slice(pos, end);
    else if (type !== "punct") lastOperator = "";
    pos = end;
  };
  while (pos < text.length) {
    const rest = text.slice(pos);
    const ws = /^[ \t\r\n]+/.exec(rest);
    if (ws) {
      pos += ws[0].length;
      continue;
    }
    // A string right after `~` is a regex.
    const stringType: TokenType = lastOperator === "~" ? "regex" : "string";
    if (rest.startsWith('r#"')) {
      const close = text.indexOf('"#', pos + 3);
      push(close < 0 ? "error" : stringType, close < 0 ? text.length : close + 2);
      continue;
    }
    if (rest[0] === '"') {
      const m = /^"(?:[^"\\]|\\.)*"/s.exec(rest);
      push(m && !/\\[^"\\nrt]/.test(m[0]) ? stringType : "error", pos + (m ? m[0].length : rest.length));
      continue;
    }
    const logical = /^(&&|\|\||!)/.exec(rest);
    if (logical) {
      push("operator", pos + logical[0].length);
      continue;
    }
    const op = VALUE_OPERATORS.find((o) => rest.startsWith(o));
    if (op) {
      push("operator", pos + op.length);
      continue;
    }
    if (rest[0] === "(" || rest[0] === ")") {
      push("punct", pos + 1);
      continue;
    }
    const ip = /^(?:[0-9]{1,3}(?:\.[0-9]{1,3}){3}(?:\/[0-9]{1,2})?|(?::|[0-9a-fA-F]{1,4}):[0-9a-fA-F:]*(?:\/[0-9]{1,3})?)/.exec(rest);
    if (ip && lastOperator !== "") {
      push("ip", pos + ip[0].length);
      continue;
    }
    const num = /^-?(?:0x[0-9a-fA-F]+|[0-9]+)/.exec(rest);
    if (num) {
      push("number", pos + num[0].length);
      continue;
    }
    const word = /^[A-Za-z][A-Za-z0-9_.]*/.exec(rest);
    if (word) {
      const w = word[0];
      const notIn = /^not in\b/.exec(rest);
      if (notIn) push("operator", pos + notIn[0].length);
      else if (w === "in" || w === "contains") push("operator", pos + w.length);
      else if ((w === "lower" || w === "any") && /^[ \t\r\n]*\(/.test(text.slice(pos + w.length))) push("keyword", pos + w.length);
      else push("field", pos + w.length);
      continue;
    }
    push("error", pos + 1);
  }
  return tokens;
}
