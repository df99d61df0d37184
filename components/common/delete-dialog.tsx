"use client";

import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Dialog } from "@/components/ui/dialog";
import { referencesOf, type ReferenceGroup } from "@/lib/query/api";

export interface DeleteDialogProps {
  open: boolean;
  onClose: () => void;
  /** "zone", "tenant", "rover" */
  kind: string;
  name: string;
  consequence?: string;
  pending: boolean;
  error: unknown;
  onDelete: (cascade: boolean) => void;
  /** How one referencing item reads in the list ("orders 1.4.2"). */
  describe?: (group: ReferenceGroup, item: Record<string, unknown>) => string;
  /** What the cascade also removes ("its 3 rovers"). */
  cascadeNoun?: (groups: ReferenceGroup[]) => string;
}

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? "" : "s"}`;

/**
 * Asks before deleting. When the server refuses because something still references the entity
 * (409), it says what, and offers the cascade explicitly — the operator decides, never a default.
 */
export function DeleteDialog({ open, onClose, kind, name, consequence, pending, error, onDelete, describe, cascadeNoun }: DeleteDialogProps) {
  const references = referencesOf(error);
  const blocked = references.length > 0;
  const total = references.reduce((n, g) => n + g.count, 0);
  const noun = cascadeNoun?.(references) ?? references.map((g) => plural(g.count, g.kind.replace(/s$/, ""))).join(" and ");
  return (
    <Dialog
      open={open}
      onClose={onClose}
      size="md"
      title={blocked ? `${capitalize(kind)} ${name} is still in use` : `Delete ${kind} ${name}?`}
      description={blocked ? `It is referenced by ${plural(total, "record")}. Delete those too, or keep the ${kind}.` : consequence ?? "This can't be undone."}
      footer={
        <>
          <Button variant="secondary" onClick={onClose} autoFocus>
            Cancel
          </Button>
          {blocked ? (
            <Button variant="danger" loading={pending} onClick={() => onDelete(true)}>
              Delete {kind} and {noun}
            </Button>
          ) : (
            <Button variant="danger" loading={pending} onClick={() => onDelete(false)}>
              Delete {kind}
            </Button>
          )}
        </>
      }
    >
      {blocked ? (
        <div className="space-y-3">
          {references.map((group) => (
            <div key={group.kind}>
              <h3 className="mb-1.5 text-xs font-medium uppercase tracking-wide text-slate-500">{capitalize(group.kind)}</h3>
              <ul aria-label={`Referencing ${group.kind}`} className="divide-y divide-slate-100 rounded-md border border-slate-200">
                {group.items.map((item, i) => (
                  <li key={i} className="px-3 py-2 font-mono text-[12.5px] text-slate-700">
                    {describe ? describe(group, item) : String(item.name ?? item.id ?? "")}
                  </li>
                ))}
                {group.count > group.items.length ? <li className="px-3 py-2 text-xs text-slate-500">…and {group.count - group.items.length} more</li> : null}
              </ul>
            </div>
          ))}
        </div>
      ) : error ? (
        <Alert tone="error" title="Couldn't delete">
          {error instanceof Error ? error.message : "Something went wrong"}
        </Alert>
      ) : null}
    </Dialog>
  );
}

const capitalize = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);
