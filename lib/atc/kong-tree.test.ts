import { describe, expect, it } from "vitest";
import { and, not, or, pred, str } from "./ast";
import { kongParse } from "./kong-engine";
import { toKongTree } from "./kong-tree";
import { print } from "./print";

describe("toKongTree", () => {
  it("matches the tree Kong's parser builds from our printed text", () => {
    const e = and(
      pred("http.host", "==", str("a.example.com")),
      or(pred("http.path", "==", str("/p")), pred("http.path", "^=", str("/p/")), pred("http.path", "~", str("^/p/[^/]+$"))),
      not(pred("http.method", "==", str("DELETE"), ["lower", "any"])),
    );
    const parsed = kongParse(print(e));
    expect(parsed.status).toBe("ok");
    expect(parsed.status === "ok" && parsed.expression).toEqual(toKongTree(e));
  });
});
