import { KIND_STYLE } from "@/components/topology/labels";
import { Badge } from "@/components/ui/badge";
import type { RouteKind, TenantAccess } from "@/lib/compiler/types";

const KIND_TITLE: Record<RouteKind, string> = {
  real: "In the provider zone, to the exposure's upstreams",
  proxy: "In a subscriber's zone, forwarding to the provider zone's gateway",
  failover: "In a DTC-eligible zone serving a failover subscription",
};

/** A route's kind in the colour the topology picture gives it (KIND_STYLE), on every screen. */
export function KindBadge({ kind, realm }: { kind: RouteKind; realm?: string }) {
  const style = KIND_STYLE[kind];
  return (
    <Badge tone={style.tone} dot title={KIND_TITLE[kind]}>
      {style.label}
      {realm ? <span className="font-normal opacity-75">on {realm}</span> : null}
    </Badge>
  );
}

export function StatusBadge({ active }: { active: boolean }) {
  return active ? (
    <Badge tone="green" dot>
      active
    </Badge>
  ) : (
    <Badge tone="amber" dot>
      inactive
    </Badge>
  );
}

/** What the route asks of the tenant header, in words. */
export function TenantSummary({
  access,
  tenants,
  count,
}: {
  access: TenantAccess | null;
  tenants: string[];
  count: number;
}) {
  if (access === null) return <span className="text-xs text-slate-400">no tenant entitled</span>;
  if (access === "NONE") return <span className="text-xs text-slate-400">no tenant check</span>;
  if (access === "ANY") return <span className="text-xs text-slate-500">any tenant (header present)</span>;
  const more = count - tenants.length;
  return (
    <span
      className="font-mono text-[12.5px] text-slate-700"
      title={more > 0 ? `${count} tenants` : undefined}
    >
      {tenants.join(", ")}
      {more > 0 ? <span className="ml-1 font-sans text-xs text-slate-500">+{more} more</span> : null}
    </span>
  );
}
