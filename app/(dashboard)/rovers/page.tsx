import { Can } from "@/components/auth/can";
import type { Metadata } from "next";
import { ImportRoverButton } from "@/components/rovers/import-rover-dialog";
import { RoverList } from "@/components/rovers/rover-list";
import { PageContainer } from "@/components/shell/page-container";
import { DownloadIcon, PlusIcon } from "@/components/shell/icons";
import { ButtonLink, buttonClass } from "@/components/ui/button";
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
            {/* The whole estate as one YAML file, for version control (README "The estate as files"). */}
            <a href="/api/v1/estate" download="estate.yaml" className={buttonClass("secondary")}>
              <DownloadIcon />
              Download estate
            </a>
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
