import { Badge } from "@/components/ui/badge";

export function VisibilityBadge({ visibility }: { visibility: string }) {
  const tone = visibility === "WORLD" ? "blue" : visibility === "ENTERPRISE" ? "violet" : "neutral";
  return (
    <Badge tone={tone} className="font-mono text-[11px] tracking-wide">
      {visibility}
    </Badge>
  );
}

export function DtcBadge({ eligible }: { eligible: boolean }) {
  return eligible ? (
    <Badge tone="green" dot>
      DTC-eligible
    </Badge>
  ) : (
    <span className="text-xs text-slate-400">—</span>
  );
}
