"use client";

import { Can } from "@/components/auth/can";
import { zodResolver } from "@hookform/resolvers/zod";
import { useRouter } from "next/navigation";
import { useId, useState } from "react";
import { Controller, useForm, useWatch, type Control } from "react-hook-form";
import type { z } from "zod";
import { StaleAlert } from "@/components/common/stale-alert";
import { useUnsavedChanges } from "@/components/shell/use-unsaved-changes";
import { Alert } from "@/components/ui/alert";
import { Badge } from "@/components/ui/badge";
import { Button, ButtonLink } from "@/components/ui/button";
import { Field, fieldIds, Input, Select } from "@/components/ui/input";
import { Section } from "@/components/ui/page-header";
import { Switch } from "@/components/ui/switch";
import { toast } from "@/components/ui/toaster";
import { zoneCreateSchema, type Zone } from "@/lib/api/schemas";
import { httpUrlProblem } from "@/lib/domain/rules";
import { isApiError } from "@/lib/query/api";
import { applyServerErrors } from "@/lib/query/form-errors";
import { useCreateZone, useUpdateZone } from "@/lib/query/zones";

type ZoneValues = z.input<typeof zoneCreateSchema>;
const FIELDS = [
  "name",
  "visibility",
  "gatewayUrl",
  "identityProviderUrl",
  "dtcUrl",
  "enforceIssuers",
  "kongAdminUrl",
  "kongAdminToken",
] as const;

const EMPTY: ZoneValues = {
  name: "",
  visibility: "ENTERPRISE",
  gatewayUrl: "",
  identityProviderUrl: "",
  dtcUrl: "",
  enforceIssuers: true,
  kongAdminUrl: "",
  kongAdminToken: "",
};

// The token is write-only: the form never holds the stored one, only a replacement.
const valuesOf = (zone: Zone): ZoneValues => ({
  name: zone.name,
  visibility: zone.visibility,
  gatewayUrl: zone.gatewayUrl,
  identityProviderUrl: zone.identityProviderUrl,
  dtcUrl: zone.dtcUrl ?? "",
  enforceIssuers: zone.enforceIssuers,
  kongAdminUrl: zone.kongAdminUrl,
  kongAdminToken: "",
});

export interface ZoneFormProps {
  /** Absent: create. Present: edit this zone (its name is fixed). */
  zone?: Zone;
  onReload?: () => Promise<Zone | undefined>;
}

/**
 * Create and edit use the API's own `zoneCreateSchema`, so the browser says exactly what the server
 * would; on edit the name is read-only and the server checks the body against `zoneUpdateSchema`.
 */
