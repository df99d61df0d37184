import type { Realm, RealmEntry, ZoneInput } from "./types";
import { compareStrings } from "./semver";

/** Name of the realm that aggregates every zone's DTC URL (the source PR's hard-coded "dtc"). */
export const DTC_REALM = "dtc";

/** The issuer of realm `realm` in `zone`: `${identityProviderUrl}/auth/realms/${realm}`. */
export function issuerOf(zone: ZoneInput, realm: string): string {
  return `${zone.identityProviderUrl.replace(/\/+$/, "")}/auth/realms/${realm}`;
}

export function hasDtcUrl(zone: ZoneInput): zone is ZoneInput & { dtcUrl: string } {
  return typeof zone.dtcUrl === "string" && zone.dtcUrl !== "";
}

/** A zone a failover subscription may fail over to: it has a DTC URL **and** ENTERPRISE visibility. */
export function isDtcEligible(zone: ZoneInput): boolean {
  return hasDtcUrl(zone) && zone.visibility === "ENTERPRISE";
}

export function dtcEligibleZones(zones: readonly ZoneInput[]): ZoneInput[] {
  return zones.filter(isDtcEligible).sort((a, b) => compareStrings(a.name, b.name));
}

export function defaultRealmEntry(zone: ZoneInput, environment: string): RealmEntry {
  return { url: zone.gatewayUrl, issuer: issuerOf(zone, environment) };
}

/**
 * A zone's realms: the default realm (named after the environment), and `dtc` when the zone has
 * a DTC URL. Each DTC URL is paired with the default-realm issuer of **the zone that owns it**.
 * The source PR paired URLs and issuers by list index (4 URLs, 3 issuers → one URL with an empty
 * issuer, and `""` among the trusted issuers) and pointed at an IdP realm named `dtc` that nothing
 * creates; pairing by owner makes an empty issuer impossible.
 */
export function zoneRealms(zone: ZoneInput, zones: readonly ZoneInput[], environment: string): Realm[] {
  const defaultRealm: Realm = { name: environment, entries: [defaultRealmEntry(zone, environment)] };
  if (!hasDtcUrl(zone)) return [defaultRealm];
  const dtcEntries = zones
    .filter(hasDtcUrl)
    .sort((a, b) => compareStrings(a.name, b.name))
    .map((owner) => ({ url: owner.dtcUrl, issuer: issuerOf(owner, environment) }));
  return [defaultRealm, { name: DTC_REALM, entries: [defaultRealmEntry(zone, environment), ...dtcEntries] }];
}
