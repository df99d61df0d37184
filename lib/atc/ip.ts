/**
 * IP addresses and CIDRs as Kong's router reads them. atc-router hands the literal text to Rust's
 * `std::net` parsers (addresses) and the `cidr` crate (networks), so the rules here are those:
 * IPv4 octets without leading zeros, IPv6 with at most one `::` that stands for at least one
 * group, and a network whose host bits are zero. Addresses are kept as 16 bytes (IPv4: 4) so the
 * evaluator can compare and test containment without string tricks.
 */

export interface IpAddress {
  /** 4 bytes for IPv4, 16 for IPv6. */
  bytes: number[];
}

export interface IpNetwork {
  address: IpAddress;
  prefix: number;
}

/**
 * Rust's `Ipv4Addr::from_str`: four decimal octets, no leading zeros, each ≤ 255. The `cidr`
 * crate is more lenient for the address of a network: leading zeros are allowed (still decimal).
 */
export function parseIpv4(text: string, allowLeadingZeros = false): IpAddress | null {
  const parts = text.split(".");
  if (parts.length !== 4) return null;
  const bytes: number[] = [];
  for (const p of parts) {
    if (!/^[0-9]{1,3}$/.test(p) || (!allowLeadingZeros && p.length > 1 && p.startsWith("0"))) return null;
    const n = Number(p);
    if (n > 255) return null;
    bytes.push(n);
  }
  return { bytes };
}

/**
 * Rust's `Ipv6Addr::from_str` for the hex-and-colon text Kong's grammar can lex (no embedded
 * dotted quad: the lexer stops at `.`). `::` must replace at least one group.
 */
export function parseIpv6(text: string): IpAddress | null {
  let pos = 0;
  const readGroups = (limit: number): number[] => {
    const groups: number[] = [];
    while (groups.length < limit) {
      const start = pos;
      if (groups.length > 0) {
        if (text[pos] !== ":") break;
        pos++;
      }
      const m = /^[0-9a-fA-F]{1,4}/.exec(text.slice(pos));
      // A fifth hex digit can never be part of a group, so the whole address fails.
      if (!m || /^[0-9a-fA-F]/.test(text.slice(pos + m[0].length))) {
        pos = start;
        break;
      }
      groups.push(parseInt(m[0], 16));
      pos += m[0].length;
    }
    return groups;
  };
  const head = readGroups(8);
  let groups: number[];
  if (head.length === 8) {
    groups = head;
  } else {
    if (text.slice(pos, pos + 2) !== "::") return null;
    pos += 2;
    const tail = readGroups(8 - head.length - 1);
    groups = [...head, ...new Array<number>(8 - head.length - tail.length).fill(0), ...tail];
  }
  if (pos !== text.length) return null;
  return { bytes: groups.flatMap((g) => [g >> 8, g & 0xff]) };
}

export function parseIpAddress(text: string): IpAddress | null {
  return text.includes(":") ? parseIpv6(text) : parseIpv4(text);
}

export type CidrResult = { ok: true; network: IpNetwork } | { ok: false; message: string };

/** The `cidr` crate's `IpCidr::from_str`: `address/length`, length within the family, host bits zero. */
export function parseCidr(text: string): CidrResult {
  const slash = text.lastIndexOf("/");
  const v6 = text.includes(":");
  const address = v6 ? parseIpv6(text.slice(0, slash)) : parseIpv4(text.slice(0, slash), true);
  if (!address) return { ok: false, message: `couldn't parse address in network: invalid IPv${v6 ? 6 : 4} address syntax` };
  const prefix = Number(text.slice(slash + 1));
  const max = address.bytes.length * 8;
  if (prefix > max) {
    return { ok: false, message: `invalid length for network: Network length ${prefix} is too long for Ipv${v6 ? 6 : 4} (maximum: ${max})` };
  }
  const network = { address, prefix };
  if (!sameBytes(maskBytes(address.bytes, prefix), address.bytes)) return { ok: false, message: "host part of address was not zero" };
  return { ok: true, network };
}

function maskBytes(bytes: number[], prefix: number): number[] {
  return bytes.map((b, i) => {
    const bits = Math.max(0, Math.min(8, prefix - i * 8));
    return b & ((0xff << (8 - bits)) & 0xff);
  });
}

function sameBytes(a: number[], b: number[]): boolean {
  return a.length === b.length && a.every((x, i) => x === b[i]);
}

export function ipEquals(a: IpAddress, b: IpAddress): boolean {
  return sameBytes(a.bytes, b.bytes);
}

/** Containment never crosses families: Kong keeps `::ffff:1.2.3.4` and `1.2.3.4` apart. */
export function networkContains(n: IpNetwork, a: IpAddress): boolean {
  return n.address.bytes.length === a.bytes.length && sameBytes(maskBytes(a.bytes, n.prefix), n.address.bytes);
}

function groupsOf(bytes: number[]): number[] {
  const groups: number[] = [];
  for (let i = 0; i < 16; i += 2) groups.push((bytes[i] << 8) | bytes[i + 1]);
  return groups;
}

/** RFC 5952 text: lower-case hex, the longest (first on a tie) run of ≥ 2 zero groups as `::`. */
function compressV6(groups: number[]): string {
  let bestStart = -1;
  let bestLen = 1;
  for (let i = 0; i < 8; ) {
    if (groups[i] !== 0) {
      i++;
      continue;
    }
    let j = i;
    while (j < 8 && groups[j] === 0) j++;
    if (j - i > bestLen) {
      bestStart = i;
      bestLen = j - i;
    }
    i = j;
  }
  const hex = groups.map((g) => g.toString(16));
  if (bestStart < 0) return hex.join(":");
  return `${hex.slice(0, bestStart).join(":")}::${hex.slice(bestStart + bestLen).join(":")}`;
}

/**
 * Our canonical text: re-parseable by Kong's grammar (so the printer can write it back), hence
 * no dotted quad inside IPv6.
 */
export function formatIp(a: IpAddress): string {
  return a.bytes.length === 4 ? a.bytes.join(".") : compressV6(groupsOf(a.bytes));
}

export function formatCidr(n: IpNetwork): string {
  return `${formatIp(n.address)}/${n.prefix}`;
}

/**
 * Rust's `Display` as Kong's parse tree shows it: IPv4-mapped IPv6 addresses end in a dotted
 * quad, and a network of full length is shown as a bare address (the `cidr` crate's format).
 */
export function rustIpDisplay(a: IpAddress): string {
  if (a.bytes.length === 16 && a.bytes.slice(0, 10).every((b) => b === 0) && a.bytes[10] === 0xff && a.bytes[11] === 0xff) {
    return `::ffff:${a.bytes.slice(12).join(".")}`;
  }
  return formatIp(a);
}

export function rustCidrDisplay(n: IpNetwork): string {
  const addr = rustIpDisplay(n.address);
  return n.prefix === n.address.bytes.length * 8 ? addr : `${addr}/${n.prefix}`;
}
