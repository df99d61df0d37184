import { getSessionCookie } from "better-auth/cookies";
import { NextResponse, type NextRequest } from "next/server";
import { MAX_PAGE_BODY_BYTES, declaredLength } from "@/lib/api/limits";
import { PATH_HEADER, SESSION_COOKIE_PREFIX, SIGN_IN_PATH } from "@/lib/auth/constants";

/**
 * Signed-out visitors go to the sign-in page. This only looks for the session cookie (no database
 * here); the root layout checks the session for real and the API answers 401 on its own, so a
 * stale or forged cookie gets no further than the sign-in page. A page request declaring a body
 * larger than a page takes is refused (413) before Next reads it.
 */
export function proxy(request: NextRequest) {
  if ((declaredLength(request.headers) ?? 0) > MAX_PAGE_BODY_BYTES) {
    return NextResponse.json(
      {
        error: {
          code: "payload_too_large",
          message: `A request body must be at most ${MAX_PAGE_BODY_BYTES} bytes`,
          details: { limit: MAX_PAGE_BODY_BYTES },
        },
      },
      { status: 413 },
    );
  }
  const { pathname, search } = request.nextUrl;
  const headers = new Headers(request.headers);
  headers.set(PATH_HEADER, pathname + search);
  const isSignIn = pathname === SIGN_IN_PATH || pathname.startsWith(`${SIGN_IN_PATH}/`);
  if (!isSignIn && !getSessionCookie(request, { cookiePrefix: SESSION_COOKIE_PREFIX })) {
    const url = new URL(SIGN_IN_PATH, request.url);
    if (pathname !== "/") url.searchParams.set("next", pathname + search);
    return NextResponse.redirect(url);
  }
  return NextResponse.next({ request: { headers } });
}

export const config = {
  // Pages only: the API answers 401 itself, and static files need no session. The API also refuses
  // oversized bodies itself (lib/api/body.ts): for a request the proxy sees, Next copies the body
  // for the proxy and waits for the whole upload, which is exactly what a body limit must avoid.
  matcher: ["/((?!api/|_next/|favicon\\.ico|.*\\.(?:png|svg|ico|jpg|jpeg|webp|txt|xml)$).*)"],
};
