import type { IncomingMessage, ServerResponse } from "node:http";
import { StandinHttpError } from "./kong-errors";
import type { Faults, Zone } from "./zones";

/** A whole declarative config of a large estate is a few MB; anything far beyond is a mistake. */
const MAX_BODY = 64 * 1024 * 1024;

export async function readBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY) throw new StandinHttpError(413, { message: "Request body too large" });
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}

/** Kong's Admin API takes JSON bodies; an empty body is an empty entity. */
export async function readJson(req: IncomingMessage): Promise<Record<string, unknown>> {
  const raw = (await readBody(req)).toString("utf8");
  if (raw.trim() === "") return {};
  try {
    const parsed: unknown = JSON.parse(raw);
    if (parsed && typeof parsed === "object" && !Array.isArray(parsed)) return parsed as Record<string, unknown>;
  } catch {
    // Kong's wording for an unparsable body
  }
  throw new StandinHttpError(400, { message: "Cannot parse JSON body" });
}

export function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    "content-type": "application/json; charset=utf-8",
    "content-length": Buffer.byteLength(text),
    server: "kong/3.9.0 (switchyard stand-in)",
    ...headers,
  });
  res.end(text);
}

export function sendEmpty(res: ServerResponse, status: number): void {
  res.writeHead(status, { server: "kong/3.9.0 (switchyard stand-in)" });
  res.end();
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * Applies the zone's injected faults to one request. Returns false when the request was already
 * answered (a 500) or its connection dropped — the caller must then do nothing more.
 */
export async function injectFaults(zone: Zone, side: "admin" | "proxy", res: ServerResponse, random: () => number): Promise<boolean> {
  const f: Faults = zone.faults;
  if (f.scope !== "all" && f.scope !== side) return true;
  if (f.latencyMs > 0) {
    zone.stats.faults.delayed += 1;
    await sleep(f.latencyMs);
  }
  if (f.dropRate > 0 && random() < f.dropRate) {
    zone.stats.faults.drops += 1;
    res.socket?.destroy();
    return false;
  }
  if (f.errorRate > 0 && random() < f.errorRate) {
    zone.stats.faults.errors += 1;
    sendJson(res, 500, { message: "An unexpected error occurred" });
    return false;
  }
  return true;
}
