/** Shared by the proxy (no database there), the server and the sign-in page. */
export const SESSION_COOKIE_PREFIX = "switchyard";
export const SIGN_IN_PATH = "/sign-in";
/** The path the layout is rendering, passed on by proxy.ts (layouts aren't told their path). */
export const PATH_HEADER = "x-switchyard-path";

/** A `next` target after sign-in: only a path on this site, never another origin. */
export function safeNext(next: string | null | undefined): string {
  if (!next || !next.startsWith("/") || next.startsWith("//") || next.startsWith("/\\")) return "/";
  if (next.startsWith(SIGN_IN_PATH)) return "/";
  return next;
}
