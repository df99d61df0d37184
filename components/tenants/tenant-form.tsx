"use client";

import { Can } from "@/components/auth/can";
import { zodResolver } from "@hookform/resolvers/zod";
import { useRouter } from "next/navigation";
import { useId, useState } from "react";
import { useForm } from "react-hook-form";
import type { z } from "zod";
import { StaleAlert } from "@/components/common/stale-alert";
import { useUnsavedChanges } from "@/components/shell/use-unsaved-changes";
import { Alert } from "@/components/ui/alert";
import { Button, ButtonLink } from "@/components/ui/button";
import { Field, fieldIds, Input, Textarea } from "@/components/ui/input";
import { Section } from "@/components/ui/page-header";
import { toast } from "@/components/ui/toaster";
import { tenantCreateSchema, type Tenant } from "@/lib/api/schemas";
import { isApiError } from "@/lib/query/api";
import { applyServerErrors } from "@/lib/query/form-errors";
import { useCreateTenant, useUpdateTenant } from "@/lib/query/tenants";

type TenantValues = z.input<typeof tenantCreateSchema>;
const FIELDS = ["name", "description"] as const;

export function TenantForm({
  tenant,
  onReload,
}: {
  tenant?: Tenant;
  onReload?: () => Promise<Tenant | undefined>;
}) {
  const router = useRouter();
  const create = useCreateTenant();
  const update = useUpdateTenant(tenant?.name ?? "");
  const [reloading, setReloading] = useState(false);
  const { register, handleSubmit, setError, reset, formState } = useForm<
    TenantValues,
    unknown,
    z.output<typeof tenantCreateSchema>
  >({
    resolver: zodResolver(tenantCreateSchema),
    defaultValues: { name: tenant?.name ?? "", description: tenant?.description ?? "" },
    mode: "onTouched",
  });
  const { errors, isSubmitting } = formState;
  useUnsavedChanges(formState.isDirty);
  const id = useId();

  const onSubmit = handleSubmit(async (values) => {
    try {
      if (!tenant) {
        const created = await create.mutateAsync(values);
        toast.success(`Tenant ${created.name} created`);
        router.push("/tenants");
        return;
      }
      const saved = await update.mutateAsync({ revision: tenant.revision, description: values.description });
      toast.success(`Tenant ${saved.name} saved`);
      reset({ name: saved.name, description: saved.description });
    } catch (error) {
      applyServerErrors(error, setError, FIELDS);
    }
  });

  const stale = isApiError(update.error) && update.error.isStale;
  return (
    <form
      onSubmit={onSubmit}
      noValidate
      aria-label={tenant ? `Edit tenant ${tenant.name}` : "New tenant"}
      className="space-y-6"
    >
      {stale ? (
        <StaleAlert
          what="tenant"
          reloading={reloading}
          onReload={async () => {
            setReloading(true);
            const fresh = await onReload?.();
            if (fresh) reset({ name: fresh.name, description: fresh.description });
            update.reset();
            setReloading(false);
          }}
        />
      ) : null}
      {errors.root && !stale ? <Alert title="The tenant was not saved">{errors.root.message}</Alert> : null}
      <Section title="Tenant" description="The value clients send in the tenant header.">
        <div className="grid gap-5">
          <Field
            id={`${id}-name`}
            label="Name"
            error={errors.name?.message}
            hint={tenant ? "A tenant's name can't change." : "Lower case, digits and _, such as diku."}
          >
            <Input
              {...register("name")}
              {...fieldIds(`${id}-name`, "hint", errors.name?.message)}
              readOnly={!!tenant}
              autoComplete="off"
              spellCheck={false}
              mono
              className="max-w-sm"
            />
          </Field>
          <Field id={`${id}-description`} label="Description" optional error={errors.description?.message}>
            <Textarea
              {...register("description")}
              {...fieldIds(`${id}-description`, undefined, errors.description?.message)}
              rows={3}
            />
          </Field>
        </div>
      </Section>
      <div className="flex items-center justify-end gap-2">
        <ButtonLink href="/tenants" variant="ghost">
          Cancel
        </ButtonLink>
        <Can role="editor">
          <Button type="submit" variant="primary" loading={isSubmitting}>
            {tenant ? "Save tenant" : "Create tenant"}
          </Button>
        </Can>
      </div>
    </form>
  );
}
