/**
 * One zone's Kong as the publish workflow sees it (lib/publish/gateway.ts `ZoneGateway`): node
 * facts, the live entities carrying Switchyard's tags for this zone, one planned write, or a
 * DB-less node's whole configuration. Shaped structurally so lib/kong needs nothing from
 * lib/publish (dependencies point publish → kong).
 */
import type { KongState } from "../compiler/types";
import { kongClientForZone, type KongClient, type KongClientOptions, type KongInfo, type KongLiveState, type KongWrite } from "./client";

export interface ZoneKongTarget {
  name: string;
  kongAdminUrl: string;
  kongAdminToken?: string | null;
}

export interface KongZoneGateway {
  client: KongClient;
  /** The tags every managed entity of the zone carries: only these are ever listed or touched. */
  tags: string[];
  info(signal?: AbortSignal): Promise<KongInfo>;
  listManaged(signal?: AbortSignal): Promise<KongLiveState>;
  write(op: KongWrite, signal?: AbortSignal): Promise<void>;
  loadConfig(desired: KongState, signal?: AbortSignal): Promise<void>;
}

/** Switchyard's tags for a zone's entities (the compiler puts the same two on everything it emits). */
export const managedTags = (zone: string): string[] => ["switchyard", `zone:${zone}`];

export function kongZoneGateway(zone: ZoneKongTarget, options: Omit<KongClientOptions, "adminUrl" | "token"> = {}): KongZoneGateway {
  const client = kongClientForZone(zone, options);
  const tags = managedTags(zone.name);
  return {
    client,
    tags,
    info: (signal) => client.info(signal),
    listManaged: (signal) => client.listManaged(tags, signal),
    write: client.write,
    loadConfig: (desired, signal) => client.loadConfig(desired, signal),
  };
}
