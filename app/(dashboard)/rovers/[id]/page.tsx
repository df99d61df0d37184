import type { Metadata } from "next";
import { RoverEditor } from "@/components/rovers/rover-editor";
import { RoverHeader } from "@/components/rovers/rover-header";
import { notFoundUnless } from "@/components/shell/not-found-unless";
import { PageContainer } from "@/components/shell/page-container";
import { idParams } from "@/lib/api/queries";
import { getRover } from "@/lib/db/rovers";

export const metadata: Metadata = { title: "Rover" };

type Params = Promise<{ id: string }>;

export default async function RoverPage({ params }: { params: Params }) {
  const { id } = await params;
  // Not a UUID can't name a rover (and the database would refuse the comparison).
  await notFoundUnless(async () => idParams.safeParse({ id }).success && (await getRover(id)) !== null);
  return (
    <PageContainer>
      <RoverHeader id={id} />
      <div className="max-w-4xl">
        <RoverEditor id={id} />
      </div>
    </PageContainer>
  );
}
