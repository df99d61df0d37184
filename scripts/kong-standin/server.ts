/**
 * Starts the stand-in: one Admin API server (every zone under `/<zone>/`) and one proxy server
 * (zone chosen by Host), both on 127.0.0.1 unless told otherwise.
 */
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { handleAdmin } from "./admin";
import { DEFAULT_ECHO_SUFFIXES, handleProxy, type ProxyOptions } from "./proxy";
import { RouterCache } from "./router";
import type { ZoneSettings } from "./zone-store";
import { Zones, type Faults } from "./zones";

export interface StandinOptions {
  /** 0 picks a free port (tests). */
  adminPort?: number;
  proxyPort?: number;
  host?: string;
  /** Persist every zone to this JSON file (loaded at start). */
  stateFile?: string | null;
  /** Settings every new zone starts with (e.g. `{database: "off"}`). */
  zoneDefaults?: Partial<ZoneSettings>;
  echoSuffixes?: string[];
  echoPorts?: number[];
  /** Replaces Math.random for fault injection and load balancing (deterministic tests). */
  random?: () => number;
}

export interface KongStandin {
  /** Admin API root; a zone's Kong admin URL is `${adminUrl}/${zone}`. */
  adminUrl: string;
  proxyUrl: string;
  adminPort: number;
  proxyPort: number;
  zoneAdminUrl(zone: string): string;
  setFaults(zone: string, faults: Partial<Faults>): Faults;
  configureZone(zone: string, settings: Partial<ZoneSettings>): void;
  state: Zones;
  close(): Promise<void>;
}

function listen(server: Server, port: number, host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, host, () => {
      server.off("error", reject);
      resolve((server.address() as AddressInfo).port);
    });
  });
}

function closeServer(server: Server): Promise<void> {
  return new Promise((resolve) => {
    server.close(() => resolve());
    server.closeAllConnections();
  });
}

export async function startKongStandin(options: StandinOptions = {}): Promise<KongStandin> {
  const host = options.host ?? "127.0.0.1";
  const random = options.random ?? Math.random;
  const zones = new Zones(options.stateFile ?? null, options.zoneDefaults);
  const routers = new RouterCache();
  let proxyPort = 0;
  const proxyOptions: ProxyOptions = {
    echoSuffixes: options.echoSuffixes ?? DEFAULT_ECHO_SUFFIXES,
    echoPorts: options.echoPorts ?? [],
    maxHops: 4,
  };
  const admin = createServer((req, res) => void handleAdmin({ zones, random }, req, res));
  const proxy = createServer((req, res) => void handleProxy({ zones, routers, random, options: proxyOptions, selfPort: () => proxyPort }, req, res));
  const adminPort = await listen(admin, options.adminPort ?? 8001, host);
  try {
    proxyPort = await listen(proxy, options.proxyPort ?? 8000, host);
  } catch (error) {
    await closeServer(admin);
    throw error;
  }
  const base = (port: number) => `http://${host.includes(":") ? `[${host}]` : host}:${port}`;
  return {
    adminUrl: base(adminPort),
    proxyUrl: base(proxyPort),
    adminPort,
    proxyPort,
    zoneAdminUrl: (zone) => `${base(adminPort)}/${zone}`,
    setFaults: (zone, faults) => zones.setFaults(zone, faults),
    configureZone: (zone, settings) => void zones.configure(zone, settings),
    state: zones,
    async close() {
      await Promise.all([closeServer(admin), closeServer(proxy)]);
      zones.saveNow();
      routers.clear();
    },
  };
}
