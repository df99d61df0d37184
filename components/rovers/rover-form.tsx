"use client";

import { Can } from "@/components/auth/can";
import { zodResolver } from "@hookform/resolvers/zod";
import { useRouter } from "next/navigation";
import { useEffect, useId, useState, type ReactNode } from "react";
import {
  Controller,
  useFieldArray,
  useForm,
  useWatch,
  type Control,
  type FieldErrors,
  type RefCallBack,
  type UseFormRegister,
} from "react-hook-form";
import type { z } from "zod";
import { StaleAlert } from "@/components/common/stale-alert";
import { PlusIcon, TrashIcon } from "@/components/shell/icons";
import { useUnsavedChanges } from "@/components/shell/use-unsaved-changes";
import { Alert } from "@/components/ui/alert";
import { Button, ButtonLink } from "@/components/ui/button";
import { cn } from "@/components/ui/cn";
import { Field, FieldError, fieldIds, Input, Select } from "@/components/ui/input";
import { Section } from "@/components/ui/page-header";
import { Switch } from "@/components/ui/switch";
import { toast } from "@/components/ui/toaster";
import { ImportEndpointsButton } from "./import-endpoints-dialog";
import { SubscriptionRefusalNote } from "./subscription-refusal";
import { roverCreateSchema, type Rover } from "@/lib/api/schemas";
import { HTTP_METHODS } from "@/lib/domain/rules";
import { isApiError } from "@/lib/query/api";
import { applyServerErrors } from "@/lib/query/form-errors";
import { useCreateRover, useUpdateRover } from "@/lib/query/rovers";
import { useZones } from "@/lib/query/zones";

type RoverValues = z.input<typeof roverCreateSchema>;
type RoverOutput = z.output<typeof roverCreateSchema>;
type RoverControl = Control<RoverValues, unknown, RoverOutput>;
type RoverRegister = UseFormRegister<RoverValues>;

const FIELDS = ["name", "version", "zone", "failoverEnabled", "exposures", "subscriptions"] as const;

const EMPTY: RoverValues = {
  name: "",
  version: "",
  zone: "",
  failoverEnabled: false,
  exposures: [],
  subscriptions: [],
};

const newExposure = (): NonNullable<RoverValues["exposures"]>[number] => ({
  basePath: "",
  upstreams: [{ url: "", weight: 100 }],
  visibility: "ENTERPRISE",
  tenantAccess: "NONE",
  endpoints: [],
  stripBasePath: false,
});

const valuesOf = (rover: Rover): RoverValues => ({
  name: rover.name,
  version: rover.version,
  zone: rover.zone,
  failoverEnabled: rover.failoverEnabled,
  exposures: rover.exposures.map((e) => ({
    basePath: e.basePath,
    upstreams: e.upstreams.map((u) => ({ url: u.url, weight: u.weight })),
    visibility: e.visibility,
    tenantAccess: e.tenantAccess,
    endpoints: e.endpoints.map((p) => ({
      methods: p.methods as (typeof HTTP_METHODS)[number][],
      path: p.path,
    })),
    stripBasePath: e.stripBasePath,
  })),
  subscriptions: rover.subscriptions.map((s) => ({ basePath: s.basePath, approved: s.approved })),
});

/** A switch with its label and a one-line explanation, for a boolean field under a Controller. */
function SwitchField({
  id,
  checked,
  onCheckedChange,
  onBlur,
  switchRef,
  label,
  hint,
  className,
}: {
  id: string;
  checked: boolean | undefined;
  onCheckedChange: (value: boolean) => void;
  onBlur: () => void;
  switchRef: RefCallBack;
  label: ReactNode;
  hint: ReactNode;
  className?: string;
}) {
  return (
    <div className={cn("flex items-start gap-3", className)}>
      <Switch
        id={id}
        checked={checked ?? false}
        onCheckedChange={onCheckedChange}
        onBlur={onBlur}
        ref={switchRef}
        aria-labelledby={`${id}-label`}
        aria-describedby={`${id}-hint`}
      />
      <div className="min-w-0">
        <span id={`${id}-label`} className="text-[13px] font-medium text-slate-700">
          {label}
        </span>
        <p id={`${id}-hint`} className="text-xs text-slate-500">
          {hint}
        </p>
      </div>
    </div>
  );
}

