"use client";

import { zodResolver } from "@hookform/resolvers/zod";
import { useId, useState } from "react";
import { useForm } from "react-hook-form";
import { PlusIcon } from "@/components/shell/icons";
import { Button } from "@/components/ui/button";
import { Dialog } from "@/components/ui/dialog";
import { Field, fieldIds, Input } from "@/components/ui/input";
import { entitlementCreateSchema } from "@/lib/api/schemas";

// The application half of an entitlement, checked with the API's own rules.
const versionSchema = entitlementCreateSchema.pick({ application: true, version: true });
type VersionValues = { application: string; version: string };

/** Adds a column for an application version no rover runs yet, to grant ahead of a deployment. */
export function AddVersionForm({ onAdd }: { onAdd: (v: VersionValues) => void }) {
  const [open, setOpen] = useState(false);
  const id = useId();
  const { register, handleSubmit, reset, formState } = useForm<VersionValues>({
    resolver: zodResolver(versionSchema),
    defaultValues: { application: "", version: "" },
  });
  const close = () => {
    setOpen(false);
    reset();
  };
  const submit = handleSubmit((v) => {
    onAdd(v);
    close();
  });
  return (
    <>
      <Button variant="secondary" icon={<PlusIcon />} onClick={() => setOpen(true)}>
        Application version
      </Button>
      <Dialog
        open={open}
        onClose={close}
        size="sm"
        title="Add an application version"
        description="A column to grant tenants an application version before any rover runs it."
        footer={
          <>
            <Button variant="secondary" onClick={close}>
              Cancel
            </Button>
            <Button variant="primary" type="submit" form={`${id}-form`}>
              Add column
            </Button>
          </>
        }
      >
        <form id={`${id}-form`} onSubmit={submit} noValidate className="grid gap-4">
          <Field id={`${id}-application`} label="Application" error={formState.errors.application?.message}>
            <Input
              {...register("application")}
              {...fieldIds(`${id}-application`, undefined, formState.errors.application?.message)}
              mono
              autoFocus
              placeholder="mod-capabilities"
            />
          </Field>
          <Field id={`${id}-version`} label="Version" error={formState.errors.version?.message}>
            <Input
              {...register("version")}
              {...fieldIds(`${id}-version`, undefined, formState.errors.version?.message)}
              mono
              placeholder="2.1.0"
            />
          </Field>
        </form>
      </Dialog>
    </>
  );
}
