"use client";

import { Can } from "@/components/auth/can";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { DeleteDialog } from "@/components/common/delete-dialog";
import { TrashIcon } from "@/components/shell/icons";
import { Button } from "@/components/ui/button";
import { toast } from "@/components/ui/toaster";
import { useDeleteZone } from "@/lib/query/zones";

export function DeleteZoneButton({
  name,
  compact,
  redirectTo,
}: {
  name: string;
  compact?: boolean;
  redirectTo?: string;
}) {
  const [open, setOpen] = useState(false);
  const remove = useDeleteZone();
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
          aria-label={`Delete zone ${name}`}
          title={`Delete zone ${name}`}
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
        kind="zone"
        name={name}
        consequence="Its routes disappear from the next publish. This can't be undone."
        pending={remove.isPending}
        error={remove.error}
        describe={(_g, item) => `${String(item.name)} ${String(item.version)}`}
        onDelete={(cascade) =>
          remove.mutate(
            { name, cascade },
            {
              onSuccess: (result) => {
                toast.success(`Zone ${name} deleted`, {
                  description: result.deletedRovers
                    ? `${result.deletedRovers} rover${result.deletedRovers === 1 ? "" : "s"} deleted with it.`
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
