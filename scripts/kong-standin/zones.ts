/**
 * The stand-in's zones: one gateway per zone (store, settings, faults, counters), created on
 * first use, optionally persisted to a JSON file so a restarted dev stand-in keeps what was
 * published to it.
 */
import { existsSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { ENTITY_KINDS, type Entity } from "./schemas";
import { expandPluginList } from "./plugins";
import { DEFAULT_SETTINGS, ZoneStore, type ZoneSettings } from "./zone-store";

export interface Faults {
  /** Share (0…1) of requests answered with Kong's 500. */
  errorRate: number;
  /** Share (0…1) of requests whose connection is destroyed without an answer. */
  dropRate: number;
  /** Added before every answer. */
  latencyMs: number;
  /** Which side the faults hit: the Admin API, the proxy, or both. */
  scope: "admin" | "proxy" | "all";
  /** The next N DB-less loads answer Kong's 429 as if a previous load were still running. */
  configBusy: number;
}

export const NO_FAULTS: Faults = { errorRate: 0, dropRate: 0, latencyMs: 0, scope: "all", configBusy: 0 };

export interface ZoneStats {
  adminRequests: number;
  adminReads: number;
  /** POST/PUT/PATCH/DELETE on entities and `POST /config` — what a publish costs. */
  adminWrites: number;
  writesByMethod: Record<string, number>;
  proxyRequests: number;
  proxyMatched: number;
  proxyUnmatched: number;
  faults: { errors: number; drops: number; delayed: number };
}

const emptyStats = (): ZoneStats => ({
  adminRequests: 0,
  adminReads: 0,
  adminWrites: 0,
  writesByMethod: { POST: 0, PUT: 0, PATCH: 0, DELETE: 0 },
  proxyRequests: 0,
  proxyMatched: 0,
  proxyUnmatched: 0,
  faults: { errors: 0, drops: 0, delayed: 0 },
});

export interface Zone {
  name: string;
  store: ZoneStore;
  faults: Faults;
  stats: ZoneStats;
  /** Set while a DB-less configuration loads (a second `POST /config` meanwhile gets 429). */
  loadingConfig: boolean;
}

/** Settings from code may name plugins the way kong.conf does (`["bundled", "jwt-keycloak"]`). */
function withExpandedPlugins(settings: Partial<ZoneSettings>): Partial<ZoneSettings> {
  return settings.plugins ? { ...settings, plugins: expandPluginList(settings.plugins) } : settings;
}

/** Zone names are the first path segment of the Admin API; `_`-prefixed names are the stand-in's own endpoints. */
export const ZONE_NAME = /^[a-z0-9][a-z0-9._-]{0,62}$/i;

interface PersistedZone {
  settings: ZoneSettings;
  entities: Record<string, Entity[]>;
}

export class Zones {
  private readonly zones = new Map<string, Zone>();
  private saveTimer: NodeJS.Timeout | null = null;

  private readonly defaults: Partial<ZoneSettings>;

  constructor(
    private readonly stateFile: string | null = null,
    defaults: Partial<ZoneSettings> = {},
  ) {
    this.defaults = withExpandedPlugins(defaults);
    if (stateFile && existsSync(stateFile)) this.load(stateFile);
  }

  get(name: string): Zone | undefined {
    return this.zones.get(name);
  }

  /** Zones exist as soon as anything addresses them, like a freshly started Kong node. */
  ensure(name: string): Zone {
    let zone = this.zones.get(name);
    if (!zone) {
      zone = {
        name,
        store: new ZoneStore(name, { ...DEFAULT_SETTINGS, ...this.defaults }, () => this.scheduleSave()),
        faults: { ...NO_FAULTS },
        stats: emptyStats(),
        loadingConfig: false,
      };
      this.zones.set(name, zone);
    }
    return zone;
  }

  delete(name: string): boolean {
    const deleted = this.zones.delete(name);
    if (deleted) this.scheduleSave();
    return deleted;
  }

  names(): string[] {
    return [...this.zones.keys()].sort();
  }

  all(): Zone[] {
    return [...this.zones.values()];
  }

  configure(name: string, settings: Partial<ZoneSettings>): Zone {
    const zone = this.ensure(name);
    zone.store.settings = { ...zone.store.settings, ...withExpandedPlugins(settings) };
    zone.store.version += 1;
    this.scheduleSave();
    return zone;
  }

  setFaults(name: string, faults: Partial<Faults>): Faults {
    const zone = this.ensure(name);
    zone.faults = { ...NO_FAULTS, ...faults };
    return zone.faults;
  }

  resetStats(name: string): void {
    this.ensure(name).stats = emptyStats();
  }

  /**
   * The zone a proxied Host belongs to: a host listed in the zone's settings, else the
   * convention of the demo data — the first DNS label is the zone (`eu-central.gw.example.com`).
   */
  zoneForHost(host: string): Zone | undefined {
    const lower = host.toLowerCase();
    for (const zone of this.zones.values()) if (zone.store.settings.hosts.some((h) => h.toLowerCase() === lower)) return zone;
    const dot = lower.indexOf(".");
    return dot > 0 ? this.zones.get(lower.slice(0, dot)) : undefined;
  }

  private scheduleSave(): void {
    if (!this.stateFile || this.saveTimer) return;
    // Coalesce a publish's hundreds of writes into one file write.
    this.saveTimer = setTimeout(() => {
      this.saveTimer = null;
      this.saveNow();
    }, 200);
    this.saveTimer.unref();
  }

  saveNow(): void {
    if (!this.stateFile) return;
    if (this.saveTimer) {
      clearTimeout(this.saveTimer);
      this.saveTimer = null;
    }
    const out: Record<string, PersistedZone> = {};
    for (const zone of this.zones.values()) {
      out[zone.name] = {
        settings: zone.store.settings,
        entities: Object.fromEntries(ENTITY_KINDS.map((k) => [k, [...zone.store.entities[k].values()]])),
      };
    }
    const tmp = `${this.stateFile}.tmp`;
    writeFileSync(tmp, JSON.stringify(out));
    renameSync(tmp, this.stateFile);
  }

  private load(file: string): void {
    const data = JSON.parse(readFileSync(file, "utf8")) as Record<string, PersistedZone>;
    for (const [name, persisted] of Object.entries(data)) {
      const zone = this.ensure(name);
      zone.store.settings = { ...DEFAULT_SETTINGS, ...persisted.settings };
      for (const kind of ENTITY_KINDS) {
        for (const e of persisted.entities[kind] ?? []) zone.store.entities[kind].set(e.id, e);
      }
      zone.store.rebuildIndex();
    }
  }
}
