import { describe, expect, it } from "vitest";
import { tokenize } from "./tokenize";

const kinds = (text: string) => tokenize(text).map((t) => [t.type, text.slice(t.start, t.end)]);

describe("tokenize", () => {
  it("classifies every token of a typical route", () => {
    expect(kinds('(lower(http.host) == "a" && http.path ~ r#"^/x$"#) || !(net.src.ip not in 10.0.0.0/8)')).toEqual([
      ["punct", "("],
      ["keyword", "lower"],
      ["punct", "("],
      ["field", "http.host"],
      ["punct", ")"],
      ["operator", "=="],
      ["string", '"a"'],
      ["operator", "&&"],
      ["field", "http.path"],
      ["operator", "~"],
      ["regex", 'r#"^/x$"#'],
      ["punct", ")"],
      ["operator", "||"],
      ["operator", "!"],
      ["punct", "("],
      ["field", "net.src.ip"],
      ["operator", "not in"],
      ["ip", "10.0.0.0/8"],
      ["punct", ")"],
    ]);
  });
  it("marks unreadable text as errors and keeps going", () => {
    expect(kinds('http.port == 0x1F @ "bad\\q" "open')).toEqual([
      ["field", "http.port"],
      ["operator", "=="],
      ["number", "0x1F"],
      ["error", "@"],
      ["error", '"bad\\q"'],
      ["error", '"open'],
    ]);
  });
});
