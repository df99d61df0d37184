/**
 * The HTTP transport of Kong Admin API calls: a `fetch` built on node:http(s) so that the address
 * connected to is the address the allowlist checked (lib/kong/allowlist.ts). The global fetch
 * resolves the host itself, after any check made here — a name answering a public address to the
 * check and 127.0.0.1 to the connection (DNS rebinding) would pass. Redirects are never followed:
 * a 3xx comes back as it is, and the client refuses it (a Kong Admin API does not redirect).
 */
import { lookup as dnsLookup, type LookupAddress } from "node:dns";
import { Agent as HttpAgent, request as httpRequest, type IncomingMessage } from "node:http";
import { Agent as HttpsAgent, request as httpsRequest } from "node:https";
import type { LookupFunction } from "node:net";
import { isIP } from "node:net";
import { Readable } from "node:stream";
import { checkAddresses, kongAdminAllowlist, normalizeHost, type Allowlist } from "./allowlist";

/** Thrown (as the fetch's rejection) when the allowlist refuses the host: no connection was made. */
export class AllowlistRefusal extends Error {
  readonly code = "SWITCHYARD_KONG_ADMIN_REFUSED";
  constructor(readonly reason: string) {
    super(reason);
    this.name = "AllowlistRefusal";
  }
}

/** A lookup that checks every address before the socket may use one of them. */
function guardedLookup(url: URL, list: Allowlist): LookupFunction {
  return (hostname, options, callback) => {
    dnsLookup(hostname, { all: true, verbatim: true }, (error, addresses: LookupAddress[]) => {
      if (error) return callback(error, "", 4);
      const verdict = checkAddresses(
        list,
        url,
        addresses.map((a) => a.address),
      );
      if (!verdict.allowed) return callback(new AllowlistRefusal(verdict.reason), "", 4);
      if (options.all) return (callback as unknown as (e: null, a: LookupAddress[]) => void)(null, addresses);
      const first = addresses.find((a) => !options.family || a.family === options.family) ?? addresses[0];
      callback(null, first.address, first.family);
    });
  };
}

/**
 * Kept-alive sockets are safe to reuse: each was connected to an address the allowlist admitted,
 * and the list only changes with the environment. A publish sends thousands of writes; a TLS
 * handshake for each would dominate it.
 */
const agentOptions = { keepAlive: true, maxSockets: 32, maxFreeSockets: 8, timeout: 30_000 };
const httpAgent = new HttpAgent(agentOptions);
const httpsAgent = new HttpsAgent(agentOptions);

const NULL_BODY = new Set([101, 204, 205, 304]);

function toResponse(res: IncomingMessage): Response {
  const headers = new Headers();
  for (const [name, value] of Object.entries(res.headers)) {
    if (value === undefined) continue;
    for (const v of Array.isArray(value) ? value : [value]) headers.append(name, v);
  }
  const status = res.statusCode ?? 0;
  if (status < 200 || status > 599) {
    res.destroy();
    throw new TypeError(`invalid HTTP status ${status}`);
  }
  if (NULL_BODY.has(status)) {
    res.resume();
    return new Response(null, { status, headers });
  }
  return new Response(Readable.toWeb(res) as ReadableStream<Uint8Array>, { status, headers });
}

/**
 * `fetch` for a Kong Admin API: string/URL input, string bodies, record headers — what
 * lib/kong/client.ts sends. Refuses (rejects with `AllowlistRefusal`) before any connection when
 * the host or any address it resolves to is outside `SWITCHYARD_KONG_ADMIN_ALLOW`.
 */
export const kongFetch: typeof fetch = (input, init = {}) => {
  const url = new URL(input instanceof Request ? input.url : String(input));
  const list = kongAdminAllowlist();
  return new Promise<Response>((resolve, reject) => {
    if (url.protocol !== "http:" && url.protocol !== "https:")
      return reject(new TypeError(`unsupported protocol ${url.protocol}`));
    const host = normalizeHost(url.hostname);
    if (!host) return reject(new TypeError("invalid host"));
    // An IP literal is connected to as it is (no lookup runs): check it here.
    if ("ip" in host) {
      const verdict = checkAddresses(list, url, [host.ip]);
      if (!verdict.allowed) return reject(new AllowlistRefusal(verdict.reason));
    }
    const signal = init.signal ?? undefined;
    if (signal?.aborted) return reject(signal.reason);
    const headers: Record<string, string> = {};
    new Headers(init.headers).forEach((value, name) => (headers[name] = value));
    const body = typeof init.body === "string" ? init.body : undefined;
    if (body !== undefined) headers["content-length"] = String(Buffer.byteLength(body));
    const https = url.protocol === "https:";
    const request = https ? httpsRequest : httpRequest;
    const req = request(url, {
      method: init.method ?? "GET",
      headers,
      // For a literal IP the lookup is skipped by Node; it runs (and checks) for names.
      lookup: isIP(url.hostname.replace(/^\[|\]$/g, "")) ? undefined : guardedLookup(url, list),
      agent: https ? httpsAgent : httpAgent,
    });
    const onAbort = () => req.destroy(signal?.reason instanceof Error ? signal.reason : new Error("aborted"));
    signal?.addEventListener("abort", onAbort, { once: true });
    req.on("error", (error) => {
      signal?.removeEventListener("abort", onAbort);
      reject(error);
    });
    req.on("response", (res) => {
      res.on("close", () => signal?.removeEventListener("abort", onAbort));
      try {
        resolve(toResponse(res));
      } catch (error) {
        reject(error);
      }
    });
    req.end(body);
  });
};
