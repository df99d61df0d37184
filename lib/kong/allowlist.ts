/**
 * Where Switchyard may send Kong Admin API calls. A zone's Kong admin URL is typed by an operator
 * and then requested by the server on every drift check and dry run, so without a boundary it is a
 * way to make the server probe its own network (PostgreSQL on 127.0.0.1:5432, the cloud metadata
 * service on 169.254.169.254, …). `SWITCHYARD_KONG_ADMIN_ALLOW` is that boundary:
 *
 * - a comma-separated list of entries: an IP (`10.1.2.3`, `::1`), a CIDR (`10.20.0.0/16`,
 *   `fd00::/8`), a host name (`kong-admin.eu.example.internal`) or a domain (`.example.internal`:
 *   the domain's hosts, not the domain itself), each optionally with `:port` (`127.0.0.1:8001`,
 *   `[::1]:8001`, `kong.example.internal:8444`), and the keyword `public` (any public unicast
 *   address: not loopback, private, link-local, shared, multicast, reserved or unspecified);
 * - unset: `public` in production; in development and tests (`NODE_ENV` development/test) also
 *   loopback (`public,127.0.0.0/8,::1`), so the Kong stand-in on 127.0.0.1 works out of the box.
 *   `npm run dev` and the e2e server set it to the stand-in's own address and port.
 *
 * Checked twice: when a zone is saved (the URL's host, and for a name what it resolves to now) and
 * on every outbound call after DNS resolution, where every resolved address must pass and the
 * connection goes to the address that was checked (lib/kong/transport.ts) — a name that resolves
 * to something else a second later (DNS rebinding) gets no connection. An allowed *name* vouches for
 * what it resolves to, except addresses that are never a Kong node (unspecified, link-local —
 * the metadata service —, multicast, broadcast) unless an IP/CIDR entry names them too.
 */
import { lookup } from "node:dns/promises";
import { isIP } from "node:net";

export const ALLOWLIST_ENV = "SWITCHYARD_KONG_ADMIN_ALLOW";

/** An address as 16 bytes (IPv4 as IPv4-mapped IPv6), so one matcher serves both families. */
type Bytes = Uint8Array;

interface CidrEntry {
  type: "cidr";
  bytes: Bytes;
  /** Prefix length over the 128-bit form. */
  bits: number;
  port: number | null;
}
interface NameEntry {
  type: "name";
  /** Lower case, no trailing dot; a leading dot means "any host under this domain". */
  name: string;
  port: number | null;
}
interface PublicEntry {
  type: "public";
}
type Entry = CidrEntry | NameEntry | PublicEntry;

export interface Allowlist {
  /** What was configured, for messages. */
  source: string;
  entries: Entry[];
}

export class AllowlistSyntaxError extends Error {
  constructor(entry: string) {
    super(`${ALLOWLIST_ENV}: "${entry}" is not an IP, CIDR, host name, .domain or "public"`);
    this.name = "AllowlistSyntaxError";
  }
}

// ------------------------------------------------------------------ addresses

/**
 * The canonical text of an IP host, or null for a name. The WHATWG URL parser is the one every
 * HTTP client here uses, and it already turns `2130706433`, `0x7f.1`, `127.1` and `0177.0.0.1`
 * into `127.0.0.1`; IPv4-mapped IPv6 (`::ffff:127.0.0.1`, which it prints as `::ffff:7f00:1`)
 * is unwrapped so it meets the IPv4 rules.
 */
export function normalizeHost(host: string): { ip: string; bytes: Bytes } | { name: string } | null {
  const bare = host.startsWith("[") && host.endsWith("]") ? host.slice(1, -1) : host;
  let hostname: string;
  try {
    hostname = new URL(`http://${isIP(bare) === 6 ? `[${bare}]` : bare}/`).hostname;
  } catch {
    return null;
  }
  const unbracketed = hostname.startsWith("[") ? hostname.slice(1, -1) : hostname;
  const bytes = ipBytes(unbracketed);
  if (!bytes) return { name: hostname.replace(/\.$/, "") };
  return { ip: formatBytes(bytes), bytes };
}

function ipBytes(ip: string): Bytes | null {
  const family = isIP(ip);
  if (family === 4) {
    const out = new Uint8Array(16);
    out[10] = 0xff;
    out[11] = 0xff;
    ip.split(".").forEach((part, i) => (out[12 + i] = Number(part)));
    return out;
  }
  if (family !== 6) return null;
  let text = ip.replace(/%.*$/, "");
  // A trailing dotted quad (`::ffff:1.2.3.4`) becomes two hex groups.
  const quad = /(\d+\.\d+\.\d+\.\d+)$/.exec(text);
  if (quad) {
    const b = quad[1].split(".").map(Number);
    text = `${text.slice(0, quad.index)}${((b[0] << 8) | b[1]).toString(16)}:${((b[2] << 8) | b[3]).toString(16)}`;
  }
  const [head, tail] = text.includes("::") ? text.split("::") : [text, null];
  const left = head ? head.split(":") : [];
  const right = tail ? tail.split(":") : [];
  const groups =
    tail === null ? left : [...left, ...Array<string>(8 - left.length - right.length).fill("0"), ...right];
  if (groups.length !== 8) return null;
  const out = new Uint8Array(16);
  groups.forEach((g, i) => {
    const v = parseInt(g, 16);
    out[i * 2] = v >> 8;
    out[i * 2 + 1] = v & 0xff;
  });
  return out;
}

