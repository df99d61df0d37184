import "server-only";
import { ApiError } from "./errors";
import { declaredLength } from "./limits";

/**
 * Request bodies read under a byte limit. The Content-Length a client declares is checked before
 * anything is read; a body without one (chunked) is read until it passes the limit and no further,
 * so a 50 MB upload costs the server at most the limit in memory.
 */

const formatBytes = (n: number) =>
  n >= 1024 * 1024 && n % (1024 * 1024) === 0
    ? `${n / (1024 * 1024)} MiB`
    : n >= 1024 && n % 1024 === 0
      ? `${n / 1024} KiB`
      : `${n} bytes`;

export function bodyTooLarge(limit: number, what: string): ApiError {
  return new ApiError("payload_too_large", `${what} must be at most ${formatBytes(limit)} (${limit} bytes)`, {
    limit,
  });
}

/** Refuses a body that declares more than `limit` bytes, reading none of it. */
export function refuseDeclaredOversize(req: Request, limit: number, what: string): void {
  const declared = declaredLength(req.headers);
  if (declared !== null && declared > limit) throw bodyTooLarge(limit, what);
}

/**
 * What is still on the wire after a refusal is read and dropped (up to this much) rather than left
 * unread: Node destroys the connection of a request whose body is abandoned mid-stream, and a
 * client that is still sending would then miss the 413. Past this, the upload is cut off.
 */
export const MAX_DRAIN_BYTES = 16 * 1024 * 1024;

async function drain(reader: ReadableStreamDefaultReader<Uint8Array>): Promise<void> {
  let drained = 0;
  try {
    while (drained < MAX_DRAIN_BYTES) {
      const { done, value } = await reader.read();
      if (done) return;
      drained += value.byteLength;
    }
    await reader.cancel();
  } catch {
    // The client went away: nothing left to drain.
  }
}

/** The body's bytes, refused with 413 as soon as they pass `limit`. */
export async function readBodyCapped(
  req: Request,
  limit: number,
  what: string,
): Promise<Uint8Array<ArrayBuffer>> {
  refuseDeclaredOversize(req, limit, what);
  if (!req.body) return new Uint8Array(0);
  const reader = req.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > limit) {
      chunks.length = 0;
      void drain(reader);
      throw bodyTooLarge(limit, what);
    }
    chunks.push(value);
  }
  const out = new Uint8Array(size);
  let at = 0;
  for (const chunk of chunks) {
    out.set(chunk, at);
    at += chunk.byteLength;
  }
  return out;
}

/** The body as UTF-8 text (as `Request.text()` decodes it), refused with 413 past `limit` bytes. */
export async function readTextCapped(req: Request, limit: number, what: string): Promise<string> {
  return new TextDecoder().decode(await readBodyCapped(req, limit, what));
}
