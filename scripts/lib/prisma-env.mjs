import { fileURLToPath } from "node:url";
import path from "node:path";

export const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");

/**
 * Prisma's CLI downloads Rust engines at start-up unless these point at an existing file. We use the
 * WASM schema engine (prisma.config.ts: engine "js") and the Rust-free client, so any file will do.
 */
export function prismaEnv(extra = {}) {
  const placeholder = path.join(root, "prisma", "schema.prisma");
  return {
    ...process.env,
    PRISMA_QUERY_ENGINE_LIBRARY: placeholder,
    PRISMA_SCHEMA_ENGINE_BINARY: placeholder,
    PRISMA_HIDE_UPDATE_MESSAGE: "1",
    CHECKPOINT_DISABLE: "1",
    NEXT_TELEMETRY_DISABLED: "1",
    ...extra,
  };
}
