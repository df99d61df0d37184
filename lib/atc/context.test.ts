import { describe, expect, it } from "vitest";
import { buildContext, fieldValues, hostWithoutPort, normalizePath } from "./context";

describe("path normalization (kong/tools/uri.lua)", () => {
  it.each([
    ["/a/./b", "/a/b"],
    ["/a/../b", "/b"],
    ["/a/b/..", "/a/"],
    ["/a/b/.", "/a/b/"],
    ["/../a", "/a"],
    ["/a/..", "/"],
    ["//a///b//", "/a/b/"],
    ["/%61%7E%7e", "/a~~"],
    ["/a%2fb", "/a%2Fb"],
    ["/a%2e%2e/b", "/a../b"],
    ["/%2e%2e/x", "/x"],
    ["/caf%C3%A9", "/café"],
    ["/%zz", "/%zz"],
    ["/", "/"],
  ])("%s → %s", (raw, normalized) => {
    expect(normalizePath(raw)).toBe(normalized);
  });
  it("removes the query before normalizing", () => {
    expect(buildContext({ method: "GET", scheme: "http", host: "h", path: "/a/./b?x=/../" }).path).toBe("/a/b");
  });
});

describe("request context", () => {
  const ctx = buildContext({
    method: "GET",
    scheme: "HTTPS",
    path: "/a/b/c?q=1&q=2&flag&e=%20x",
    headers: { Host: "Api.Example.com:8443", "X-Okapi-Tenant": "t1", "x-okapi-tenant": ["t2"] },
  });
  it("takes the host from the Host header without the port, case kept", () => {
    expect(fieldValues(ctx, "http.host")).toEqual(["Api.Example.com"]);
    expect(hostWithoutPort("[::1]:80")).toBe("[::1]:80");
  });
  it("lower-cases header names with - → _ and keeps every value", () => {
    expect(fieldValues(ctx, "http.headers.x_okapi_tenant")).toEqual(["t1", "t2"]);
  });
  it("keeps repeated query arguments and treats a bare flag as empty", () => {
    expect(fieldValues(ctx, "http.queries.q")).toEqual(["1", "2"]);
    expect(fieldValues(ctx, "http.queries.flag")).toEqual([""]);
    expect(fieldValues(ctx, "http.queries.e")).toEqual([" x"]);
  });
  it("derives net.protocol from the scheme", () => {
    expect(fieldValues(ctx, "net.protocol")).toEqual(["https"]);
  });
  it("exposes path segments, ranges and their count like Kong", () => {
    expect(fieldValues(ctx, "http.path.segments.0")).toEqual(["a"]);
    expect(fieldValues(ctx, "http.path.segments.1_2")).toEqual(["b/c"]);
    expect(fieldValues(ctx, "http.path.segments.2_1")).toEqual([]);
    expect(fieldValues(ctx, "http.path.segments.9")).toEqual([]);
    expect(fieldValues(ctx, "http.path.segments.len")).toEqual([3]);
  });
});
