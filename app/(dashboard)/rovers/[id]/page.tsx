import type { Metadata } from "next";
import { RoverEditor } from "@/components/rovers/rover-editor";
import { RoverHeader } from "@/components/rovers/rover-header";
import { PageContainer } from "@/components/shell/page-container";

export const metadata: Metadata = { title: "Rover" };

type Params = Promise<{ id: string }>;

export default async function RoverPage({ params }: { params: Params }) {
  const { id } = await params;
  return (
    <PageContainer>
      <RoverHeader id={id} />
      <div className="max-w-4xl">
        <RoverEditor id={id} />
      </div>
    </PageContainer>
  );
}
