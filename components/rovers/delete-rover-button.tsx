"use client";

import { Can } from "@/components/auth/can";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { DeleteDialog } from "@/components/common/delete-dialog";
import { TrashIcon } from "@/components/shell/icons";
import { Button } from "@/components/ui/button";
import { toast } from "@/components/ui/toaster";
import { useDeleteRover } from "@/lib/query/rovers";

export function DeleteRoverButton({
  id,
  label,
  compact,
  redirectTo,
}: {
  id: string;
  label: string;
  compact?: boolean;
  redirectTo?: string;
}) {
  const [open, setOpen] = useState(false);
  const remove = useDeleteRover();
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
          aria-label={`Delete rover ${label}`}
          title={`Delete rover ${label}`}
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
        kind="rover"
        name={label}
        // Subscriptions name base paths, not rovers, so nothing blocks the delete — but routes do change.
        consequence="Its exposures' routes and its subscriptions' proxy routes disappear from the next publish. This can't be undone."
        pending={remove.isPending}
        error={remove.error}
        onDelete={() =>
          remove.mutate(
            { id },
            {
              onSuccess: () => {
                toast.success(`Rover ${label} deleted`);
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
