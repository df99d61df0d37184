import { BlockList, isIP } from "node:net";

/**
 * The address a sign-in comes from, for throttling, sessions and the audit trail.
 *
 * X-Forwarded-For is a list each proxy appends its peer to, so only the entries written by proxies
 * we trust mean anything: walk it from the right, skip the hops inside SWITCHYARD_TRUSTED_PROXIES
 * (comma-separated addresses or CIDRs), and the first entry that is not one is the client. The
 * leftmost entry is whatever the client chose to send, never the answer.
 *
 * With no trusted proxies the rightmost entry is taken: `next start` puts the socket address there
 * when the request carries no X-Forwarded-For, but it keeps one the client sent (Next 16's
 * base-server: `x-forwarded-for ??= socket.remoteAddress`) — a route handler has no other way to see
 * the socket. So a Switchyard that clients reach directly can be told any address; one behind a
 * proxy that appends to the header (nginx `$proxy_add_x_forwarded_for`, most ingresses) gets the
 * real one once that proxy is listed. The per-account backoff (lib/auth/throttle.ts) does not
 * depend on the address.
 */

/** Set on the request handed to better-auth, overwriting any a client sent. */
export const CLIENT_ADDRESS_HEADER = "x-switchyard-client-address";

export class TrustedProxiesError extends Error {}

/** Parses SWITCHYARD_TRUSTED_PROXIES; a bad entry is refused by name rather than silently ignored. */
export function parseTrustedProxies(value: string | undefined): BlockList {
  const list = new BlockList();
  for (const entry of (value ?? "")
    .split(",")
    .map((e) => e.trim())
    .filter(Boolean)) {
    const [address, prefix, ...rest] = entry.split("/");
    const ip = normalizeAddress(address);
    const family = ip ? isIP(ip) : 0;
    const bits = prefix === undefined ? (family === 4 ? 32 : 128) : Number(prefix);
    if (
      !ip ||
      rest.length > 0 ||
      (prefix !== undefined && !/^\d{1,3}$/.test(prefix)) ||
      bits > (family === 4 ? 32 : 128)
    ) {
      throw new TrustedProxiesError(
        `SWITCHYARD_TRUSTED_PROXIES: "${entry}" is not an IP address or CIDR (e.g. 10.0.0.0/8, fd00::/8)`,
      );
    }
    list.addSubnet(ip, bits, family === 4 ? "ipv4" : "ipv6");
  }
  return list;
}

let configured: { value: string | undefined; list: BlockList } | undefined;

function trustedProxies(): BlockList {
  const value = process.env.SWITCHYARD_TRUSTED_PROXIES;
  if (!configured || configured.value !== value) configured = { value, list: parseTrustedProxies(value) };
  return configured.list;
}

/**
 * An address as a proxy may write it (`1.2.3.4`, `1.2.3.4:5678`, `[::1]:80`, `::ffff:1.2.3.4`),
 * reduced to the plain address, or null when it is none.
 */
export function normalizeAddress(raw: string): string | null {
  let value = raw.trim();
  const bracketed = /^\[([^\]]+)\](?::\d+)?$/.exec(value);
  if (bracketed) value = bracketed[1];
  else if (/^[\d.]+:\d+$/.test(value)) value = value.slice(0, value.lastIndexOf(":"));
  value = value.toLowerCase();
  // An IPv4 client reaching an IPv6 socket: the same client either way.
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/.exec(value);
  if (mapped) value = mapped[1];
  return isIP(value) ? value : null;
}

/** The client's address, or null when the forwarded chain has none that can be believed. */
export function clientAddress(headers: Headers, trusted: BlockList = trustedProxies()): string | null {
  const hops = (headers.get("x-forwarded-for") ?? "")
    .split(",")
    .map((h) => h.trim())
    .filter(Boolean);
  let address: string | null = null;
  for (let i = hops.length - 1; i >= 0; i--) {
    address = normalizeAddress(hops[i]);
    // A hop our proxies didn't write sensibly: nothing to its left can be trusted either.
    if (!address) return null;
    if (!trusted.check(address, isIP(address) === 4 ? "ipv4" : "ipv6")) return address;
  }
  // Every hop is one of ours: the client is itself inside the trusted network.
  return address;
}

/** A copy of the request's headers carrying the client address for better-auth, and no forged one. */
export function withClientAddress(headers: Headers): Headers {
  const out = new Headers(headers);
  const address = clientAddress(headers);
  if (address) out.set(CLIENT_ADDRESS_HEADER, address);
  else out.delete(CLIENT_ADDRESS_HEADER);
  return out;
}