export function ZoneForm({ zone, onReload }: ZoneFormProps) {
  const router = useRouter();
  const create = useCreateZone();
  const update = useUpdateZone(zone?.name ?? "");
  const [clearToken, setClearToken] = useState(false);
  const [reloading, setReloading] = useState(false);
  const form = useForm<ZoneValues, unknown, z.output<typeof zoneCreateSchema>>({
    resolver: zodResolver(zoneCreateSchema),
    defaultValues: zone ? valuesOf(zone) : EMPTY,
    mode: "onTouched",
  });
  const { register, handleSubmit, setError, reset, control, formState } = form;
  const { errors, isSubmitting } = formState;
  useUnsavedChanges(formState.isDirty || clearToken);
  const id = useId();
  const editing = zone !== undefined;

  const onSubmit = handleSubmit(async (values) => {
    try {
      if (!zone) {
        const created = await create.mutateAsync({
          ...values,
          kongAdminToken: values.kongAdminToken || undefined,
        });
        toast.success(`Zone ${created.name} created`);
        router.push("/zones");
        return;
      }
      const { name: _name, kongAdminToken, ...changes } = values;
      const token = kongAdminToken ? { kongAdminToken } : clearToken ? { kongAdminToken: null } : {};
      const saved = await update.mutateAsync({
        revision: zone.revision,
        changes: { ...changes, dtcUrl: changes.dtcUrl ?? null, ...token },
      });
      toast.success(`Zone ${saved.name} saved`);
      setClearToken(false);
      reset(valuesOf(saved));
    } catch (error) {
      applyServerErrors(error, setError, FIELDS);
    }
  });

  const stale = isApiError(update.error) && update.error.isStale;
  const reload = async () => {
    setReloading(true);
    try {
      const fresh = await onReload?.();
      if (fresh) reset(valuesOf(fresh));
      update.reset();
      setClearToken(false);
    } finally {
      setReloading(false);
    }
  };

  const ids = (name: string, hint?: boolean, error?: string) =>
    fieldIds(`${id}-${name}`, hint ? "hint" : undefined, error);

  return (
    <form
      onSubmit={onSubmit}
      noValidate
      aria-label={editing ? `Edit zone ${zone.name}` : "New zone"}
      className="space-y-6"
    >
      {stale ? <StaleAlert what="zone" onReload={reload} reloading={reloading} /> : null}
      {errors.root && !stale ? <Alert title="The zone was not saved">{errors.root.message}</Alert> : null}

      <Section title="Zone" description="One Kong gateway and where it is reachable.">
        <div className="grid gap-5 sm:grid-cols-2">
          <Field
            id={`${id}-name`}
            label="Name"
            error={errors.name?.message}
            hint={
              editing ? "A zone's name can't change." : "Lower case, digits and dashes, such as eu-central."
            }
          >
            <Input
              {...register("name")}
              {...ids("name", true, errors.name?.message)}
              readOnly={editing}
              autoComplete="off"
              spellCheck={false}
              mono
            />
          </Field>
          <Field
            id={`${id}-visibility`}
            label="Visibility"
            error={errors.visibility?.message}
            hint="ENTERPRISE zones may serve enterprise-only APIs."
          >
            <Select {...register("visibility")} {...ids("visibility", true, errors.visibility?.message)}>
              <option value="ENTERPRISE">ENTERPRISE</option>
              <option value="WORLD">WORLD</option>
            </Select>
          </Field>
          <Field
            id={`${id}-gatewayUrl`}
            label="Gateway URL"
            error={errors.gatewayUrl?.message}
            hint="Where clients reach this zone's Kong; may carry a base path."
          >
            <Input
              {...register("gatewayUrl")}
              {...ids("gatewayUrl", true, errors.gatewayUrl?.message)}
              placeholder="https://eu-central.gw.example.com"
              inputMode="url"
              spellCheck={false}
              mono
            />
          </Field>
          <Field
            id={`${id}-identityProviderUrl`}
            label="Identity provider URL"
            error={errors.identityProviderUrl?.message}
            hint="Issuers are derived from it: …/auth/realms/<realm>."
          >
            <Input
              {...register("identityProviderUrl")}
              {...ids("identityProviderUrl", true, errors.identityProviderUrl?.message)}
              placeholder="https://iam.eu-central.example.com"
              inputMode="url"
              spellCheck={false}
              mono
            />
          </Field>
        </div>
      </Section>

      <Section
        title="Dynamic Traffic Control"
        description="Zones with a DTC URL form the dtc realm; ENTERPRISE zones with one can take failover traffic."
      >
        <div className="grid gap-5 sm:grid-cols-2">
          <Field
            id={`${id}-dtcUrl`}
            label="DTC URL"
            optional
            error={errors.dtcUrl?.message}
            hint="The URL the global traffic manager sends failover traffic to."
          >
            <Input
              {...register("dtcUrl")}
              {...ids("dtcUrl", true, errors.dtcUrl?.message)}
              placeholder="https://eu-central.dtc.example.com"
              inputMode="url"
              spellCheck={false}
              mono
            />
          </Field>
          <DtcEligibility control={control} />
        </div>
      </Section>

      <Section
        title="Kong connection"
        description="How Switchyard reaches this zone's Admin API when it publishes."
      >
        <div className="grid gap-5 sm:grid-cols-2">
          <Field id={`${id}-kongAdminUrl`} label="Kong admin URL" error={errors.kongAdminUrl?.message}>
            <Input
              {...register("kongAdminUrl")}
              {...ids("kongAdminUrl", false, errors.kongAdminUrl?.message)}
              placeholder="https://kong-admin.eu-central.internal:8001"
              inputMode="url"
              spellCheck={false}
              mono
            />
          </Field>
          <Field
            id={`${id}-kongAdminToken`}
            label="Kong admin token"
            aside={
              editing ? (
                <Badge tone={zone.hasKongAdminToken && !clearToken ? "green" : "neutral"}>
                  <span className="sr-only">Token </span>
                  {clearToken ? "will be cleared" : zone.hasKongAdminToken ? "set" : "not set"}
                </Badge>
              ) : null
            }
            optional
            error={errors.kongAdminToken?.message}
            hint={
              editing
                ? "Write-only: the stored token is never shown. Leave empty to keep it."
                : "Write-only: stored encrypted, never shown again."
            }
          >
            <Can
              role="admin"
              fallback={
                <p className="text-[13px] text-slate-500">Only administrators set Kong credentials.</p>
              }
            >
              <div className="flex gap-2">
                <Input
                  {...register("kongAdminToken")}
                  {...ids("kongAdminToken", true, errors.kongAdminToken?.message)}
                  type="password"
                  autoComplete="new-password"
                  placeholder={
                    editing && zone.hasKongAdminToken ? "Enter a new token to replace it" : "Paste the token"
                  }
                  disabled={clearToken}
                  mono
                />
                {editing && zone.hasKongAdminToken ? (
                  <Button variant="ghost" onClick={() => setClearToken((c) => !c)} aria-pressed={clearToken}>
                    {clearToken ? "Keep token" : "Clear token"}
                  </Button>
                ) : null}
              </div>
            </Can>
          </Field>
          <div className="sm:col-span-2">
            <Controller
              control={control}
              name="enforceIssuers"
              render={({ field }) => (
                <div className="flex items-start gap-3">
                  <Switch
                    id={`${id}-enforceIssuers`}
                    checked={field.value ?? true}
                    onCheckedChange={field.onChange}
                    onBlur={field.onBlur}
                    ref={field.ref}
                    aria-labelledby={`${id}-enforceIssuers-label`}
                    aria-describedby={`${id}-enforceIssuers-hint`}
                  />
                  <div>
                    <span
                      id={`${id}-enforceIssuers-label`}
                      className="text-[13px] font-medium text-slate-700"
                    >
                      Enforce issuers
                    </span>
                    <p id={`${id}-enforceIssuers-hint`} className="text-xs text-slate-500">
                      Each route gets a plugin that only accepts tokens from its realms&apos; issuers.
                    </p>
                  </div>
                </div>
              )}
            />
          </div>
        </div>
      </Section>

      <div className="flex items-center justify-end gap-2">
        <ButtonLink href="/zones" variant="ghost">
          Cancel
        </ButtonLink>
        <Can role="editor">
          <Button type="submit" variant="primary" loading={isSubmitting}>
            {editing ? "Save zone" : "Create zone"}
          </Button>
        </Can>
      </div>
    </form>
  );
}

