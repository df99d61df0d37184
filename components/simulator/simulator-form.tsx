"use client";

import { zodResolver } from "@hookform/resolvers/zod";
import { useEffect, useId, useMemo } from "react";
import { useFieldArray, useForm, useWatch, type UseFormRegister } from "react-hook-form";
import { Button } from "@/components/ui/button";
import { Field, fieldIds, Input, Select } from "@/components/ui/input";
import { useZones } from "@/lib/query/zones";
import { simulatorFormSchema, type SimulatorForm, type SimulatorFormInput } from "./simulator-state";

const METHODS = ["GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS"];

const hostOf = (url: string | null | undefined): string | null => {
  if (!url) return null;
  try {
    return new URL(url).host;
  } catch {
    return null;
  }
};

/** The request to simulate. Submitting writes it to the URL; the page simulates what the URL says. */
export function SimulatorFormCard({
  values,
  tenantHeader,
  onSubmit,
  busy,
}: {
  values: SimulatorFormInput;
  tenantHeader: string;
  onSubmit: (form: SimulatorForm) => void;
  busy: boolean;
}) {
  const id = useId();
  const zones = useZones();
  const form = useForm<SimulatorFormInput, unknown, SimulatorForm>({
    resolver: zodResolver(simulatorFormSchema),
    defaultValues: values,
  });
  const { register, handleSubmit, formState, control, reset, setValue, getValues } = form;
  const headers = useFieldArray({ control, name: "headers" });
  const query = useFieldArray({ control, name: "query" });

  // Back/forward (or a link) changed the URL: show the request it describes.
  const serialized = JSON.stringify(values);
  useEffect(() => {
    reset(JSON.parse(serialized) as SimulatorFormInput);
  }, [serialized, reset]);

  const zoneName = useWatch({ control, name: "zone" });
  const zone = zones.data?.items.find((z) => z.name === zoneName);
  // The zone's own gateway first, then every DTC host (a zone's dtc realm answers on all of them).
  const hosts = useMemo(() => {
    const out = new Set<string>();
    const own = hostOf(zone?.gatewayUrl);
    if (own) out.add(own);
    for (const z of zones.data?.items ?? []) {
      const dtc = hostOf(z.dtcUrl);
      if (dtc) out.add(dtc);
    }
    return [...out];
  }, [zone, zones.data]);

  const onZone = (name: string) => {
    const next = zones.data?.items.find((z) => z.name === name);
    const host = getValues("host");
    const previousHost = hostOf(zone?.gatewayUrl);
    // Offer the zone's gateway host unless the operator typed a host of their own.
    if (next && (host === "" || host === previousHost))
      setValue("host", hostOf(next.gatewayUrl) ?? "", { shouldValidate: formState.isSubmitted });
  };

  const errors = formState.errors;
  return (
    <form aria-label="Request to simulate" noValidate onSubmit={handleSubmit(onSubmit)} className="space-y-4">
      <Field id={`${id}-zone`} label="Zone" error={errors.zone?.message}>
        {/* Remounted once the zones arrive, so the zone from the URL is selected among the real options. */}
        <Select
          key={zones.data ? "zones" : "loading"}
          {...fieldIds(`${id}-zone`, undefined, errors.zone?.message)}
          {...register("zone", { onChange: (e) => onZone(e.target.value) })}
        >
          <option value="">Choose a zone…</option>
          {(zones.data?.items ?? []).map((z) => (
            <option key={z.name} value={z.name}>
              {z.name}
            </option>
          ))}
          {zoneName && !zone ? <option value={zoneName}>{zoneName}</option> : null}
        </Select>
      </Field>
      <div className="grid grid-cols-2 gap-3">
        <Field id={`${id}-method`} label="Method" error={errors.method?.message}>
          <Input
            mono
            list={`${id}-methods`}
            autoComplete="off"
            spellCheck={false}
            {...fieldIds(`${id}-method`, undefined, errors.method?.message)}
            {...register("method")}
          />
          <datalist id={`${id}-methods`}>
            {METHODS.map((m) => (
              <option key={m} value={m} />
            ))}
          </datalist>
        </Field>
        <Field id={`${id}-scheme`} label="Scheme" error={errors.scheme?.message}>
          <Select {...fieldIds(`${id}-scheme`, undefined, errors.scheme?.message)} {...register("scheme")}>
            <option value="https">https</option>
            <option value="http">http</option>
          </Select>
        </Field>
      </div>
      <Field
        id={`${id}-host`}
        label="Host"
        hint="The Host header; a port is removed the way Kong does."
        error={errors.host?.message}
      >
        <Input
          mono
          list={`${id}-hosts`}
          autoComplete="off"
          spellCheck={false}
          placeholder="gw.example.com"
          {...fieldIds(`${id}-host`, "hint", errors.host?.message)}
          {...register("host")}
        />
        <datalist id={`${id}-hosts`}>
          {hosts.map((h) => (
            <option key={h} value={h} />
          ))}
        </datalist>
      </Field>
      <Field
        id={`${id}-path`}
        label="Path"
        hint="May carry ?query; Kong normalizes dot segments and double slashes."
        error={errors.path?.message}
      >
        <Input
          mono
          autoComplete="off"
          spellCheck={false}
          placeholder="/capabilities"
          {...fieldIds(`${id}-path`, "hint", errors.path?.message)}
          {...register("path")}
        />
      </Field>
      <Field
        id={`${id}-tenant`}
        label={
          <>
            Tenant header <span className="font-mono font-normal text-slate-500">{tenantHeader}</span>
          </>
        }
        hint="Left empty, the request carries no tenant header."
        error={errors.tenant?.message}
      >
        <Input
          mono
          autoComplete="off"
          spellCheck={false}
          placeholder="diku"
          {...fieldIds(`${id}-tenant`, "hint", errors.tenant?.message)}
          {...register("tenant")}
        />
      </Field>
      <Rows
        legend="Other headers"
        kind="header"
        fields={headers.fields}
        register={register}
        prefix="headers"
        onAdd={() => headers.append({ name: "", value: "" })}
        onRemove={headers.remove}
      />
      <Rows
        legend="Query arguments"
        kind="query argument"
        fields={query.fields}
        register={register}
        prefix="query"
        onAdd={() => query.append({ name: "", value: "" })}
        onRemove={query.remove}
      />
      <div className="flex items-center gap-3 border-t border-slate-100 pt-4">
        <Button type="submit" variant="primary" loading={busy}>
          Simulate
        </Button>
        <span className="text-xs text-slate-500">
          The request goes in the URL: share it, or reload to run it again.
        </span>
      </div>
    </form>
  );
}

