import { Can } from "@/components/auth/can";
import type { Metadata } from "next";
import { ImportRoverButton } from "@/components/rovers/import-rover-dialog";
import { RoverList } from "@/components/rovers/rover-list";
import { PageContainer } from "@/components/shell/page-container";
import { PlusIcon } from "@/components/shell/icons";
import { ButtonLink } from "@/components/ui/button";
import { PageHeader } from "@/components/ui/page-header";

export const metadata: Metadata = { title: "Rovers" };

export default function RoversPage() {
  return (
    <PageContainer>
      <PageHeader
        title="Rovers"
        description="Each rover is one version of an application in one zone: the APIs it exposes and the APIs it subscribes to."
        actions={
          <>
            <ImportRoverButton />
            <Can role="editor">
              <ButtonLink href="/rovers/new" variant="primary" icon={<PlusIcon />}>
                New rover
              </ButtonLink>
            </Can>
          </>
        }
      />
      <RoverList />
    </PageContainer>
  );
}
