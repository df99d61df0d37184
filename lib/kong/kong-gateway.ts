/**
 * One zone's Kong as the publish workflow sees it (lib/publish/gateway.ts `ZoneGateway`): node
 * facts, the live entities carrying Switchyard's tags for this zone, one planned write, or a
 * DB-less node's whole configuration. Shaped structurally so lib/kong needs nothing from
 * lib/publish (dependencies point publish → kong).
 */
import type { KongState } from "../compiler/types";
import { kongClientForZone, type KongClient, type KongClientOptions, type KongInfo, type KongLiveState, type KongWrite } from "./client";
import { KongUnsupportedError } from "./errors";
import { AllowlistRefusal, kongFetch } from "./transport";

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

/**
 * The one check of a Kong node before anything is planned or written (publish, dry run, rollback):
 * - expression routes need the `expressions` router flavor; any other flavor rejects or misroutes them;
 * - every plugin the desired state holds must be one the node can run. Kong refuses an unknown
 *   plugin with a schema violation (`plugin 'x' not enabled; add it to the 'plugins' configuration
 *   property`, kong/db/schema/entities/plugins.lua) — discovering that mid-publish would leave the
 *   writes before it applied, so the node's list is checked first. A node that doesn't list its
 *   plugins (not Kong) is left to Kong's own refusal, which the write order makes harmless.
 */
export function checkGateway(
  info: Pick<KongInfo, "version" | "routerFlavor" | "plugins">,
  zone: string,
  desired?: Pick<KongState, "plugins">,
): void {
  if (info.routerFlavor !== "expressions") {
    throw new KongUnsupportedError(
      `Kong ${info.version} of zone ${zone} runs router_flavor "${info.routerFlavor}"; Switchyard publishes expression routes and needs router_flavor = expressions (set KONG_ROUTER_FLAVOR=expressions on the node).`,
    );
  }
  if (!info.plugins || !desired) return;
  const available = new Set(info.plugins);
  const missing = [...new Set(desired.plugins.map((p) => p.name))].filter((name) => !available.has(name)).sort();
  if (missing.length === 0) return;
  const names = missing.join(", ");
  throw new KongUnsupportedError(
    `Kong ${info.version} of zone ${zone} does not have the plugin${missing.length > 1 ? "s" : ""} ${names}, which issuer enforcement needs; nothing was written. ` +
      `Install the plugin on the node (\`plugins = bundled,${missing.join(",")}\`) or turn issuer enforcement off for zone ${zone}.`,
  );
}

/**
 * Reads are retried like the workflow retries writes (5xx, 429, dropped connections): a publish or
 * a drift check must not give up on one lost page of a list when every write would have been
 * retried. Done per request, below the client, so a long paged list loses only the failed page.
 * Only GETs: writes are retried by the workflow, which records each attempt.
 */
function retryingReads(base: typeof fetch, attempts: number, backoffMs: number): typeof fetch {
  return async (input, init) => {
    const method = (init?.method ?? "GET").toUpperCase();
    if (method !== "GET") return base(input, init);
    for (let attempt = 1; ; attempt++) {
      const last = attempt >= attempts || init?.signal?.aborted;
      try {
        const response = await base(input, init);
        if (last || (response.status < 500 && response.status !== 429)) return response;
        await response.body?.cancel();
      } catch (error) {
        // The allowlist's refusal is final (no connection was made): retrying it only waits.
        if (last || init?.signal?.aborted || error instanceof AllowlistRefusal) throw error;
      }
      await new Promise((resolve) => setTimeout(resolve, backoffMs * 2 ** (attempt - 1)));
    }
  };
}

export interface ZoneGatewayOptions extends Omit<KongClientOptions, "adminUrl" | "token"> {
  /** Attempts per GET (node facts, each page of a list), the first included. */
  readAttempts?: number;
  readBackoffMs?: number;
}

export function kongZoneGateway(zone: ZoneKongTarget, options: ZoneGatewayOptions = {}): KongZoneGateway {
  const { readAttempts = 5, readBackoffMs = 50, ...clientOptions } = options;
  const client = kongClientForZone(zone, { ...clientOptions, fetch: retryingReads(clientOptions.fetch ?? kongFetch, readAttempts, readBackoffMs) });
  const tags = managedTags(zone.name);
  return {
    client,
    tags,
    info: (signal) => client.info(signal),
    listManaged: (signal) => client.listManaged(tags, signal),
    write: client.write,
    loadConfig: (desired, signal) => client.loadConfig(desired, tags, { signal }),
  };
}
