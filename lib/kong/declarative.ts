/**
 * A DB-less node's configuration (`_format_version: "3.0"`), the body of `POST /config`.
 *
 * Kong replaces a DB-less node's *whole* configuration with that body (kong/api/routes/config.lua:
 * the parsed file goes to `declarative.load_into_cache_with_events`): whatever it omits is gone.
 * So a publish reads the node's configuration first (`GET /config`, the same module: `{config:
 * "<YAML>"}` exported by `declarative.export_from_db` — flat lists per entity type, references as
 * plain ids, `_transform: false`) and sends it back with only the zone's managed entities replaced.
 */
import type { KongState } from "../compiler/types";

/** A declarative configuration: `_`-prefixed meta keys and one list per entity type. */
export type DeclarativeConfig = { _format_version: "3.0"; _transform?: boolean } & Record<string, unknown>;

/** Declarative files reference other entities by id as plain strings (what Kong's export writes). */
const idOf = (ref: { id: string } | undefined) => ref?.id;

/** The zone's desired entities as flat lists, the shape Kong exports. */
export function toDeclarative(state: KongState): DeclarativeConfig {
  return {
    _format_version: "3.0",
    services: state.services.map((s) => ({ ...s })),
    upstreams: state.upstreams.map((u) => ({ ...u })),
    targets: state.targets.map((t) => ({ ...t, upstream: idOf(t.upstream) })),
    routes: state.routes.map((r) => ({ ...r, service: idOf(r.service) })),
    plugins: state.plugins.map((p) => {
      const scope = p as unknown as { route?: { id: string }; service?: { id: string } };
      return {
        ...p,
        ...(scope.service ? { service: idOf(scope.service) } : {}),
        ...(scope.route ? { route: idOf(scope.route) } : {}),
      };
    }),
  };
}

const isRecord = (x: unknown): x is Record<string, unknown> => typeof x === "object" && x !== null && !Array.isArray(x);

/** Carries every one of `tags`: the zone's own entity, which this publish replaces. */
function managed(entity: unknown, tags: readonly string[]): boolean {
  const have = isRecord(entity) ? entity.tags : undefined;
  return Array.isArray(have) && tags.every((t) => have.includes(t));
}

/**
 * The node's current configuration with the zone's managed entities replaced by `desired`.
 * Everything else — other entity types (consumers, credentials, certificates, vaults…), entities
 * without both tags, global plugins — is passed on as the node exported it, object for object.
 * `_transform: false` because an export is already transformed: Kong would otherwise hash stored
 * credential hashes (basic-auth passwords) a second time.
 */
export function mergeDeclarative(current: Record<string, unknown>, desired: KongState, tags: readonly string[]): DeclarativeConfig {
  const ours = toDeclarative(desired);
  const merged: DeclarativeConfig = { _format_version: "3.0", _transform: false };
  for (const [key, value] of Object.entries(current)) {
    if (key.startsWith("_")) continue;
    merged[key] = Array.isArray(value) ? value.filter((e) => !managed(e, tags)) : value;
  }
  for (const [key, value] of Object.entries(ours)) {
    if (key.startsWith("_") || !Array.isArray(value)) continue;
    const kept = merged[key];
    merged[key] = [...(Array.isArray(kept) ? kept : []), ...value];
  }
  return merged;
}
