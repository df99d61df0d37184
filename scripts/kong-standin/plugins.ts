/**
 * Which plugins a stand-in node has, as kong.conf's `plugins` property says it (`bundled` expands
 * to Kong's own, `off` is none), and Kong's answers about them: `GET /`'s `plugins` section
 * (kong/api/routes/kong.lua) and the schema violation for a plugin the node doesn't have
 * (kong/db/schema/entities/plugins.lua `subschema_error`, raised by kong/db/schema/init.lua
 * `Schema:validate` before any other check).
 */

/** Kong 3.9.3's bundled plugins (kong/constants.lua) and their handlers' PRIORITY. */
export const BUNDLED_PLUGINS: Readonly<Record<string, number>> = {
  jwt: 1450,
  acl: 950,
  "correlation-id": 100001,
  cors: 2000,
  oauth2: 1400,
  "tcp-log": 7,
  "udp-log": 8,
  "file-log": 9,
  "http-log": 12,
  "key-auth": 1250,
  "hmac-auth": 1030,
  "basic-auth": 1100,
  "ip-restriction": 990,
  "request-transformer": 801,
  "response-transformer": 800,
  "request-size-limiting": 951,
  "rate-limiting": 910,
  "response-ratelimiting": 900,
  syslog: 4,
  loggly: 6,
  datadog: 10,
  "ldap-auth": 1200,
  statsd: 11,
  "bot-detection": 2500,
  "aws-lambda": 750,
  "request-termination": 2,
  prometheus: 13,
  "proxy-cache": 100,
  session: 1900,
  acme: 1705,
  "grpc-gateway": 998,
  "grpc-web": 3,
  "pre-function": 1000000,
  "post-function": -1000,
  "azure-functions": 749,
  zipkin: 100000,
  opentelemetry: 14,
  "ai-proxy": 770,
  "ai-prompt-decorator": 772,
  "ai-prompt-template": 773,
  "ai-prompt-guard": 771,
  "ai-request-transformer": 777,
  "ai-response-transformer": 768,
  "standard-webhooks": 760,
  redirect: 779,
};

export const BUNDLED_PLUGIN_NAMES: readonly string[] = Object.keys(BUNDLED_PLUGINS);

/** kong.conf's list semantics: `bundled` is Kong's own plugins, `off` none; order kept, duplicates dropped. */
export function expandPluginList(names: readonly string[]): string[] {
  const out = new Set<string>();
  for (const raw of names) {
    const name = raw.trim();
    if (name === "" || name === "off") continue;
    if (name === "bundled") BUNDLED_PLUGIN_NAMES.forEach((n) => out.add(n));
    else out.add(name);
  }
  return [...out];
}

export function pluginNotEnabled(name: string): string {
  return `plugin '${name}' not enabled; add it to the 'plugins' configuration property`;
}

/**
 * `GET /`'s `plugins.available_on_server`: name → `{version, priority}`. Bundled handlers carry
 * Kong's version; a plugin that isn't Kong's reports the stand-in's placeholders (version null,
 * priority 0), since only its presence matters to a client.
 */
export function availableOnServer(plugins: readonly string[], kongVersion: string): Record<string, { version: string | null; priority: number }> {
  const out: Record<string, { version: string | null; priority: number }> = {};
  for (const name of plugins) {
    const bundled = Object.hasOwn(BUNDLED_PLUGINS, name);
    out[name] = { version: bundled ? kongVersion : null, priority: bundled ? BUNDLED_PLUGINS[name] : 0 };
  }
  return out;
}
