/** List paging limits of /api/v1. */
export const DEFAULT_LIMIT = 50;
export const MAX_LIMIT = 500;

/**
 * Request body limits (README "Request limits"). A larger body is refused with 413 before it is
 * read: by its Content-Length when it declares one, else as soon as the capped reader passes the
 * limit. 1 MiB holds the largest rover the schemas admit in practice and every batch the API takes.
 */
export const MAX_JSON_BODY_BYTES = 1024 * 1024;
/** better-auth's endpoints (sign-in, password change) take a few hundred bytes. */
export const MAX_AUTH_BODY_BYTES = 64 * 1024;
/** A rover file for `POST /api/v1/rovers/import`. */
export const MAX_ROVER_FILE_BYTES = 1024 * 1024;
/**
 * Pages (proxy.ts, by Content-Length): they take no uploads, only what a form posts. API routes
 * set their own limits (a handler's `bodyLimit`), which proxy.ts never sees.
 */
export const MAX_PAGE_BODY_BYTES = MAX_JSON_BODY_BYTES;

/** A body's declared size (Content-Length), when it declares a usable one. */
export function declaredLength(headers: Headers): number | null {
  const declared = headers.get("content-length")?.trim();
  return declared && /^[0-9]{1,16}$/.test(declared) ? Number(declared) : null;
}
