"use client";

import { Fragment, useState } from "react";
import { ListFooter } from "@/components/common/list-footer";
import { useDebounced } from "@/components/common/use-debounced";
import { Alert } from "@/components/ui/alert";
import { Badge, type BadgeTone } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { EmptyState } from "@/components/ui/empty-state";
import { DateTime } from "@/components/ui/date-time";
import { Field, Input, Select } from "@/components/ui/input";
import { TableSkeleton } from "@/components/ui/skeleton";
import { Mono, Table, TBody, TD, TH, THead, TR } from "@/components/ui/table";
import { AUDIT_ENTITY_TYPES, type AuditEvent } from "@/lib/api/audit";
import { useAuditEvents, type AuditFilters } from "@/lib/query/audit";
import { AuditChanges } from "./audit-changes";
import { AuditIcon } from "@/components/shell/icons";

const LIMIT = 50;
const ACTIONS = [
  "create",
  "update",
  "delete",
  "import",
  "grant",
  "revoke",
  "publish",
  "rollback",
  "finish",
  "interrupted",
];
const ACTION_TONE: Record<string, BadgeTone> = {
  create: "green",
  import: "green",
  grant: "green",
  update: "blue",
  delete: "red",
  revoke: "red",
  publish: "violet",
  rollback: "amber",
  finish: "violet",
  interrupted: "amber",
};

/**
 * `datetime-local` values carry no zone; they are read as UTC, the zone every time on the page is
 * shown in (lib/format/date.ts), so "From 18:10" means the 18:10 printed in the rows.
 */
const toIso = (local: string) => {
  const at = local ? new Date(`${local}Z`) : null;
  return at && !Number.isNaN(at.getTime()) ? at.toISOString() : undefined;
};

