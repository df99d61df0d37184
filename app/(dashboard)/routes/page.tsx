import type { Metadata } from "next";
import { ComingSoon } from "@/components/shell/coming-soon";
import { RoutesIcon } from "@/components/shell/icons";

export const metadata: Metadata = { title: "Realms & routes" };

export default function RoutesPage() {
  return (
    <ComingSoon title="Realms & routes" icon={<RoutesIcon className="size-5" />}>
      Each zone&apos;s realms and routes, their Kong expressions, priorities and the reasons every route exists. Until then the API serves them at{" "}
      <code className="font-mono text-[12.5px]">/api/v1/zones/&#123;name&#125;/routes</code>.
    </ComingSoon>
  );
}
