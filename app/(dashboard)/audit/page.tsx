import type { Metadata } from "next";
import { AuditList } from "@/components/audit/audit-list";
import { PageContainer } from "@/components/shell/page-container";
import { PageHeader } from "@/components/ui/page-header";

export const metadata: Metadata = { title: "Audit trail" };

type Search = Promise<Record<string, string | string[] | undefined>>;
const one = (v: string | string[] | undefined) => (typeof v === "string" && v ? v : undefined);

/** `/audit?entity=eu-central&entityType=zone` opens the trail filtered (links from other pages). */
export default async function AuditPage({ searchParams }: { searchParams: Search }) {
  const sp = await searchParams;
  return (
    <PageContainer wide>
      <PageHeader
        title="Audit trail"
        description="Who changed or published what, and when, with each change's before and after. Kong admin tokens are never recorded."
      />
      <AuditList
        initial={{
          actor: one(sp.actor),
          entity: one(sp.entity),
          entityType: one(sp.entityType),
          action: one(sp.action),
        }}
      />
    </PageContainer>
  );
}
