import type { Metadata } from "next";
import { ComingSoon } from "@/components/shell/coming-soon";
import { PublishIcon } from "@/components/shell/icons";

export const metadata: Metadata = { title: "Publish" };

export default function PublishPage() {
  return (
    <ComingSoon title="Publish" icon={<PublishIcon className="size-5" />}>
      See the plan for each zone&apos;s Kong before anything changes, then publish it. Not available in the UI yet.
    </ComingSoon>
  );
}
