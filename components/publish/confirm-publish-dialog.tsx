"use client";

import { Button } from "@/components/ui/button";
import { Dialog } from "@/components/ui/dialog";
import type { PublishPreviewView } from "@/lib/publish/views";
import { PlanCounts } from "./publish-badges";

/** The last look before Kong changes: how many writes of which kind, to which zone. */
export function ConfirmPublishDialog({
  open,
  onClose,
  onConfirm,
  preview,
  pending,
  title,
  confirmLabel = "Publish",
}: {
  open: boolean;
  onClose: () => void;
  onConfirm: () => void;
  preview: PublishPreviewView;
  pending: boolean;
  title: string;
  confirmLabel?: string;
}) {
  const routes = preview.impact.added.length + preview.impact.changed.length + preview.impact.removed.length;
  const writes = preview.plan.summary.create + preview.plan.summary.update + preview.plan.summary.delete;
  return (
    <Dialog
      open={open}
      onClose={onClose}
      title={title}
      description={
        <>
          Switchyard will write to zone <span className="font-mono text-slate-700">{preview.zone}</span>
          &apos;s Kong, one publish at a time.
        </>
      }
      footer={
        <>
          <Button onClick={onClose}>Cancel</Button>
          <Button variant="primary" loading={pending} onClick={onConfirm}>
            {confirmLabel}
          </Button>
        </>
      }
    >
      <dl className="grid grid-cols-[auto_1fr] gap-x-6 gap-y-2 text-sm">
        <dt className="text-slate-500">Kong writes</dt>
        <dd>
          <span className="font-medium tabular-nums text-slate-900">{writes}</span> —{" "}
          <PlanCounts summary={preview.plan.summary} />
        </dd>
        <dt className="text-slate-500">Routes changed</dt>
        <dd className="tabular-nums text-slate-900">{routes}</dd>
        {preview.warnings.length > 0 ? (
          <>
            <dt className="text-slate-500">Warnings</dt>
            <dd className="text-amber-800">
              {preview.warnings.length} from the compiler (listed on the page)
            </dd>
          </>
        ) : null}
      </dl>
    </Dialog>
  );
}
