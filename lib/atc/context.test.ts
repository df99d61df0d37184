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

describe("names the client chooses are only names", () => {
  const names = ["constructor", "__proto__", "toString", "hasOwnProperty", "valueOf"];
  it("headers and queries named like Object's members hold what was sent, and nothing when not sent", () => {
    const headers = Object.fromEntries(names.map((n) => [n, `h-${n}`]));
    const sent = buildContext({
      method: "GET",
      scheme: "http",
      host: "h",
      path: `/?${names.map((n) => `${n}=q-${n}`).join("&")}`,
      headers,
    });
    const empty = buildContext({ method: "GET", scheme: "http", host: "h", path: "/" });
    for (const n of names) {
      // `__proto__` from JSON (an own property) is a header like any other.
      if (n !== "__proto__") expect(fieldValues(sent, `http.headers.${n.toLowerCase()}`)).toEqual([`h-${n}`]);
      expect(fieldValues(sent, `http.queries.${n}`)).toEqual([`q-${n}`]);
      expect(fieldValues(empty, `http.headers.${n.toLowerCase()}`)).toEqual([]);
      expect(fieldValues(empty, `http.queries.${n}`)).toEqual([]);
    }
    const fromJson = buildContext({
      method: "GET",
      scheme: "http",
      host: "h",
      path: "/",
      headers: JSON.parse('{"__proto__": "x"}') as Record<string, string>,
      query: JSON.parse('{"__proto__": "1", "constructor": "2"}') as Record<string, string>,
    });
    expect(fieldValues(fromJson, "http.headers.__proto__")).toEqual(["x"]);
    expect(fieldValues(fromJson, "http.queries.__proto__")).toEqual(["1"]);
    expect(fieldValues(fromJson, "http.queries.constructor")).toEqual(["2"]);
  });
});
