import { Badge, type BadgeTone } from "@/components/ui/badge";
import type { Role } from "@/lib/auth/roles";

const ROLE_TONES: Record<Role, BadgeTone> = {
  viewer: "neutral",
  editor: "blue",
  publisher: "violet",
  admin: "amber",
};

export function RoleBadge({ role, title }: { role: Role; title?: string }) {
  return (
    <Badge tone={ROLE_TONES[role]} title={title}>
      {role}
    </Badge>
  );
}
