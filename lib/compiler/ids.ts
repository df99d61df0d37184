import { parse as parseUuid } from "uuid";

/**
 * Namespace of every id Switchyard gives a Kong entity. Fixed forever: changing it would change
 * every id, and a publish would then delete and re-create the whole estate.
 */
export const SWITCHYARD_NAMESPACE = "5b0e1c2a-7d4f-5e6a-9b8c-3f2d1e0a4c7b";

export type KongEntityType = "service" | "upstream" | "target" | "route" | "plugin";

/**
 * Deterministic id (UUID v5) from zone + entity type + name, so a publish is idempotent and
 * equal-priority ties (Kong breaks them by id) can never flip between publishes. The entity type
 * is part of the name so a service and its route, which share a name, get different ids.
 *
 * Computed here rather than with `uuid`'s v5: a large estate needs ~100,000 ids per compile, and
 * a hash object per id (what `uuid` does on Node) cost about a fifth of a full compile. The result
 * is the same RFC 9562 UUID v5 (tested against `uuid`).
 */
export function kongEntityId(zone: string, type: KongEntityType, name: string): string {
  return uuidV5(`${zone}/${type}/${name}`);
}

// ---------------------------------------------------------------- UUID v5 (SHA-1 of namespace + name)

const NAMESPACE_BYTES = parseUuid(SWITCHYARD_NAMESPACE);
const utf8 = new TextEncoder();
const HEX_CODES = Array.from("0123456789abcdef", (c) => c.charCodeAt(0));
const uuidChars: number[] = new Array(36).fill(0);
/** Message buffer, reused between calls: namespace, name, then SHA-1 padding. Grows when needed. */
let message = new Uint8Array(256);
message.set(NAMESPACE_BYTES, 0);
const words = new Int32Array(80);
const digest = new Uint8Array(20);

function uuidV5(name: string): string {
  // Names are ASCII in practice (validated names and paths): copy code units straight in, and
  // fall back to a real UTF-8 encoding only for anything else.
  let length = 16 + name.length;
  let ascii = true;
  for (let i = 0; i < name.length; i++) {
    if (name.charCodeAt(i) > 0x7f) {
      ascii = false;
      break;
    }
  }
  const encoded = ascii ? null : utf8.encode(name);
  if (encoded) length = 16 + encoded.length;
  const padded = (((length + 8) >> 6) + 1) << 6;
  if (padded > message.length) {
    const grown = new Uint8Array(padded * 2);
    grown.set(NAMESPACE_BYTES, 0);
    message = grown;
  }
  if (encoded) message.set(encoded, 16);
  else for (let i = 0; i < name.length; i++) message[16 + i] = name.charCodeAt(i);
  message[length] = 0x80;
  message.fill(0, length + 1, padded);
  // Message length in bits, big-endian, in the last 8 bytes (names are far below 2^29 bytes).
  const bits = length * 8;
  message[padded - 4] = bits >>> 24;
  message[padded - 3] = (bits >>> 16) & 0xff;
  message[padded - 2] = (bits >>> 8) & 0xff;
  message[padded - 1] = bits & 0xff;
  sha1(message, padded);

  digest[6] = (digest[6] & 0x0f) | 0x50;
  digest[8] = (digest[8] & 0x3f) | 0x80;
  // One flat string from character codes: concatenating 2-digit pieces would leave a tree of
  // ~12 cons-string nodes per id (V8 only flattens short concatenations), ~40 MB for an estate.
  let at = 0;
  for (let i = 0; i < 16; i++) {
    if (i === 4 || i === 6 || i === 8 || i === 10) uuidChars[at++] = 0x2d; // "-"
    uuidChars[at++] = HEX_CODES[digest[i] >> 4];
    uuidChars[at++] = HEX_CODES[digest[i] & 0x0f];
  }
  return String.fromCharCode(...uuidChars);
}

/** SHA-1 (FIPS 180-4) of `bytes[0, length)`, already padded to a multiple of 64 bytes, into `digest`. */
function sha1(bytes: Uint8Array, length: number): void {
  let h0 = 0x67452301;
  let h1 = 0xefcdab89 | 0;
  let h2 = 0x98badcfe | 0;
  let h3 = 0x10325476;
  let h4 = 0xc3d2e1f0 | 0;
  for (let offset = 0; offset < length; offset += 64) {
    for (let t = 0; t < 16; t++) {
      const p = offset + t * 4;
      words[t] = (bytes[p] << 24) | (bytes[p + 1] << 16) | (bytes[p + 2] << 8) | bytes[p + 3];
    }
    for (let t = 16; t < 80; t++) {
      const x = words[t - 3] ^ words[t - 8] ^ words[t - 14] ^ words[t - 16];
      words[t] = (x << 1) | (x >>> 31);
    }
    let a = h0;
    let b = h1;
    let c = h2;
    let d = h3;
    let e = h4;
    for (let t = 0; t < 80; t++) {
      let f: number;
      let k: number;
      if (t < 20) {
        f = (b & c) | (~b & d);
        k = 0x5a827999;
      } else if (t < 40) {
        f = b ^ c ^ d;
        k = 0x6ed9eba1;
      } else if (t < 60) {
        f = (b & c) | (b & d) | (c & d);
        k = 0x8f1bbcdc | 0;
      } else {
        f = b ^ c ^ d;
        k = 0xca62c1d6 | 0;
      }
      const temp = (((a << 5) | (a >>> 27)) + f + e + k + words[t]) | 0;
      e = d;
      d = c;
      c = (b << 30) | (b >>> 2);
      b = a;
      a = temp;
    }
    h0 = (h0 + a) | 0;
    h1 = (h1 + b) | 0;
    h2 = (h2 + c) | 0;
    h3 = (h3 + d) | 0;
    h4 = (h4 + e) | 0;
  }
  const out = [h0, h1, h2, h3, h4];
  for (let i = 0; i < 5; i++) {
    digest[i * 4] = out[i] >>> 24;
    digest[i * 4 + 1] = (out[i] >>> 16) & 0xff;
    digest[i * 4 + 2] = (out[i] >>> 8) & 0xff;
    digest[i * 4 + 3] = out[i] & 0xff;
  }
}
