import { describe, expect, it } from "vitest";
import {
  addressAllowed,
  AllowlistSyntaxError,
  checkKongAdminUrl,
  isPublicAddress,
  kongAdminAllowlist,
  normalizeHost,
  parseAllowlist,
} from "./allowlist";

const ip = (host: string) => {
  const h = normalizeHost(host);
  return h && "ip" in h ? h.ip : h;
};

describe("normalizeHost", () => {
  it("turns every numeric and shorthand IPv4 form into its dotted quad", () => {
    for (const form of [
      "2130706433",
      "0x7f.1",
      "127.1",
      "0177.0.0.1",
      "0x7f000001",
      "127.0.0.1",
      "127.000.000.001",
    ])
      expect(ip(form), form).toBe("127.0.0.1");
    expect(ip("0.0.0.0")).toBe("0.0.0.0");
    expect(ip("0")).toBe("0.0.0.0");
    expect(ip("0xa9.254.169.254")).toBe("169.254.169.254");
  });

  it("unwraps IPv4-mapped IPv6 and accepts brackets", () => {
    expect(ip("::ffff:127.0.0.1")).toBe("127.0.0.1");
    expect(ip("[::ffff:7f00:1]")).toBe("127.0.0.1");
    expect(ip("[::1]")).toBe("::1");
    expect(ip("::1")).toBe("::1");
    expect(ip("[fe80:0:0:0:0:0:0:1]")).toBe("fe80::1");
    expect(ip("2001:db8:0:0:1:0:0:1")).toBe("2001:db8::1:0:0:1");
  });

  it("leaves names as lower-case names without the trailing dot", () => {
    expect(normalizeHost("Kong-Admin.Example.internal.")).toEqual({ name: "kong-admin.example.internal" });
    expect(normalizeHost("bad host")).toBeNull();
  });
});

describe("parseAllowlist", () => {
  it("reads IPs, CIDRs, names, domains, ports and the public keyword", () => {
    const list = parseAllowlist(
      "public, 10.20.0.0/16, 127.0.0.1:8001, [::1]:8001, fd00::/8, kong.example.internal:8444, .eu.example.internal",
    );
    expect(list.entries.map((e) => e.type)).toEqual([
      "public",
      "cidr",
      "cidr",
      "cidr",
      "cidr",
      "name",
      "name",
    ]);
  });

  it("refuses what is none of them", () => {
    for (const bad of ["10.0.0.0/33", "::/129", "host:port", "127.0.0.1:0", "under_score.example", "x/8"])
      expect(() => parseAllowlist(bad), bad).toThrow(AllowlistSyntaxError);
  });

  it("defaults to public addresses in production and adds loopback in development and tests", () => {
    const prod = kongAdminAllowlist({ NODE_ENV: "production" });
    expect(addressAllowed(prod, "127.0.0.1", 8001)).toBe(false);
    expect(addressAllowed(prod, "8.8.8.8", 443)).toBe(true);
    const test = kongAdminAllowlist({ NODE_ENV: "test" });
    expect(addressAllowed(test, "127.0.0.1", 8001)).toBe(true);
    expect(addressAllowed(test, "10.0.0.1", 8001)).toBe(false);
    const set = kongAdminAllowlist({ NODE_ENV: "test", SWITCHYARD_KONG_ADMIN_ALLOW: "10.0.0.0/8" });
    expect(addressAllowed(set, "127.0.0.1", 8001)).toBe(false);
    expect(addressAllowed(set, "10.9.8.7", 8001)).toBe(true);
  });
});

