import { getAuth } from "@/lib/auth/auth";
import { withClientAddress } from "@/lib/auth/client-address";

/** better-auth's own endpoints: sign-in, sign-out, session, change-password (rate-limited by the library). */
export const dynamic = "force-dynamic";

/** better-auth rate-limits and records sessions by the client address resolved from the trusted proxies. */
export const GET = (req: Request) => getAuth().handler(new Request(req, { headers: withClientAddress(req.headers) }));
export const POST = (req: Request) => getAuth().handler(new Request(req, { headers: withClientAddress(req.headers) }));
