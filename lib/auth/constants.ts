/** Shared by the proxy (no database there), the server and the sign-in page. */
export const SESSION_COOKIE_PREFIX = "switchyard";
export const SIGN_IN_PATH = "/sign-in";
/** The path the layout is rendering, passed on by proxy.ts (layouts aren't told their path). */
export const PATH_HEADER = "x-switchyard-path";
