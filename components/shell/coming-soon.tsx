import type { ReactNode } from "react";
import { Badge } from "@/components/ui/badge";
import { PageHeader } from "@/components/ui/page-header";
import { PageContainer } from "./page-container";

/** A planned screen, reachable from the navigation but plainly not working yet. */
export function ComingSoon({ title, icon, children }: { title: string; icon: ReactNode; children: ReactNode }) {
  return (
    <PageContainer>
      <PageHeader
        title={
          <span className="flex items-center gap-3">
            {title}
            <Badge tone="amber">Coming</Badge>
          </span>
        }
      />
      <div className="flex flex-col items-center rounded-lg border border-dashed border-slate-300 bg-white px-6 py-16 text-center">
        <div className="mb-3 flex size-10 items-center justify-center rounded-full bg-slate-100 text-slate-500">{icon}</div>
        <h2 className="text-sm font-semibold text-slate-900">This screen is coming</h2>
        <div className="mt-1 max-w-md text-sm text-slate-500">{children}</div>
      </div>
    </PageContainer>
  );
}
