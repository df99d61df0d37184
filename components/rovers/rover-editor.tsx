"use client";

import { Alert } from "@/components/ui/alert";
import { Skeleton } from "@/components/ui/skeleton";
import { useRover } from "@/lib/query/rovers";
import { RoverForm } from "./rover-form";

export function RoverEditor({ id }: { id: string }) {
  const rover = useRover(id);
  if (rover.isPending)
    return (
      <div role="status" aria-label="Loading rover" className="space-y-4">
        <Skeleton className="h-44 w-full" />
        <Skeleton className="h-64 w-full" />
        <Skeleton className="h-28 w-full" />
      </div>
    );
  if (rover.isError) return <Alert title="The rover couldn't be loaded">{rover.error.message}</Alert>;
  return <RoverForm rover={rover.data} onReload={async () => (await rover.refetch()).data} />;
}