export function AuditList({ initial }: { initial: AuditFilters }) {
  const [actor, setActor] = useState(initial.actor ?? "");
  const [entity, setEntity] = useState(initial.entity ?? "");
  const [entityType, setEntityType] = useState(initial.entityType ?? "");
  const [action, setAction] = useState(initial.action ?? "");
  const [from, setFrom] = useState("");
  const [to, setTo] = useState("");
  const [offset, setOffset] = useState(0);
  const [open, setOpen] = useState<number | null>(null);
  // Strings, not an object: a new object each render would restart the debounce timer forever.
  const actorQuery = useDebounced(actor.trim());
  const entityQuery = useDebounced(entity.trim());
  const filters: AuditFilters = {
    actor: actorQuery || undefined,
    entity: entityQuery || undefined,
    entityType: entityType || undefined,
    action: action || undefined,
    from: toIso(from),
    to: toIso(to),
    limit: LIMIT,
    offset,
  };
  const events = useAuditEvents(filters);
  const filtered = Boolean(
    filters.actor || filters.entity || filters.entityType || filters.action || from || to,
  );
  const change =
    <T,>(set: (v: T) => void) =>
    (v: T) => {
      set(v);
      setOffset(0);
    };

  return (
    <div>
      <form
        role="search"
        aria-label="Filter the audit trail"
        className="mb-4 grid grid-cols-2 gap-3 lg:grid-cols-6"
        onSubmit={(e) => e.preventDefault()}
      >
        <Field id="audit-actor" label="Who">
          <Input
            id="audit-actor"
            placeholder="user or token"
            value={actor}
            onChange={(e) => change(setActor)(e.target.value)}
          />
        </Field>
        <Field id="audit-entity" label="Entity">
          <Input
            id="audit-entity"
            placeholder="name or id"
            value={entity}
            onChange={(e) => change(setEntity)(e.target.value)}
          />
        </Field>
        <Field id="audit-type" label="Entity type">
          <Select id="audit-type" value={entityType} onChange={(e) => change(setEntityType)(e.target.value)}>
            <option value="">All types</option>
            {AUDIT_ENTITY_TYPES.map((t) => (
              <option key={t} value={t}>
                {t}
              </option>
            ))}
          </Select>
        </Field>
        <Field id="audit-action" label="Action">
          <Select id="audit-action" value={action} onChange={(e) => change(setAction)(e.target.value)}>
            <option value="">All actions</option>
            {ACTIONS.map((a) => (
              <option key={a} value={a}>
                {a}
              </option>
            ))}
          </Select>
        </Field>
        <Field id="audit-from" label="From (UTC)">
          <Input
            id="audit-from"
            type="datetime-local"
            value={from}
            onChange={(e) => change(setFrom)(e.target.value)}
          />
        </Field>
        <Field id="audit-to" label="Until (UTC)">
          <Input
            id="audit-to"
            type="datetime-local"
            value={to}
            onChange={(e) => change(setTo)(e.target.value)}
          />
        </Field>
      </form>
      {events.isPending ? (
        <TableSkeleton columns={6} label="Loading the audit trail" />
      ) : events.isError ? (
        <Alert title="The audit trail couldn't be loaded">{events.error.message}</Alert>
      ) : events.data.items.length === 0 ? (
        <EmptyState
          icon={<AuditIcon className="size-5" />}
          title={filtered ? "No event matches these filters" : "Nothing recorded yet"}
          description={
            filtered
              ? "Widen the time range or clear a filter."
              : "Every change to zones, rovers, tenants, entitlements and settings, and every publish, is recorded here."
          }
        />
      ) : (
        <>
          <Table label="Audit events">
            <THead>
              <tr>
                <TH>When</TH>
                <TH>Who</TH>
                <TH>Action</TH>
                <TH>Entity</TH>
                <TH>Request</TH>
                <TH>
                  <span className="sr-only">Changes</span>
                </TH>
              </tr>
            </THead>
            <TBody>
              {events.data.items.map((event) => (
                <EventRow
                  key={event.id}
                  event={event}
                  open={open === event.id}
                  onToggle={() => setOpen(open === event.id ? null : event.id)}
                />
              ))}
            </TBody>
          </Table>
          <ListFooter
            offset={offset}
            limit={LIMIT}
            shown={events.data.items.length}
            total={events.data.total}
            onOffset={setOffset}
          />
        </>
      )}
    </div>
  );
}

function EventRow({ event, open, onToggle }: { event: AuditEvent; open: boolean; onToggle: () => void }) {
  const detailsId = `audit-event-${event.id}`;
  return (
    <Fragment>
      <TR>
        <TD className="whitespace-nowrap tabular-nums text-slate-600">
          <DateTime value={event.createdAt} />
        </TD>
        <TD className="max-w-48 truncate font-medium text-slate-900" title={event.actor}>
          {event.actor}
        </TD>
        <TD>
          <Badge tone={ACTION_TONE[event.action] ?? "neutral"}>{event.action}</Badge>
        </TD>
        <TD className="max-w-72">
          <span className="mr-2 text-xs uppercase tracking-wide text-slate-400">{event.entityType}</span>
          <span className="text-slate-900" title={event.entityKey}>
            {event.entityLabel}
          </span>
        </TD>
        <TD className="max-w-40 truncate">
          {event.requestId ? (
            <Mono title={event.requestId}>{event.requestId.slice(0, 8)}</Mono>
          ) : (
            <span className="text-xs text-slate-400">—</span>
          )}
        </TD>
        <TD className="w-28 text-right">
          <Button size="sm" aria-expanded={open} aria-controls={detailsId} onClick={onToggle}>
            {open ? "Hide" : "Changes"}
          </Button>
        </TD>
      </TR>
      {open ? (
        <tr id={detailsId} className="bg-slate-50/60">
          <td colSpan={6} className="px-4 py-3">
            <AuditChanges before={event.before} after={event.after} label={event.entityLabel} />
          </td>
        </tr>
      ) : null}
    </Fragment>
  );
}
