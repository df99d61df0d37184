import { getAuth } from "@/lib/auth/auth";

/** better-auth's own endpoints: sign-in, sign-out, session, change-password (rate-limited by the library). */
export const dynamic = "force-dynamic";

export const GET = (req: Request) => getAuth().handler(req);
export const POST = (req: Request) => getAuth().handler(req);
