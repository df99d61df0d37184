import Link from "next/link";
import { cn, focusRing } from "@/components/ui/cn";
import type { EntityRef, Warning } from "@/lib/compiler/types";

const link = `rounded font-medium text-indigo-700 hover:text-indigo-500 ${focusRing}`;

/**
 * Where an entity the compiler names is fixed: a rover's form, a tenant's page, an entitlement's
 * column in the matrix (filtered to that application version and tenant).
 */
export function entityRefHref(entity: EntityRef): string {
  switch (entity.kind) {
    case "zone":
      return `/zones/${encodeURIComponent(entity.name)}`;
    case "rover":
      return `/rovers/${encodeURIComponent(entity.id)}`;
    case "tenant":
      return `/tenants/${encodeURIComponent(entity.name)}`;
    case "entitlement":
      return entitlementColumnHref(entity.application, entity.version, entity.tenant);
  }
}

/** The entitlements matrix narrowed to one application version's column (and a tenant's row). */
export function entitlementColumnHref(application: string, version: string, tenant?: string): string {
  const search = new URLSearchParams({ application, version });
  if (tenant) search.set("tenant", tenant);
  return `/entitlements?${search.toString()}`;
}

export function entityRefLabel(entity: EntityRef): string {
  switch (entity.kind) {
    case "zone":
      return `zone ${entity.name}`;
    case "rover":
      return `${entity.name} ${entity.version} (${entity.zone})`;
    case "tenant":
      return `tenant ${entity.name}`;
    case "entitlement":
      return `${entity.tenant}: ${entity.application} ${entity.version}`;
  }
}

export function EntityRefLink({ entity, className }: { entity: EntityRef; className?: string }) {
  return (
    <Link href={entityRefHref(entity)} prefetch={false} className={cn(link, className)}>
      {entityRefLabel(entity)}
    </Link>
  );
}

const REFS_SHOWN = 8;

/** A compiler warning's message with links to what causes it: its entities, then its routes. */
export function WarningSources({ warning }: { warning: Pick<Warning, "refs" | "routes" | "zone"> }) {
  const refs = (warning.refs ?? []).slice(0, REFS_SHOWN);
  const routes = warning.zone ? (warning.routes ?? []).slice(0, Math.max(0, REFS_SHOWN - refs.length)) : [];
  const more = (warning.refs?.length ?? 0) + (warning.zone ? (warning.routes?.length ?? 0) : 0) - refs.length - routes.length;
  if (refs.length + routes.length === 0) return null;
  return (
    <span className="mt-0.5 flex flex-wrap gap-x-3 gap-y-0.5 text-[12.5px]">
      {refs.map((ref, i) => (
        <EntityRefLink key={`ref:${i}`} entity={ref} />
      ))}
      {routes.map((route) => (
        <Link
          key={`route:${route}`}
          prefetch={false}
          href={`/routes/${encodeURIComponent(warning.zone!)}/${encodeURIComponent(route)}`}
          className={cn(link, "font-mono text-[12px]")}
        >
          {route}
        </Link>
      ))}
      {more > 0 ? <span className="text-slate-500">+{more} more</span> : null}
    </span>
  );
}
