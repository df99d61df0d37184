import { describe, expect, it } from "vitest";
import {
  CLIENT_ADDRESS_HEADER,
  clientAddress,
  normalizeAddress,
  parseTrustedProxies,
  TrustedProxiesError,
  withClientAddress,
} from "./client-address";

const forwarded = (value: string) => new Headers({ "x-forwarded-for": value });

describe("clientAddress", () => {
  it("without trusted proxies takes the rightmost hop, never the leftmost a client can choose", () => {
    const none = parseTrustedProxies(undefined);
    expect(clientAddress(forwarded("203.0.113.7"), none)).toBe("203.0.113.7");
    expect(clientAddress(forwarded("1.1.1.1, 2.2.2.2, 203.0.113.7"), none)).toBe("203.0.113.7");
    expect(clientAddress(new Headers(), none)).toBeNull();
  });

  it("walks from the right past trusted proxies to the first hop that is not one", () => {
    const trusted = parseTrustedProxies("10.0.0.0/8, 192.168.1.5, fd00::/8");
    // A client rotating its own header changes only what is left of the address our proxy saw.
    expect(clientAddress(forwarded("6.6.6.6, 203.0.113.7, 10.1.2.3"), trusted)).toBe("203.0.113.7");
    expect(clientAddress(forwarded("7.7.7.7, 203.0.113.7, 10.1.2.3"), trusted)).toBe("203.0.113.7");
    expect(clientAddress(forwarded("203.0.113.7, 192.168.1.5, fd00::1"), trusted)).toBe("203.0.113.7");
    expect(clientAddress(forwarded("203.0.113.7, 192.168.1.6"), trusted)).toBe("192.168.1.6");
    // Everyone on the chain is ours: the client is inside the trusted network.
    expect(clientAddress(forwarded("10.9.9.9, 10.1.2.3"), trusted)).toBe("10.9.9.9");
  });

  it("gives up at a hop that is not an address rather than trusting what lies beyond it", () => {
    const trusted = parseTrustedProxies("10.0.0.0/8");
    expect(clientAddress(forwarded("203.0.113.7, not-an-ip, 10.1.2.3"), trusted)).toBeNull();
    expect(clientAddress(forwarded("203.0.113.7, constructor"), parseTrustedProxies(""))).toBeNull();
  });

  it("reads the forms proxies write: ports, brackets, IPv4-mapped IPv6", () => {
    expect(normalizeAddress("203.0.113.7:51234")).toBe("203.0.113.7");
    expect(normalizeAddress("[2001:DB8::1]:443")).toBe("2001:db8::1");
    expect(normalizeAddress("::ffff:203.0.113.7")).toBe("203.0.113.7");
    expect(normalizeAddress("2001:db8::1")).toBe("2001:db8::1");
    expect(normalizeAddress("unknown")).toBeNull();
    const trusted = parseTrustedProxies("10.0.0.0/8");
    expect(clientAddress(forwarded("203.0.113.7, ::ffff:10.0.0.2"), trusted)).toBe("203.0.113.7");
  });

  it("refuses a malformed SWITCHYARD_TRUSTED_PROXIES entry by name", () => {
    for (const bad of ["10.0.0.0/33", "proxy.internal", "10.0.0.0/8/1", "::/129", "10.0.0.0/x"]) {
      expect(() => parseTrustedProxies(`127.0.0.1, ${bad}`), bad).toThrow(TrustedProxiesError);
      expect(() => parseTrustedProxies(bad), bad).toThrow(bad);
    }
  });

  it("replaces a client-sent address header with the one it resolved", () => {
    const headers = new Headers({ "x-forwarded-for": "203.0.113.7", [CLIENT_ADDRESS_HEADER]: "1.2.3.4" });
    expect(withClientAddress(headers).get(CLIENT_ADDRESS_HEADER)).toBe("203.0.113.7");
    const none = new Headers({ [CLIENT_ADDRESS_HEADER]: "1.2.3.4" });
    expect(withClientAddress(none).has(CLIENT_ADDRESS_HEADER)).toBe(false);
  });
});