function Rows({
  legend,
  kind,
  fields,
  register,
  prefix,
  onAdd,
  onRemove,
}: {
  legend: string;
  kind: string;
  fields: { id: string }[];
  register: UseFormRegister<SimulatorFormInput>;
  prefix: "headers" | "query";
  onAdd: () => void;
  onRemove: (index: number) => void;
}) {
  return (
    <fieldset>
      <legend className="mb-1.5 text-[13px] font-medium text-slate-700">{legend}</legend>
      {fields.length > 0 ? (
        <ul className="mb-2 space-y-2">
          {fields.map((f, i) => (
            <li key={f.id} className="grid grid-cols-[minmax(0,2fr)_minmax(0,3fr)_auto] items-center gap-2">
              <Input
                mono
                aria-label={`Name of ${kind} ${i + 1}`}
                placeholder="name"
                autoComplete="off"
                spellCheck={false}
                {...register(`${prefix}.${i}.name`)}
              />
              <Input
                mono
                aria-label={`Value of ${kind} ${i + 1}`}
                placeholder="value"
                autoComplete="off"
                spellCheck={false}
                {...register(`${prefix}.${i}.value`)}
              />
              <Button
                variant="ghost"
                size="sm"
                aria-label={`Remove ${kind} ${i + 1}`}
                onClick={() => onRemove(i)}
              >
                <span aria-hidden="true">×</span>
              </Button>
            </li>
          ))}
        </ul>
      ) : null}
      <Button variant="ghost" size="sm" onClick={onAdd}>
        <span aria-hidden="true">+</span> Add {kind}
      </Button>
    </fieldset>
  );
}
