"use client";

import { usePathname, useRouter, useSearchParams } from "next/navigation";
import { useMemo } from "react";
import { SimulatorIcon } from "@/components/shell/icons";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { EmptyState } from "@/components/ui/empty-state";
import { Skeleton } from "@/components/ui/skeleton";
import { useSimulation } from "@/lib/query/routes";
import { useSettings } from "@/lib/query/settings";
import { SimulationOutcome } from "./simulation-result";
import { SimulatorFormCard } from "./simulator-form";
import { formFromParams, formToQuery, requestFromParams, type SimulatorForm } from "./simulator-state";

/** Kong's default when the settings can't be read. */
const DEFAULT_TENANT_HEADER = "x-okapi-tenant";

export function Simulator() {
  const params = useSearchParams();
  const router = useRouter();
  const pathname = usePathname();
  const settings = useSettings();
  const tenantHeader = settings.data?.tenantHeader ?? DEFAULT_TENANT_HEADER;
  const search = params.toString();
  const values = useMemo(() => formFromParams(new URLSearchParams(search)), [search]);
  // Wait for the tenant header's name before simulating, so the first answer is the right one.
  const request = useMemo(
    () => (settings.isPending ? null : requestFromParams(new URLSearchParams(search), tenantHeader)),
    [search, tenantHeader, settings.isPending],
  );
  const simulation = useSimulation(request);

  const submit = (form: SimulatorForm) => {
    const qs = formToQuery(form);
    // The same request again: ask again (the zone's routes may have changed since).
    if (qs === search) void simulation.refetch();
    else router.push(`${pathname}?${qs}`, { scroll: false });
  };

  return (
    <div className="grid items-start gap-6 xl:grid-cols-[22rem_minmax(0,1fr)]">
      <div className="rounded-lg border border-slate-200 bg-white px-5 py-5 shadow-xs">
        <SimulatorFormCard
          values={values}
          tenantHeader={tenantHeader}
          onSubmit={submit}
          busy={simulation.isFetching}
        />
      </div>
      <section
        aria-label="Simulation result"
        aria-busy={simulation.isFetching || undefined}
        className="min-w-0"
      >
        {request === null ? (
          <EmptyState
            icon={<SimulatorIcon className="size-5" />}
            title="Which route would Kong pick?"
            description="Choose a zone, describe a request and press Simulate: every route of the zone is tried in Kong's order, with the reason each one lost."
          />
        ) : simulation.isPending ? (
          <div role="status" aria-label="Simulating" className="space-y-4">
            <Skeleton className="h-36 w-full" />
            <Skeleton className="h-48 w-full" />
          </div>
        ) : simulation.isError ? (
          <Alert
            title="The simulation failed"
            action={
              <Button size="sm" onClick={() => void simulation.refetch()}>
                Try again
              </Button>
            }
          >
            {simulation.error.message}
          </Alert>
        ) : (
          <SimulationOutcome request={request} result={simulation.data} />
        )}
      </section>
    </div>
  );
}
