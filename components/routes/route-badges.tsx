import { Badge, type BadgeTone } from "@/components/ui/badge";
import type { RouteKind, TenantAccess } from "@/lib/compiler/types";

const KIND: Record<RouteKind, { tone: BadgeTone; title: string }> = {
  real: { tone: "indigo", title: "In the provider zone, to the exposure's upstreams" },
  proxy: { tone: "blue", title: "In a subscriber's zone, forwarding to the provider zone's gateway" },
  failover: { tone: "violet", title: "In a DTC-eligible zone serving a failover subscription" },
};

export function KindBadge({ kind }: { kind: RouteKind }) {
  return (
    <Badge tone={KIND[kind].tone} title={KIND[kind].title}>
      {kind}
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
