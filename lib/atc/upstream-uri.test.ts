import { describe, expect, it } from "vitest";
import { escapeUri, kongUpstreamUri, sanitizeUriPostfix, upstreamQuery } from "./upstream-uri";

/**
 * Expected values worked out by hand from kong/router/utils.lua `get_upstream_uri_v0` (3.9.3): the
 * branch is named in each case. `path` is the normalized request path (Kong's `http.path`).
 */
const cases: [string, { strip: boolean; base: string | null; path: string; matched?: string | null }, string][] = [
  // strip_path = false: the service path, then the whole request path.
  ["no strip, base / (ends with /): base + path minus its slash", { strip: false, base: "/", path: "/orders/42" }, "/orders/42"],
  ["no strip, null service path counts as /", { strip: false, base: null, path: "/orders/42" }, "/orders/42"],
  ["no strip, base without trailing slash: base + path", { strip: false, base: "/api", path: "/orders/42" }, "/api/orders/42"],
  ["no strip, base with trailing slash: no double slash", { strip: false, base: "/api/", path: "/orders/42" }, "/api/orders/42"],
  ["no strip, request / on a base without slash: the base alone", { strip: false, base: "/api", path: "/" }, "/api"],
  ["no strip, request / on a base with slash: the base", { strip: false, base: "/api/", path: "/" }, "/api/"],
  ["no strip, trailing slash of the request is kept", { strip: false, base: "/api", path: "/orders/" }, "/api/orders/"],
  ["no strip ignores the recorded value", { strip: false, base: "/api", path: "/orders/42", matched: "/orders" }, "/api/orders/42"],
  // strip_path = true: the recorded http.path value is cut off by its length.
  ["strip, base without slash, rest starts with /", { strip: true, base: "/api", path: "/orders/42", matched: "/orders" }, "/api/42"],
  ["strip, base with slash, rest starts with /: one slash dropped", { strip: true, base: "/api/", path: "/orders/42", matched: "/orders" }, "/api/42"],
  ["strip, base /, rest starts with /", { strip: true, base: "/", path: "/orders/42", matched: "/orders" }, "/42"],
  ["strip, null base, rest starts with /", { strip: true, base: null, path: "/orders/42", matched: "/orders" }, "/42"],
  ["strip, empty rest, no trailing slash: the base", { strip: true, base: "/api", path: "/orders", matched: "/orders" }, "/api"],
  ["strip, empty rest, request ends with /: base + /", { strip: true, base: "/api", path: "/orders/", matched: "/orders/" }, "/api/"],
  ["strip, empty rest, base with slash, request without: slash dropped", { strip: true, base: "/api/", path: "/orders", matched: "/orders" }, "/api"],
  ["strip, empty rest, base with slash, request with: the base", { strip: true, base: "/api/", path: "/orders/", matched: "/orders/" }, "/api/"],
  ["strip, empty rest, base /: /", { strip: true, base: "/", path: "/orders", matched: "/orders" }, "/"],
  ["strip, rest without leading slash, base without: joined with /", { strip: true, base: "/api", path: "/orders/42", matched: "/orders/" }, "/api/42"],
  ["strip, rest without leading slash, base with slash", { strip: true, base: "/api/", path: "/orders/42", matched: "/orders/" }, "/api/42"],
  ["strip, rest without leading slash, base /", { strip: true, base: "/", path: "/orders/42", matched: "/orders/" }, "/42"],
  ["strip, nothing recorded: the prefix is /", { strip: true, base: "/api", path: "/orders/42", matched: null }, "/api/orders/42"],
  ["strip, nothing recorded, base /", { strip: true, base: "/", path: "/orders/42", matched: null }, "/orders/42"],
  ["strip cuts bytes, not segments", { strip: true, base: "/api", path: "/orders/42", matched: "/ord" }, "/api/ers/42"],
  ["strip cuts from the start even when a ~ matched in the middle", { strip: true, base: "/api", path: "/a/b/c", matched: "/b" }, "/api/b/c"],
  ["sanitize_uri_postfix drops a leading ../ of the rest", { strip: true, base: "/api", path: "/a../b", matched: "/a" }, "/api/b"],
  ["the cut counts UTF-8 bytes", { strip: true, base: "/api", path: "/é/x", matched: "/é" }, "/api/x"],
  // escape(): what the upstream sees on the wire.
  ["escape: decoded characters go out percent-encoded, reserved triplets stay", { strip: false, base: "/api", path: "/a b/é/%2F" }, "/api/a%20b/%C3%A9/%2F"],
];

describe("kongUpstreamUri (get_upstream_uri_v0 + escape)", () => {
  it.each(cases)("%s", (_name, c, expected) => {
    expect(kongUpstreamUri({ path: c.path, requestTarget: c.path, stripPath: c.strip, servicePath: c.base, matchedPath: c.matched ?? null })).toBe(expected);
  });
});

describe("pieces", () => {
  it.each([
    ["", ""],
    [".", ""],
    ["..", ""],
    ["./x", "x"],
    ["../x", "x"],
    ["/x", "/x"],
    ["x/../y", "x/../y"],
  ])("sanitize_uri_postfix(%j) = %j", (input, out) => expect(sanitizeUriPostfix(input)).toBe(out));

  it("the query comes back raw, an empty one too", () => {
    expect(upstreamQuery("/a?x=1&y=%20")).toBe("?x=1&y=%20");
    expect(upstreamQuery("/a?")).toBe("?");
    expect(upstreamQuery("/a")).toBe("");
    expect(kongUpstreamUri({ path: "/a", requestTarget: "/a?q=1", stripPath: false, servicePath: "/api", matchedPath: null })).toBe("/api/a?q=1");
  });

  it("escape keeps Kong's safe set and encodes the rest byte by byte", () => {
    expect(escapeUri("/AZaz09-_.~!#$&'()*+,/:;=?@[]%")).toBe("/AZaz09-_.~!#$&'()*+,/:;=?@[]%");
    expect(escapeUri('/"<>\\^`{|}')).toBe("/%22%3C%3E%5C%5E%60%7B%7C%7D");
  });
});

describe("the compiler's path-contract cases (formerly lib/compiler kongUpstreamPath)", () => {
  const upstream = (servicePath: string | null, stripPath: boolean, matchedPath: string | null, path: string) =>
    kongUpstreamUri({ path, requestTarget: path, stripPath, servicePath, matchedPath });

  it("joins the service path and the rest with exactly one slash, and keeps a trailing slash", () => {
    expect(upstream("/api", false, null, "/orders/1")).toBe("/api/orders/1");
    expect(upstream("/api", false, null, "/")).toBe("/api");
    expect(upstream("/api/", false, null, "/orders")).toBe("/api/orders");
    expect(upstream(null, false, null, "/orders")).toBe("/orders");
    expect(upstream("/api", true, "/orders", "/orders")).toBe("/api");
    expect(upstream("/api", true, "/orders", "/orders/")).toBe("/api/");
    expect(upstream("/api", true, "/", "/orders")).toBe("/api/orders");
    expect(upstream("/api/", true, "/gw", "/gw/orders")).toBe("/api/orders");
    expect(upstream("/api/", true, "/gw", "/gw")).toBe("/api");
    expect(upstream("/api/", true, "/", "/orders")).toBe("/api/orders");
    expect(upstream(null, true, "/gw", "/gw")).toBe("/");
    expect(upstream(null, true, "/gw", "/gwx")).toBe("/x");
  });
});
