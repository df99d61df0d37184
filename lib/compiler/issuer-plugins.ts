/**
 * The Kong plugins Switchyard can enforce a route's trusted issuers with, and how the issuers map
 * onto each one's config (Settings.issuerPlugin; table in docs/path-contract.md "Issuer plugin").
 * A name outside this table is refused at the API: Switchyard could not know where the issuers go.
 */

export interface IssuerPluginSpec {
  /** Where the plugin comes from, shown beside the setting. */
  origin: string;
  /** The plugin's `config` for a route's trusted issuers (sorted, never empty). */
  config(issuers: readonly string[]): Record<string, unknown>;
}

/** Keycloak's JWKS endpoint under a realm issuer (`…/auth/realms/R`), the form issuerOf builds. */
const keycloakJwks = (issuer: string) => `${issuer}/protocol/openid-connect/certs`;

export const ISSUER_PLUGINS = {
  // The DTC source project's gateway: an allow-list of `iss` values, keys fetched per issuer.
  "jwt-keycloak": {
    origin: "telekom-digioss (not bundled with Kong OSS: install it on every node)",
    config: (issuers) => ({ allowed_iss: [...issuers] }),
  },
  // Kong Enterprise: `issuer` is required and is where keys are discovered, so the other issuers'
  // keys have to be named (extra_jwks_uris) or their tokens would fail signature checks.
  "openid-connect": {
    origin: "Kong Enterprise (bundled)",
    config: (issuers) => ({
      issuer: issuers[0],
      issuers_allowed: [...issuers],
      extra_jwks_uris: issuers.slice(1).map(keycloakJwks),
      auth_methods: ["bearer"],
    }),
  },
} as const satisfies Record<string, IssuerPluginSpec>;

export type IssuerPluginName = keyof typeof ISSUER_PLUGINS;

export const ISSUER_PLUGIN_NAMES = Object.keys(ISSUER_PLUGINS) as [IssuerPluginName, ...IssuerPluginName[]];

export const DEFAULT_ISSUER_PLUGIN: IssuerPluginName = "jwt-keycloak";

export function isIssuerPlugin(name: string): name is IssuerPluginName {
  return Object.hasOwn(ISSUER_PLUGINS, name);
}

/** The configured plugin, or the default for a snapshot that names none. */
export function issuerPluginOf(name: string | undefined): IssuerPluginName {
  if (name === undefined) return DEFAULT_ISSUER_PLUGIN;
  // The API refuses unknown names; a snapshot built by hand must not silently switch plugins.
  if (!isIssuerPlugin(name)) throw new Error(`unknown issuer plugin ${name}`);
  return name;
}
