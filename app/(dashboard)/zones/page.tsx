import { Can } from "@/components/auth/can";
import type { Metadata } from "next";
import { PageContainer } from "@/components/shell/page-container";
import { PlusIcon } from "@/components/shell/icons";
import { ButtonLink } from "@/components/ui/button";
import { PageHeader } from "@/components/ui/page-header";
import { ZoneList } from "@/components/zones/zone-list";

export const metadata: Metadata = { title: "Zones" };

export default function ZonesPage() {
  return (
    <PageContainer>
      <PageHeader
        title="Zones"
        description="Each zone is one Kong gateway. Zones with a DTC URL and ENTERPRISE visibility can take failover traffic."
        actions={
          <Can role="editor">
            <ButtonLink href="/zones/new" variant="primary" icon={<PlusIcon />}>
              New zone
            </ButtonLink>
          </Can>
        }
      />
      <ZoneList />
    </PageContainer>
  );
}
