"use client";

import { Can } from "@/components/auth/can";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { DeleteDialog } from "@/components/common/delete-dialog";
import { TrashIcon } from "@/components/shell/icons";
import { Button } from "@/components/ui/button";
import { toast } from "@/components/ui/toaster";
import { useDeleteTenant } from "@/lib/query/tenants";

export function DeleteTenantButton({
  name,
  compact,
  redirectTo,
}: {
  name: string;
  compact?: boolean;
  redirectTo?: string;
}) {
  const [open, setOpen] = useState(false);
  const remove = useDeleteTenant();
  const router = useRouter();
  const close = () => {
    setOpen(false);
    remove.reset();
  };
  return (
    <Can role="editor">
      {compact ? (
        <Button
          variant="ghost"
          size="sm"
          aria-label={`Delete tenant ${name}`}
          title={`Delete tenant ${name}`}
          onClick={() => setOpen(true)}
          icon={<TrashIcon />}
        />
      ) : (
        <Button variant="secondary" onClick={() => setOpen(true)} icon={<TrashIcon />}>
          Delete
        </Button>
      )}
      <DeleteDialog
        open={open}
        onClose={close}
        kind="tenant"
        name={name}
        consequence="ENTITLED routes stop matching this tenant at the next publish. This can't be undone."
        pending={remove.isPending}
        error={remove.error}
        describe={(_g, item) => `${String(item.application)} ${String(item.version)}`}
        cascadeNoun={(groups) => {
          const n = groups.reduce((sum, g) => sum + g.count, 0);
          return `revoke ${n} entitlement${n === 1 ? "" : "s"}`;
        }}
        onDelete={(cascade) =>
          remove.mutate(
            { name, cascade },
            {
              onSuccess: (result) => {
                toast.success(`Tenant ${name} deleted`, {
                  description: result.revokedEntitlements
                    ? `${result.revokedEntitlements} entitlement${result.revokedEntitlements === 1 ? "" : "s"} revoked with it.`
                    : undefined,
                });
                setOpen(false);
                if (redirectTo) router.push(redirectTo);
              },
            },
          )
        }
      />
    </Can>
  );
}
