import type { ReactNode } from "react";
import { cn } from "@/components/ui/cn";

export function PageContainer({ children, wide }: { children: ReactNode; wide?: boolean }) {
  return <div className={cn("mx-auto w-full px-4 py-6 sm:px-8 sm:py-8", wide ? "max-w-[1400px]" : "max-w-6xl")}>{children}</div>;
}
