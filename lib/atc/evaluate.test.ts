import { describe, expect, it } from "vitest";
import { buildContext, type HttpRequest } from "./context";
import { evaluate } from "./evaluate";
import { parse } from "./parse";

const base: HttpRequest = { method: "GET", scheme: "https", host: "api.example.com", path: "/a/b" };

function run(text: string, req: Partial<HttpRequest> = {}) {
  const r = parse(text);
  if (!r.ok) throw new Error(JSON.stringify(r.errors));
  return evaluate(r.expr, buildContext({ ...base, ...req }));
}

describe("missing field ⇒ false for every operator", () => {
  it.each(['== "a"', '!= "a"', '^= ""', "contains \"\"", '~ ""', '=^ ""'])("http.headers.x_tenant %s is false without the header", (rest) => {
    expect(run(`http.headers.x_tenant ${rest}`).matched).toBe(false);
  });
  it("!= is false without a value, yet !( == ) is true", () => {
    expect(run('http.headers.x_tenant != "a"').matched).toBe(false);
    expect(run('!(http.headers.x_tenant == "a")').matched).toBe(true);
  });
  it("reports the missing value as an empty actual list", () => {
    expect(run('http.headers.x_tenant != "a"').failedAt).toEqual({ predicate: 'http.headers.x_tenant != "a"', path: [], actual: [] });
  });
});

describe("multi-valued ⇒ all values must match unless any()", () => {
  const headers = { "X-Tenant": ["b", "a"] };
  it("== needs every value", () => {
    expect(run('http.headers.x_tenant == "a"', { headers }).matched).toBe(false);
    expect(run('any(http.headers.x_tenant) == "a"', { headers }).matched).toBe(true);
  });
  it("!= needs every value too", () => {
    expect(run('http.headers.x_tenant != "a"', { headers }).matched).toBe(false);
    expect(run('any(http.headers.x_tenant) != "a"', { headers }).matched).toBe(true);
  });
  it("shows all values when it fails", () => {
    expect(run('http.headers.x_tenant == "a"', { headers }).failedAt?.actual).toEqual(["b", "a"]);
  });
});

describe("operators", () => {
  it("lower() lower-cases the field, not the operand", () => {
    expect(run('lower(http.host) == "api.example.com"', { host: "API.Example.COM" }).matched).toBe(true);
    expect(run('http.host == "api.example.com"', { host: "API.Example.COM" }).matched).toBe(false);
  });
  it("~ is unanchored", () => {
    expect(run('http.path ~ "b"').matched).toBe(true);
    expect(run('http.path ~ "^b"').matched).toBe(false);
  });
  it("~ uses Rust semantics: . excludes only \\n, \\d is Unicode", () => {
    expect(run('http.headers.x ~ "^a.b$"', { headers: { x: "a\rb" } }).matched).toBe(true);
    expect(run(String.raw`http.headers.x ~ r#"^\d$"#`, { headers: { x: "٣" } }).matched).toBe(true);
  });
  it("IP == keeps families apart and in tests containment", () => {
    expect(run("net.src.ip in 10.0.0.0/8", { srcIp: "10.2.3.4" }).matched).toBe(true);
    expect(run("net.src.ip == ::ffff:a00:1", { srcIp: "10.0.0.1" }).matched).toBe(false);
    expect(run("net.src.ip not in 10.0.0.0/8", { srcIp: "::1" }).matched).toBe(true);
  });
  it("integers compare numerically", () => {
    expect(run("net.dst.port >= 0x1bb", { dstPort: 443 }).matched).toBe(true);
    expect(run("http.path.segments.len == 2").matched).toBe(true);
  });
});

describe("explain", () => {
  it("names the first failed predicate with its path and actual values", () => {
    const r = run('http.host == "api.example.com" && (http.path == "/x" || http.path ^= "/y")');
    expect(r).toEqual({ matched: false, failedAt: { predicate: 'http.path == "/x"', path: [1, 0], actual: ["/a/b"] } });
  });
  it("blames a negation when its inner expression matched", () => {
    expect(run('!(http.method == "GET")').failedAt).toEqual({ predicate: '!(http.method == "GET")', path: [], actual: [] });
  });
  it("returns numbered and named regex captures of a match", () => {
    expect(run(String.raw`http.path ~ r#"^/(?<first>[^/]+)/(\w+)$"#`).captures).toEqual({ "0": "/a/b", "1": "a", first: "a", "2": "b" });
  });
});
