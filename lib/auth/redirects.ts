import { SIGN_IN_PATH } from "./constants";

/** Stands in for the app's origin when none is configured: only "same as the base" matters. */
const FALLBACK_ORIGIN = "http://switchyard.invalid";

/**
 * A `next` target after sign-in: only a path on this site, never another origin, else `/`.
 *
 * The value is parsed against the app's origin and must keep that origin; on top of that anything
 * a browser reads differently from a parser is refused, written or percent-encoded: control
 * characters (browsers drop tabs and newlines, so `/%09/evil.example` becomes `//evil.example`),
 * backslashes (read as `/`) and a leading `//` (another host). What comes back is the parsed
 * path, so the Location header and `window.location` get exactly what was checked.
 */
export function safeNext(next: string | null | undefined, appOrigin: string = FALLBACK_ORIGIN): string {
  if (!next || next.length > 2048) return "/";
  let decoded: string;
  try {
    decoded = decodeURIComponent(next);
  } catch {
    return "/";
  }
  for (const form of [next, decoded]) {
    if (/[\u0000-\u001f\u007f\\]/.test(form)) return "/";
    if (!form.startsWith("/") || form.startsWith("//")) return "/";
  }
  let base: URL;
  let url: URL;
  try {
    base = new URL(appOrigin);
    url = new URL(next, base);
  } catch {
    return "/";
  }
  if (url.origin !== base.origin) return "/";
  if (url.pathname === SIGN_IN_PATH || url.pathname.startsWith(`${SIGN_IN_PATH}/`)) return "/";
  return `${url.pathname}${url.search}${url.hash}`;
}
