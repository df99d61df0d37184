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
}

export interface ZoneGateway {
  info(signal?: AbortSignal): Promise<GatewayInfo>;
  /** Every live entity carrying Switchyard's tag and the zone's tag; nothing else is ever touched. */
  listManaged(signal?: AbortSignal): Promise<LiveKongState>;
  write: WriteOp;
  /** DB-less nodes: replace the configuration atomically with the desired state. */
  loadConfig(desired: KongState, signal?: AbortSignal): Promise<void>;
}

export class GatewayRefusedError extends Error {
  readonly code = "gateway_unsupported";
}

/** Expression routes need Kong's `expressions` router flavor; anything else would reject or misroute them. */
export function checkGateway(info: GatewayInfo): void {
  if (info.routerFlavor !== "expressions") {
    throw new GatewayRefusedError(
      `Kong ${info.version} runs router_flavor "${info.routerFlavor}"; Switchyard publishes expression routes and needs router_flavor = expressions (set KONG_ROUTER_FLAVOR=expressions on the node).`,
    );
  }
}