/** Recomputed on every keystroke, from the same rule the compiler uses: a DTC URL and ENTERPRISE. */
function DtcEligibility({
  control,
}: {
  control: Control<ZoneValues, unknown, z.output<typeof zoneCreateSchema>>;
}) {
  const [dtcUrl, visibility] = useWatch({ control, name: ["dtcUrl", "visibility"] });
  const url = (dtcUrl ?? "").trim();
  const urlOk = url !== "" && httpUrlProblem(url) === null;
  const enterprise = visibility === "ENTERPRISE";
  const eligible = urlOk && enterprise;
  const reason = eligible
    ? "This zone can serve failover traffic for subscriptions with failover enabled."
    : url === ""
      ? "Needs a DTC URL."
      : !urlOk
        ? "Needs a valid DTC URL."
        : "Needs ENTERPRISE visibility.";
  return (
    <div className="flex flex-col justify-start sm:pt-6">
      <div
        role="status"
        aria-live="polite"
        aria-label="DTC eligibility"
        className="rounded-md border border-slate-200 bg-slate-50/70 px-3 py-2.5"
      >
        <div className="flex items-center gap-2">
          {eligible ? (
            <Badge tone="green" dot>
              DTC-eligible
            </Badge>
          ) : (
            <Badge tone="neutral" dot>
              Not DTC-eligible
            </Badge>
          )}
        </div>
        <p className="mt-1.5 text-xs text-slate-500">{reason}</p>
      </div>
    </div>
  );
}