const isMapped = (b: Bytes) => b.slice(0, 10).every((x) => x === 0) && b[10] === 0xff && b[11] === 0xff;

function formatBytes(b: Bytes): string {
  if (isMapped(b)) return `${b[12]}.${b[13]}.${b[14]}.${b[15]}`;
  const groups: number[] = [];
  for (let i = 0; i < 16; i += 2) groups.push((b[i] << 8) | b[i + 1]);
  // RFC 5952: the longest run of two or more zero groups becomes "::".
  let best = { at: -1, len: 1 };
  for (let i = 0; i < 8;) {
    let j = i;
    while (j < 8 && groups[j] === 0) j++;
    if (j - i > best.len) best = { at: i, len: j - i };
    i = j > i ? j : i + 1;
  }
  const hex = groups.map((g) => g.toString(16));
  if (best.at < 0) return hex.join(":");
  return `${hex.slice(0, best.at).join(":")}::${hex.slice(best.at + best.len).join(":")}`;
}

function inPrefix(addr: Bytes, net: Bytes, bits: number): boolean {
  for (let i = 0; i < 16 && bits > 0; i++, bits -= 8) {
    const mask = bits >= 8 ? 0xff : (0xff << (8 - bits)) & 0xff;
    if ((addr[i] & mask) !== (net[i] & mask)) return false;
  }
  return true;
}

function cidr(text: string): { bytes: Bytes; bits: number } {
  const [ip, len] = text.split("/");
  const bytes = ipBytes(ip)!;
  const v4 = isIP(ip) === 4;
  const bits = len === undefined ? 128 : Number(len) + (v4 ? 96 : 0);
  return { bytes, bits };
}

/** Not reachable as "public": loopback, private, shared (CGNAT), link-local, documentation, multicast, reserved. */
const NOT_PUBLIC = [
  "0.0.0.0/8",
  "10.0.0.0/8",
  "100.64.0.0/10",
  "127.0.0.0/8",
  "169.254.0.0/16",
  "172.16.0.0/12",
  "192.0.0.0/24",
  "192.0.2.0/24",
  "192.168.0.0/16",
  "198.18.0.0/15",
  "198.51.100.0/24",
  "203.0.113.0/24",
  "224.0.0.0/3",
  "::/128",
  "::1/128",
  "64:ff9b::/96",
  "100::/64",
  "2001:db8::/32",
  "fc00::/7",
  "fe80::/10",
  "ff00::/8",
].map(cidr);

/** Never a Kong node, whatever name points there: only an explicit IP/CIDR entry allows these. */
const NEVER_BY_NAME = ["0.0.0.0/8", "169.254.0.0/16", "224.0.0.0/3", "::/128", "fe80::/10", "ff00::/8"].map(
  cidr,
);

const isPublicBytes = (bytes: Bytes) => !NOT_PUBLIC.some((n) => inPrefix(bytes, n.bytes, n.bits));

export function isPublicAddress(ip: string): boolean {
  const bytes = ipBytes(ip);
  return bytes !== null && isPublicBytes(bytes);
}

// ------------------------------------------------------------------ the list

function splitPort(entry: string): { host: string; port: number | null } {
  const bracketed = /^\[([^\]]+)\](?::(\d+))?$/.exec(entry);
  if (bracketed) return { host: bracketed[1], port: bracketed[2] ? Number(bracketed[2]) : null };
  // One colon: host:port; more: a bare IPv6 address (optionally a CIDR).
  const colons = entry.split(":").length - 1;
  if (colons === 1) {
    const [host, port] = entry.split(":");
    if (!/^\d+$/.test(port)) throw new AllowlistSyntaxError(entry);
    return { host, port: Number(port) };
  }
  return { host: entry, port: null };
}

export function parseAllowlist(source: string): Allowlist {
  const entries: Entry[] = [];
  for (const raw of source
    .split(",")
    .map((s) => s.trim())
    .filter(Boolean)) {
    if (raw.toLowerCase() === "public") {
      entries.push({ type: "public" });
      continue;
    }
    const { host, port } = splitPort(raw);
    if (port !== null && (port < 1 || port > 65535)) throw new AllowlistSyntaxError(raw);
    const [ip, len] = host.split("/");
    if (ipBytes(ip)) {
      const max = isIP(ip) === 4 ? 32 : 128;
      if (len !== undefined && (!/^\d+$/.test(len) || Number(len) > max)) throw new AllowlistSyntaxError(raw);
      entries.push({ type: "cidr", ...cidr(host), port });
      continue;
    }
    const domain = host.startsWith(".");
    const name = host.replace(/^\./, "").replace(/\.$/, "").toLowerCase();
    if (!/^[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)*$/.test(name) || len !== undefined)
      throw new AllowlistSyntaxError(raw);
    entries.push({ type: "name", name: domain ? `.${name}` : name, port });
  }
  return { source, entries };
}