describe("addressAllowed", () => {
  const list = parseAllowlist(
    "10.20.0.0/16,127.0.0.1:8001,[::1]:8001,fd00::/8,kong.example.internal,169.254.10.0/24",
  );

  it("matches CIDRs over both families, IPv4-mapped IPv6 included", () => {
    expect(addressAllowed(list, "10.20.255.1", 8444)).toBe(true);
    expect(addressAllowed(list, "10.21.0.1", 8444)).toBe(false);
    expect(addressAllowed(list, "::ffff:10.20.0.9", 8444)).toBe(true);
    expect(addressAllowed(list, "fd12:3456::1", 8444)).toBe(true);
    expect(addressAllowed(list, "fe80::1", 8444)).toBe(false);
  });

  it("honours the port of an entry", () => {
    expect(addressAllowed(list, "127.0.0.1", 8001)).toBe(true);
    expect(addressAllowed(list, "127.0.0.1", 5432)).toBe(false);
    expect(addressAllowed(list, "::1", 8001)).toBe(true);
    expect(addressAllowed(list, "::1", 5432)).toBe(false);
  });

  it("lets an allowed name vouch for private addresses, never for link-local, unspecified or multicast", () => {
    expect(addressAllowed(list, "192.168.1.10", 8444, true)).toBe(true);
    expect(addressAllowed(list, "169.254.169.254", 80, true)).toBe(false);
    expect(addressAllowed(list, "0.0.0.0", 8444, true)).toBe(false);
    expect(addressAllowed(list, "224.0.0.1", 8444, true)).toBe(false);
    // …unless an IP entry names them itself.
    expect(addressAllowed(list, "169.254.10.5", 80, true)).toBe(true);
  });

  it("knows which addresses are public", () => {
    for (const a of ["8.8.8.8", "1.1.1.1", "2606:4700::1111"]) expect(isPublicAddress(a), a).toBe(true);
    for (const a of [
      "127.0.0.1",
      "10.0.0.1",
      "172.16.0.1",
      "192.168.0.1",
      "169.254.169.254",
      "100.64.0.1",
      "0.0.0.0",
      "255.255.255.255",
      "::1",
      "::",
      "fc00::1",
      "fe80::1",
      "::ffff:127.0.0.1",
      "64:ff9b::7f00:1",
    ])
      expect(isPublicAddress(a), a).toBe(false);
  });
});

describe("checkKongAdminUrl (on save)", () => {
  const prod = parseAllowlist("public");
  const noDns = async () => {
    throw new Error("no DNS in this test");
  };

  it("refuses loopback, private and metadata addresses in every spelling", async () => {
    for (const url of [
      "http://127.0.0.1:8001",
      "http://2130706433:5432",
      "http://0x7f.1:8001",
      "http://127.1/",
      "http://0177.0.0.1/",
      "http://0.0.0.0:8001",
      "http://[::1]:8001",
      "http://[::ffff:127.0.0.1]:8001",
      "http://169.254.169.254/latest/meta-data",
      "http://10.0.0.5:8001",
      "http://localhost:8001",
      "http://kong.localhost:8001",
    ]) {
      const verdict = await checkKongAdminUrl(url, prod, noDns);
      expect(verdict.allowed, url).toBe(false);
      if (!verdict.allowed) expect(verdict.reason).toMatch(/SWITCHYARD_KONG_ADMIN_ALLOW/);
    }
  });

  it("checks what a name resolves to, and accepts one that doesn't resolve yet", async () => {
    const internal = async () => ["10.1.2.3"];
    expect((await checkKongAdminUrl("https://kong.example.com:8444", prod, internal)).allowed).toBe(false);
    expect(
      (await checkKongAdminUrl("https://kong.example.com:8444", prod, async () => ["93.184.216.34"])).allowed,
    ).toBe(true);
    expect((await checkKongAdminUrl("https://kong.example.com:8444", prod, noDns)).allowed).toBe(true);
    const named = parseAllowlist("kong.example.internal");
    expect((await checkKongAdminUrl("https://kong.example.internal:8444", named, internal)).allowed).toBe(
      true,
    );
    expect((await checkKongAdminUrl("https://other.example.internal:8444", named, internal)).allowed).toBe(
      false,
    );
  });
});
