import type { RouteKind } from "@/lib/compiler/types";
import type { TopologyZone } from "@/lib/api/topology";
import type { BadgeTone } from "@/components/ui/badge";

/** One colour per route kind, shared by the picture, its legend and the tables. */
export const KIND_STYLE: Record<
  RouteKind,
  { label: string; tone: BadgeTone; stroke: string; fill: string; text: string }
> = {
  real: { label: "real", tone: "green", stroke: "#059669", fill: "#ecfdf5", text: "#047857" },
  proxy: { label: "proxy", tone: "indigo", stroke: "#4f46e5", fill: "#eef2ff", text: "#4338ca" },
  failover: { label: "failover", tone: "amber", stroke: "#d97706", fill: "#fffbeb", text: "#b45309" },
};

/** Why a zone is or is not DTC-eligible, in one line. */
export function eligibilityText(zone: Pick<TopologyZone, "dtcUrl" | "visibility" | "dtcEligible">): string {
  if (zone.dtcEligible)
    return "DTC-eligible: it has a DTC URL and ENTERPRISE visibility, so failover subscriptions fail over to it";
  if (!zone.dtcUrl) return "Not DTC-eligible: the zone has no DTC URL";
  return "Not DTC-eligible: the zone has a DTC URL but WORLD visibility";
}

export const hostOf = (url: string): string => {
  try {
    return new URL(url).host;
  } catch {
    return url;
  }
};
