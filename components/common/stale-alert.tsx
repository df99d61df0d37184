"use client";

import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";

/** A 412 on save: someone else saved first. Reloading discards the operator's edits, so it's their call. */
export function StaleAlert({ what, onReload, reloading }: { what: string; onReload: () => void; reloading?: boolean }) {
  return (
    <Alert
      tone="warning"
      title={`Someone else changed this ${what} while you were editing`}
      action={
        <Button size="sm" variant="secondary" onClick={onReload} loading={reloading}>
          Reload latest
        </Button>
      }
    >
      Your changes were not saved. Reload to see the current version, then apply your change again.
    </Alert>
  );
}
