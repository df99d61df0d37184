"use client";

import { createAuthClient } from "better-auth/react";

/** better-auth's browser client: sign-in, sign-out and change-password against /api/auth. */
export const authClient = createAuthClient({ basePath: "/api/auth" });