const DEV_DEFAULT = "public,127.0.0.0/8,::1";

/** The configured list (re-parsed only when the variable changes, so tests can set it per file). */
let cached: { text: string; list: Allowlist } | null = null;
export function kongAdminAllowlist(env: NodeJS.ProcessEnv = process.env): Allowlist {
  const configured = env[ALLOWLIST_ENV];
  const text =
    configured !== undefined && configured.trim() !== ""
      ? configured
      : env.NODE_ENV === "development" || env.NODE_ENV === "test"
        ? DEV_DEFAULT
        : "public";
  if (cached?.text !== text) cached = { text, list: parseAllowlist(text) };
  return cached.list;
}

const portMatches = (entry: { port: number | null }, port: number) =>
  entry.port === null || entry.port === port;

function nameMatches(entry: NameEntry, name: string): boolean {
  const host = name.toLowerCase().replace(/\.$/, "");
  return entry.name.startsWith(".") ? host.endsWith(entry.name) : host === entry.name;
}

/** Whether `address` may be connected to on `port`; `viaName` when an allowed host name led there. */
export function addressAllowed(list: Allowlist, address: string, port: number, viaName = false): boolean {
  const bytes = ipBytes(address);
  if (!bytes) return false;
  const byAddress = list.entries.some(
    (e) =>
      (e.type === "cidr" && portMatches(e, port) && inPrefix(bytes, e.bytes, e.bits)) ||
      (e.type === "public" && isPublicBytes(bytes)),
  );
  if (byAddress) return true;
  return viaName && !NEVER_BY_NAME.some((n) => inPrefix(bytes, n.bytes, n.bits));
}

export function nameAllowed(list: Allowlist, name: string, port: number): boolean {
  return list.entries.some((e) => e.type === "name" && portMatches(e, port) && nameMatches(e, name));
}

/** Why a URL is refused, or null. The reason names the variable to change, never what was found there. */
export type AllowlistVerdict = { allowed: true } | { allowed: false; reason: string };

const refusal = (what: string): AllowlistVerdict => ({
  allowed: false,
  reason: `${what} is not in ${ALLOWLIST_ENV} (the Kong admin hosts and networks Switchyard may call); an administrator can add it there`,
});

export function defaultPort(url: URL): number {
  return url.port ? Number(url.port) : url.protocol === "https:" ? 443 : 80;
}

/** The resolved addresses of an admin URL's host against the list: every one must pass. */
export function checkAddresses(list: Allowlist, url: URL, addresses: string[]): AllowlistVerdict {
  const port = defaultPort(url);
  const host = normalizeHost(url.hostname);
  const viaName = host !== null && "name" in host && nameAllowed(list, host.name, port);
  if (addresses.length === 0) return refusal(`Host ${url.hostname}`);
  for (const address of addresses)
    if (!addressAllowed(list, address, port, viaName))
      return refusal(`An address of ${url.hostname}:${port}`);
  return { allowed: true };
}

const LOCALHOST = /(^|\.)localhost$/i;

/**
 * The check on save: an IP host is decided at once; a name is resolved now (a bounded lookup) so
 * `localhost` or a name for an internal address is refused with the field. A name that doesn't
 * resolve yet is accepted: every call checks again after resolving it.
 */
export async function checkKongAdminUrl(
  text: string,
  list: Allowlist = kongAdminAllowlist(),
  resolve: (name: string) => Promise<string[]> = resolveAll,
): Promise<AllowlistVerdict> {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return { allowed: false, reason: "must be an absolute http(s) URL" };
  }
  const host = normalizeHost(url.hostname);
  if (!host) return { allowed: false, reason: "has a host that is neither a name nor an IP address" };
  const port = defaultPort(url);
  if ("ip" in host)
    return addressAllowed(list, host.ip, port) ? { allowed: true } : refusal(`${host.ip}:${port}`);
  if (LOCALHOST.test(host.name)) return checkAddresses(list, url, ["127.0.0.1", "::1"]);
  let addresses: string[];
  try {
    addresses = await resolve(host.name);
  } catch {
    return { allowed: true };
  }
  return checkAddresses(list, url, addresses);
}

const SAVE_LOOKUP_MS = 2_000;

async function resolveAll(name: string): Promise<string[]> {
  let timer: NodeJS.Timeout | undefined;
  try {
    return await Promise.race([
      lookup(name, { all: true, verbatim: true }).then((rows) => rows.map((r) => r.address)),
      new Promise<never>(
        (_, reject) => (timer = setTimeout(() => reject(new Error("lookup timed out")), SAVE_LOOKUP_MS)),
      ),
    ]);
  } finally {
    clearTimeout(timer);
  }
}
