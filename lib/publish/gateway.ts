/**
 * What the publish workflow needs from one zone's Kong. lib/kong's Admin API client provides it
 * (see kong-gateway.ts); tests can provide it too. Kept narrow on purpose: read the node's facts,
 * list the managed entities, perform one planned write, or (DB-less) replace the whole config.
 */
import type { KongState } from "../compiler/types";
import type { WriteOp } from "./apply";
import type { LiveKongState } from "./plan";

export interface GatewayInfo {
  version: string;
  routerFlavor: string;
  /** "off" for a DB-less node, which takes its whole configuration at once through POST /config. */
  database: string;
  /** Plugins the node can run; null when it doesn't say. Checked by lib/kong's checkGateway. */
  plugins: string[] | null;
}

export interface ZoneGateway {
  info(signal?: AbortSignal): Promise<GatewayInfo>;
  /** Every live entity carrying Switchyard's tag and the zone's tag; nothing else is ever touched. */
  listManaged(signal?: AbortSignal): Promise<LiveKongState>;
  write: WriteOp;
  /**
   * DB-less nodes: replace the zone's managed entities with the desired state in one atomic
   * `POST /config`, keeping everything on the node that isn't the zone's.
   */
  loadConfig(desired: KongState, signal?: AbortSignal): Promise<void>;
}
