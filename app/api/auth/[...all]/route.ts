import { readBodyCapped } from "@/lib/api/body";
import { ApiError, errorResponse } from "@/lib/api/errors";
import { MAX_AUTH_BODY_BYTES } from "@/lib/api/limits";
import { getAuth } from "@/lib/auth/auth";
import { withClientAddress } from "@/lib/auth/client-address";

/** better-auth's own endpoints: sign-in, sign-out, session, change-password (rate-limited by the library). */
export const dynamic = "force-dynamic";

/** better-auth rate-limits and records sessions by the client address resolved from the trusted proxies. */
export const GET = (req: Request) => getAuth().handler(new Request(req, { headers: withClientAddress(req.headers) }));

/**
 * The sign-in endpoint answers anyone, so its body is capped before better-auth parses it: the
 * bytes are read under the limit (413 past it) and handed on as a body of known size.
 */
export const POST = async (req: Request) => {
  let body: Uint8Array<ArrayBuffer>;
  try {
    body = await readBodyCapped(req, MAX_AUTH_BODY_BYTES, "A sign-in request body");
  } catch (error) {
    if (error instanceof ApiError) return errorResponse(error.code, error.message, error.details);
    throw error;
  }
  const headers = withClientAddress(req.headers);
  headers.delete("transfer-encoding");
  headers.set("content-length", String(body.byteLength));
  return getAuth().handler(
    new Request(req.url, {
      method: req.method,
      headers,
      body: body.byteLength ? body : undefined,
      signal: req.signal,
    }),
  );
};
