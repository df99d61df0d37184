"use client";

import { Alert } from "@/components/ui/alert";
import { Skeleton } from "@/components/ui/skeleton";
import { useTenant } from "@/lib/query/tenants";
import { TenantForm } from "./tenant-form";

export function TenantEditor({ name }: { name: string }) {
  const tenant = useTenant(name);
  if (tenant.isPending)
    return (
      <div role="status" aria-label="Loading tenant">
        <Skeleton className="h-48 w-full" />
      </div>
    );
  if (tenant.isError) return <Alert title={`Tenant ${name} couldn't be loaded`}>{tenant.error.message}</Alert>;
  return <TenantForm tenant={tenant.data} onReload={async () => (await tenant.refetch()).data} />;
}