/** An array's own message ("Add at least one upstream") sits on `root` or on the array itself. */
function arrayMessage(error: unknown): string | undefined {
  if (typeof error !== "object" || error === null) return undefined;
  const e = error as { message?: unknown; root?: { message?: unknown } };
  const message = e.root?.message ?? e.message;
  return typeof message === "string" ? message : undefined;
}

export interface RoverFormProps {
  /** Absent: create. Present: edit (application name and version are the rover's identity). */
  rover?: Rover;
  onReload?: () => Promise<Rover | undefined>;
}

/**
 * One form for the whole rover — identity, exposures with their upstreams and endpoints, and
 * subscriptions — checked by the API's own `roverCreateSchema`, so a message here is the message
 * the server would give; server answers land on the same fields (`exposures.0.upstreams.1.url`).
 */
export function RoverForm({ rover, onReload }: RoverFormProps) {
  const router = useRouter();
  const create = useCreateRover();
  const update = useUpdateRover(rover?.id ?? "");
  const zones = useZones();
  const [reloading, setReloading] = useState(false);
  const form = useForm<RoverValues, unknown, RoverOutput>({
    resolver: zodResolver(roverCreateSchema),
    defaultValues: rover ? valuesOf(rover) : EMPTY,
    mode: "onTouched",
  });
  const { register, handleSubmit, setError, reset, control, formState } = form;
  const { errors, isSubmitting } = formState;
  useUnsavedChanges(formState.isDirty);
  const exposures = useFieldArray({ control, name: "exposures" });
  const subscriptions = useFieldArray({ control, name: "subscriptions" });
  // The zone select gets its options only when the zones arrive, and until then the browser shows
  // the first one: put the form's zone back into the select once they are there.
  useEffect(() => {
    if (zones.data) form.setValue("zone", form.getValues("zone"));
  }, [zones.data, form]);
  const id = useId();
  const editing = rover !== undefined;

  const onSubmit = handleSubmit(async (values) => {
    try {
      if (!rover) {
        const created = await create.mutateAsync(values);
        toast.success(`Rover ${created.name} ${created.version} created in ${created.zone}`);
        router.push("/rovers");
        return;
      }
      const { name: _name, version: _version, ...changes } = values;
      const saved = await update.mutateAsync({ revision: rover.revision, changes });
      toast.success(`Rover ${saved.name} ${saved.version} saved`);
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
    } finally {
      setReloading(false);
    }
  };

  // Failover zones are the DTC-eligible zones other than the rover's own.
  const ownZone = useWatch({ control, name: "zone" });
  const eligible =
    zones.data?.items.filter((z) => z.dtcEligible && z.name !== ownZone).map((z) => z.name) ?? [];
  const ids = (name: string, error?: string, hint?: boolean) =>
    fieldIds(`${id}-${name}`, hint ? "hint" : undefined, error);

  return (
    <form
      onSubmit={onSubmit}
      noValidate
      aria-label={editing ? `Edit rover ${rover.name} ${rover.version}` : "New rover"}
      className="space-y-6"
    >
      {stale ? <StaleAlert what="rover" onReload={reload} reloading={reloading} /> : null}
      {errors.root && !stale ? <Alert title="The rover was not saved">{errors.root.message}</Alert> : null}

      <Section title="Rover" description="One version of an application, deployed in one zone.">
        <div className="grid gap-5 sm:grid-cols-3">
          <Field
            id={`${id}-name`}
            label="Application"
            error={errors.name?.message}
            hint={editing ? "Fixed for this rover." : "Lower case, such as orders."}
          >
            <Input
              {...register("name")}
              {...ids("name", errors.name?.message, true)}
              readOnly={editing}
              autoComplete="off"
              spellCheck={false}
              mono
            />
          </Field>
          <Field
            id={`${id}-version`}
            label="Version"
            error={errors.version?.message}
            hint={editing ? "Fixed for this rover." : "Semantic version, such as 1.4.2."}
          >
            <Input
              {...register("version")}
              {...ids("version", errors.version?.message, true)}
              readOnly={editing}
              autoComplete="off"
              spellCheck={false}
              mono
            />
          </Field>
          <Field
            id={`${id}-zone`}
            label="Zone"
            error={errors.zone?.message}
            hint={editing ? "Changing it moves the rover." : undefined}
          >
            <Select {...register("zone")} {...ids("zone", errors.zone?.message, editing)}>
              <option value="" disabled>
                {zones.isPending ? "Loading zones…" : "Pick a zone"}
              </option>
              {zones.data?.items.map((z) => (
                <option key={z.name} value={z.name}>
                  {z.name}
                  {z.dtcEligible ? " · DTC-eligible" : ""}
                </option>
              ))}
            </Select>
          </Field>
          <div className="sm:col-span-3">
            <Controller
              control={control}
              name="failoverEnabled"
              render={({ field }) => (
                <SwitchField
                  id={`${id}-failover`}
                  checked={field.value}
                  onCheckedChange={field.onChange}
                  onBlur={field.onBlur}
                  switchRef={field.ref}
                  className="rounded-md border border-slate-200 bg-slate-50/60 px-4 py-3"
                  label="Failover enabled"
                  hint={
                    <>
                      Approved subscriptions of this rover become failover subscriptions: the APIs they use
                      get routes on the <span className="font-mono">dtc</span> realm and are served in every
                      other DTC-eligible zone
                      {eligible.length ? (
                        <>
                          {" "}
                          (
                          {eligible.map((n, i) => (
                            <span key={n}>
                              {i ? ", " : ""}
                              <span className="font-mono">{n}</span>
                            </span>
                          ))}
                          ).
                        </>
                      ) : (
                        " (none yet)."
                      )}
                    </>
                  }
                />
              )}
            />
          </div>
        </div>
      </Section>

      <Section
        title="Exposures"
        description="APIs this rover serves. Each becomes a route in its zone, and proxy routes where it has subscribers."
        actions={
          <Button size="sm" icon={<PlusIcon />} onClick={() => exposures.append(newExposure())}>
            Add exposure
          </Button>
        }
      >
        {exposures.fields.length === 0 ? (
          <p className="rounded-md border border-dashed border-slate-300 px-4 py-6 text-center text-[13px] text-slate-500">
            This rover exposes no API.
          </p>
        ) : (
          <div className="space-y-5">
            {exposures.fields.map((field, index) => (
              <ExposureFields
                key={field.id}
                index={index}
                control={control}
                register={register}
                errors={errors}
                baseId={id}
                onRemove={() => exposures.remove(index)}
                onModule={
                  editing
                    ? undefined
                    : (m) => {
                        form.setValue("name", m.name, { shouldDirty: true, shouldValidate: true });
                        form.setValue("version", m.version, { shouldDirty: true, shouldValidate: true });
                      }
                }
              />
            ))}
          </div>
        )}
        <FieldError message={arrayMessage(errors.exposures)} />
      </Section>

      <Section
        title="Subscriptions"
        description="APIs this rover calls, by base path. Only approved subscriptions create routes."
        actions={
          <Button
            size="sm"
            icon={<PlusIcon />}
            onClick={() => subscriptions.append({ basePath: "", approved: true })}
          >
            Add subscription
          </Button>
        }
      >
        {subscriptions.fields.length === 0 ? (
          <p className="rounded-md border border-dashed border-slate-300 px-4 py-6 text-center text-[13px] text-slate-500">
            This rover subscribes to no API.
          </p>
        ) : (
          <ul className="space-y-3" aria-label="Subscriptions">
            {subscriptions.fields.map((field, index) => {
              const n = index + 1;
              const error = errors.subscriptions?.[index]?.basePath?.message;
              const inputId = `${id}-sub-${index}-basePath`;
              return (
                <li key={field.id} className="flex items-start gap-4">
                  <div className="min-w-0 flex-1">
                    <label htmlFor={inputId} className="sr-only">
                      Subscription {n} base path
                    </label>
                    <Input
                      {...register(`subscriptions.${index}.basePath`)}
                      {...fieldIds(inputId, undefined, error)}
                      placeholder="/orders/v1"
                      spellCheck={false}
                      mono
                    />
                    <FieldError id={`${inputId}-error`} message={error} />
                    {rover ? <SubscriptionRefusalNote roverId={rover.id} basePath={field.basePath} /> : null}
                  </div>
                  <Controller
                    control={control}
                    name={`subscriptions.${index}.approved`}
                    render={({ field: approved }) => (
                      <div className="flex h-9 items-center gap-2">
                        <Switch
                          checked={approved.value ?? false}
                          onCheckedChange={approved.onChange}
                          onBlur={approved.onBlur}
                          ref={approved.ref}
                          aria-labelledby={`${id}-sub-${index}-approved`}
                        />
                        <span id={`${id}-sub-${index}-approved`} className="text-[13px] text-slate-700">
                          <span className="sr-only">Subscription {n} </span>Approved
                        </span>
                      </div>
                    )}
                  />
                  <Button
                    variant="ghost"
                    size="md"
                    aria-label={`Remove subscription ${n}`}
                    title="Remove subscription"
                    icon={<TrashIcon />}
                    onClick={() => subscriptions.remove(index)}
                  />
                </li>
              );
            })}
          </ul>
        )}
        <FieldError message={arrayMessage(errors.subscriptions)} />
      </Section>

      <div className="flex items-center justify-end gap-2">
        <ButtonLink href="/rovers" variant="ghost">
          Cancel
        </ButtonLink>
        <Can role="editor">
          <Button type="submit" variant="primary" loading={isSubmitting}>
            {editing ? "Save rover" : "Create rover"}
          </Button>
        </Can>
      </div>
    </form>
  );
}

interface ExposureFieldsProps {
  index: number;
  control: RoverControl;
  register: RoverRegister;
  errors: FieldErrors<RoverValues>;
  baseId: string;
  onRemove: () => void;
  /** Creating a rover: an imported FOLIO descriptor's name and version fill the rover's. */
  onModule?: (module: { name: string; version: string }) => void;
}

function ExposureFields({ index, control, register, errors, baseId, onRemove, onModule }: ExposureFieldsProps) {
  const upstreams = useFieldArray({ control, name: `exposures.${index}.upstreams` });
  const endpoints = useFieldArray({ control, name: `exposures.${index}.endpoints` });
  const exposureBasePath = useWatch({ control, name: `exposures.${index}.basePath` });
  const exposureEndpoints = useWatch({ control, name: `exposures.${index}.endpoints` });
  const n = index + 1;
  const id = `${baseId}-exp-${index}`;
  const e = errors.exposures?.[index];

  return (
    // min-w-0: a fieldset is at least as wide as its content by default, which a phone can't hold.
    <fieldset className="min-w-0 rounded-lg border border-slate-200 bg-slate-50/40">
      <legend className="sr-only">Exposure {n}</legend>
      <div className="flex items-center justify-between border-b border-slate-200 px-4 py-2.5">
        <span aria-hidden="true" className="text-xs font-medium uppercase tracking-wide text-slate-500">
          Exposure {n}
        </span>
        <Button
          variant="ghost"
          size="sm"
          icon={<TrashIcon />}
          onClick={onRemove}
          aria-label={`Remove exposure ${n}`}
        >
          Remove
        </Button>
      </div>
      <div className="space-y-5 p-4">
        <div className="grid gap-5 sm:grid-cols-3">
          <Field
            id={`${id}-basePath`}
            label="Base path"
            error={e?.basePath?.message}
            hint="What subscribers name."
          >
            <Input
              {...register(`exposures.${index}.basePath`)}
              {...fieldIds(`${id}-basePath`, "hint", e?.basePath?.message)}
              placeholder="/orders/v1"
              spellCheck={false}
              mono
            />
          </Field>
          <Field
            id={`${id}-visibility`}
            label="Visibility"
            error={e?.visibility?.message}
            hint="Which zones may subscribe."
          >
            <Select
              {...register(`exposures.${index}.visibility`)}
              {...fieldIds(`${id}-visibility`, "hint", e?.visibility?.message)}
            >
              <option value="ENTERPRISE">ENTERPRISE zones</option>
              <option value="WORLD">WORLD (any zone)</option>
              <option value="ZONE">ZONE (own zone)</option>
            </Select>
          </Field>
          <Field
            id={`${id}-tenantAccess`}
            label="Tenant access"
            error={e?.tenantAccess?.message}
            hint="Checked on the tenant header."
          >
            <Select
              {...register(`exposures.${index}.tenantAccess`)}
              {...fieldIds(`${id}-tenantAccess`, "hint", e?.tenantAccess?.message)}
            >
              <option value="NONE">NONE (no check)</option>
              <option value="ANY">ANY tenant</option>
              <option value="ENTITLED">ENTITLED tenants</option>
            </Select>
          </Field>
        </div>

        <Controller
          control={control}
          name={`exposures.${index}.stripBasePath`}
          render={({ field }) => (
            <SwitchField
              id={`${id}-stripBasePath`}
              checked={field.value}
              onCheckedChange={field.onChange}
              onBlur={field.onBlur}
              switchRef={field.ref}
              label={
                <>
                  Strip base path<span className="sr-only"> of exposure {n}</span>
                </>
              }
              hint={
                <>
                  Upstreams receive only what follows the base path (<span className="font-mono">/orders/42</span> →{" "}
                  <span className="font-mono">/42</span>); off, they receive the base path too.
                </>
              }
            />
          )}
        />

        <div role="group" aria-labelledby={`${id}-upstreams`}>
          <div className="mb-2 flex items-center justify-between">
            <h3 id={`${id}-upstreams`} className="text-[13px] font-medium text-slate-700">
              Upstreams <span className="font-normal text-slate-400">· weights split traffic</span>
            </h3>
            <Button
              size="sm"
              variant="ghost"
              icon={<PlusIcon />}
              disabled={upstreams.fields.length >= 10}
              onClick={() => upstreams.append({ url: "", weight: 100 })}
            >
              Add upstream
            </Button>
          </div>
          <ul className="space-y-2">
            {upstreams.fields.map((field, j) => {
              const ue = e?.upstreams?.[j];
              const urlId = `${id}-up-${j}-url`;
              const weightId = `${id}-up-${j}-weight`;
              return (
                <li key={field.id} className="flex items-start gap-2">
                  <div className="min-w-0 flex-1">
                    <label htmlFor={urlId} className="sr-only">
                      Upstream {j + 1} URL
                    </label>
                    <Input
                      {...register(`exposures.${index}.upstreams.${j}.url`)}
                      {...fieldIds(urlId, undefined, ue?.url?.message)}
                      placeholder="http://orders.internal:8080"
                      inputMode="url"
                      spellCheck={false}
                      mono
                    />
                    <FieldError id={`${urlId}-error`} message={ue?.url?.message} />
                  </div>
                  <div className="w-28">
                    <label htmlFor={weightId} className="sr-only">
                      Upstream {j + 1} weight
                    </label>
                    <div className="relative">
                      <Input
                        {...register(`exposures.${index}.upstreams.${j}.weight`, { valueAsNumber: true })}
                        {...fieldIds(weightId, undefined, ue?.weight?.message)}
                        type="number"
                        min={1}
                        max={100}
                        className="pr-14 tabular-nums"
                      />
                      <span
                        aria-hidden="true"
                        className="pointer-events-none absolute right-3 top-1/2 -translate-y-1/2 text-xs text-slate-400"
                      >
                        weight
                      </span>
                    </div>
                    <FieldError id={`${weightId}-error`} message={ue?.weight?.message} />
                  </div>
                  <Button
                    variant="ghost"
                    aria-label={`Remove upstream ${j + 1}`}
                    title="Remove upstream"
                    icon={<TrashIcon />}
                    disabled={upstreams.fields.length === 1}
                    onClick={() => upstreams.remove(j)}
                  />
                </li>
              );
            })}
          </ul>
          <FieldError message={arrayMessage(e?.upstreams)} />
        </div>

        <div role="group" aria-labelledby={`${id}-endpoints`}>
          <div className="mb-2 flex flex-wrap items-center justify-between gap-x-2 gap-y-1">
            <h3 id={`${id}-endpoints`} className="text-[13px] font-medium text-slate-700">
              Endpoints{" "}
              {endpoints.fields.length ? null : (
                <span className="font-normal text-slate-400">· none: the whole base path is routed</span>
              )}
            </h3>
            <div className="flex flex-wrap items-center gap-1">
              <ImportEndpointsButton
                basePath={exposureBasePath ?? ""}
                current={(exposureEndpoints ?? []).filter((p) => p.path.trim() !== "" && p.methods.length > 0)}
                canFillIdentity={onModule !== undefined}
                onApply={(list, module) => {
                  endpoints.replace(list);
                  if (module) onModule?.(module);
                }}
              />
              <Button
                size="sm"
                variant="ghost"
                icon={<PlusIcon />}
                onClick={() => endpoints.append({ methods: ["GET"], path: "" })}
              >
                Add endpoint
              </Button>
            </div>
          </div>
          {endpoints.fields.length ? (
            <ul className="space-y-3">
              {endpoints.fields.map((field, j) => {
                const pe = e?.endpoints?.[j];
                const pathId = `${id}-ep-${j}-path`;
                return (
                  <li key={field.id} className="rounded-md border border-slate-200 bg-white p-3">
                    <div className="flex items-start gap-2">
                      <div className="min-w-0 flex-1">
                        <label htmlFor={pathId} className="sr-only">
                          Endpoint {j + 1} path
                        </label>
                        <Input
                          {...register(`exposures.${index}.endpoints.${j}.path`)}
                          {...fieldIds(pathId, undefined, pe?.path?.message)}
                          placeholder="/orders/{id}"
                          spellCheck={false}
                          mono
                        />
                        <FieldError id={`${pathId}-error`} message={pe?.path?.message} />
                      </div>
                      <Button
                        variant="ghost"
                        aria-label={`Remove endpoint ${j + 1}`}
                        title="Remove endpoint"
                        icon={<TrashIcon />}
                        onClick={() => endpoints.remove(j)}
                      />
                    </div>
                    <Controller
                      control={control}
                      name={`exposures.${index}.endpoints.${j}.methods`}
                      render={({ field: methods, fieldState }) => (
                        <fieldset className="mt-2">
                          <legend className="sr-only">Endpoint {j + 1} methods</legend>
                          <div className="flex flex-wrap gap-1.5">
                            {HTTP_METHODS.map((m) => {
                              const on = methods.value?.includes(m) ?? false;
                              return (
                                <label
                                  key={m}
                                  className={cn(
                                    "inline-flex cursor-pointer items-center rounded-md px-2 py-1 font-mono text-[11.5px] ring-1 ring-inset transition-colors has-[:focus-visible]:ring-2 has-[:focus-visible]:ring-indigo-500",
                                    on
                                      ? "bg-indigo-50 text-indigo-700 ring-indigo-300"
                                      : "bg-white text-slate-500 ring-slate-200 hover:bg-slate-50",
                                  )}
                                >
                                  <input
                                    type="checkbox"
                                    className="sr-only"
                                    checked={on}
                                    onBlur={methods.onBlur}
                                    onChange={(ev) => {
                                      const current = methods.value ?? [];
                                      // Keep Kong's usual order, whatever order they were clicked in.
                                      const next = ev.target.checked
                                        ? HTTP_METHODS.filter((x) => x === m || current.includes(x))
                                        : current.filter((x) => x !== m);
                                      methods.onChange(next);
                                    }}
                                  />
                                  {m}
                                </label>
                              );
                            })}
                          </div>
                          <FieldError message={fieldState.error?.message ?? arrayMessage(pe?.methods)} />
                        </fieldset>
                      )}
                    />
                  </li>
                );
              })}
            </ul>
          ) : null}
        </div>
      </div>
    </fieldset>
  );
}
