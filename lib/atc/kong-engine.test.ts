import { describe, expect, it } from "vitest";
import { kongParse } from "./kong-engine";

describe("kong engine loader", () => {
  it("parses with Kong's precedence: || binds tighter than &&", () => {
    const r = kongParse('http.path == "/a" && http.host == "x" || http.host == "y"');
    expect(r.status).toBe("ok");
    const tree = (r as { expression: { Logical: { And: unknown[] } } }).expression;
    expect(Object.keys(tree.Logical)).toEqual(["And"]);
  });
});
