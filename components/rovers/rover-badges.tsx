import { Badge } from "@/components/ui/badge";

export function FailoverBadge({ enabled }: { enabled: boolean }) {
  return enabled ? (
    <Badge tone="violet" dot title="Its approved subscriptions are served in every DTC-eligible zone">
      Failover
    </Badge>
  ) : (
    <Badge tone="neutral">No failover</Badge>
  );
}

const exposureTones = { WORLD: "blue", ENTERPRISE: "indigo", ZONE: "amber" } as const;

export function ExposureVisibilityBadge({ visibility }: { visibility: keyof typeof exposureTones }) {
  return <Badge tone={exposureTones[visibility]}>{visibility}</Badge>;
}

const tenantTones = { NONE: "neutral", ANY: "blue", ENTITLED: "green" } as const;
const tenantLabels = { NONE: "no tenant check", ANY: "any tenant", ENTITLED: "entitled tenants" } as const;

export function TenantAccessBadge({ access }: { access: keyof typeof tenantTones }) {
  return <Badge tone={tenantTones[access]}>{tenantLabels[access]}</Badge>;
}
