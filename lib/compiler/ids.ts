import { parse as parseUuid, v5 as uuidv5 } from "uuid";

/**
 * Namespace of every id Switchyard gives a Kong entity. Fixed forever: changing it would change
 * every id, and a publish would then delete and re-create the whole estate.
 */
export const SWITCHYARD_NAMESPACE = "5b0e1c2a-7d4f-5e6a-9b8c-3f2d1e0a4c7b";

// Parsed and encoded once: a large estate needs ~70,000 ids, and uuid re-parses a string
// namespace and re-encodes a string name on every call.
const NAMESPACE_BYTES = parseUuid(SWITCHYARD_NAMESPACE);
const utf8 = new TextEncoder();

export type KongEntityType = "service" | "upstream" | "target" | "route" | "plugin";

/**
 * Deterministic id (UUID v5) from zone + entity type + name, so a publish is idempotent and
 * equal-priority ties (Kong breaks them by id) can never flip between publishes. The entity type
 * is part of the name so a service and its route, which share a name, get different ids.
 */
export function kongEntityId(zone: string, type: KongEntityType, name: string): string {
  return uuidv5(utf8.encode(`${zone}/${type}/${name}`), NAMESPACE_BYTES);
}
