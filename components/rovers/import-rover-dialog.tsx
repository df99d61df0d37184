"use client";

import { Can } from "@/components/auth/can";
import { useRouter } from "next/navigation";
import { useId, useState } from "react";
import { UploadIcon } from "@/components/shell/icons";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { focusRing } from "@/components/ui/cn";
import { Dialog } from "@/components/ui/dialog";
import { Checkbox, Field, Textarea } from "@/components/ui/input";
import { toast } from "@/components/ui/toaster";
import { isApiError } from "@/lib/query/api";
import { useImportRover } from "@/lib/query/rovers";

const EXAMPLE = `apiVersion: switchyard/v1
kind: Rover
metadata:
  name: orders
  version: 1.4.2
spec:
  zone: eu-central
  failoverEnabled: false
  exposures:
    - basePath: /orders/v1
      upstreams:
        - url: http://orders.eu-central.internal:8080
          weight: 100
  subscriptions: []
`;

interface Problem {
  path: string;
  message: string;
  line?: number;
  column?: number;
}

/** The server names every problem by field and by line/column in the file. */
function problemsOf(error: unknown): Problem[] {
  if (!isApiError(error) || !Array.isArray(error.details)) return [];
  return error.details.flatMap((d: unknown) => {
    if (typeof d !== "object" || d === null) return [];
    const { path, message, line, column } = d as Record<string, unknown>;
    if (typeof message !== "string") return [];
    return [
      {
        path: typeof path === "string" ? path : "",
        message,
        line: typeof line === "number" ? line : undefined,
        column: typeof column === "number" ? column : undefined,
      },
    ];
  });
}

export function ImportRoverButton() {
  const [open, setOpen] = useState(false);
  return (
    <Can role="editor">
      <Button variant="secondary" icon={<UploadIcon />} onClick={() => setOpen(true)}>
        Import
      </Button>
      {open ? <ImportRoverDialog onClose={() => setOpen(false)} /> : null}
    </Can>
  );
}

function ImportRoverDialog({ onClose }: { onClose: () => void }) {
  const id = useId();
  const router = useRouter();
  const importRover = useImportRover();
  const [yaml, setYaml] = useState("");
  const [upsert, setUpsert] = useState(false);
  const [fileName, setFileName] = useState<string | null>(null);

  const error = importRover.error;
  const problems = problemsOf(error);
  const exists = isApiError(error) && error.status === 409;

  const submit = (replace: boolean) =>
    importRover.mutate(
      { yaml, upsert: replace },
      {
        onSuccess: (rover) => {
          toast.success(`Rover ${rover.name} ${rover.version} imported into ${rover.zone}`);
          onClose();
          router.push(`/rovers/${rover.id}`);
        },
      },
    );

  return (
    <Dialog
      open
      onClose={onClose}
      size="lg"
      title="Import a rover file"
      description="Paste a rover file (YAML) or upload one. It creates the rover, or replaces the one with the same name, version and zone."
      footer={
        <>
          <Button variant="secondary" onClick={onClose}>
            Cancel
          </Button>
          <Button
            variant="primary"
            loading={importRover.isPending}
            disabled={yaml.trim() === ""}
            onClick={() => submit(upsert)}
          >
            Import rover
          </Button>
        </>
      }
    >
      <div className="space-y-4">
        <div className="flex items-center justify-between gap-3">
          <label
            className={`inline-flex cursor-pointer items-center gap-2 rounded-md bg-white px-3 py-1.5 text-[13px] font-medium text-slate-700 shadow-sm ring-1 ring-inset ring-slate-300 hover:bg-slate-50 focus-within:ring-2 focus-within:ring-indigo-500 ${focusRing}`}
          >
            <UploadIcon />
            Upload file…
            <input
              type="file"
              accept=".yaml,.yml,text/yaml,application/yaml"
              className="sr-only"
              onChange={async (e) => {
                const file = e.target.files?.[0];
                if (!file) return;
                setYaml(await file.text());
                setFileName(file.name);
                importRover.reset();
              }}
            />
          </label>
          {fileName ? <span className="truncate font-mono text-xs text-slate-500">{fileName}</span> : null}
          <button
            type="button"
            className={`rounded text-[13px] text-indigo-600 hover:text-indigo-500 ${focusRing}`}
            onClick={() => {
              setYaml(EXAMPLE);
              setFileName(null);
              importRover.reset();
            }}
          >
            Insert example
          </button>
        </div>
        <Field
          id={`${id}-yaml`}
          label="Rover file (YAML)"
          error={problems.length === 0 && error && !exists ? error.message : undefined}
        >
          <Textarea
            id={`${id}-yaml`}
            value={yaml}
            onChange={(e) => {
              setYaml(e.target.value);
              if (importRover.error) importRover.reset();
            }}
            rows={14}
            spellCheck={false}
            mono
            placeholder={EXAMPLE}
            aria-invalid={problems.length > 0 || undefined}
            aria-describedby={problems.length ? `${id}-problems` : undefined}
          />
        </Field>
        <label className="flex items-center gap-2 text-[13px] text-slate-700">
          <Checkbox checked={upsert} onChange={(e) => setUpsert(e.target.checked)} />
          Replace the rover if it already exists
        </label>
        {exists ? (
          <Alert
            tone="warning"
            title="This rover already exists"
            action={
              <Button
                size="sm"
                variant="secondary"
                loading={importRover.isPending}
                onClick={() => submit(true)}
              >
                Replace it
              </Button>
            }
          >
            {error.message}
          </Alert>
        ) : null}
        {problems.length > 0 && !exists ? (
          <div
            id={`${id}-problems`}
            role="alert"
            className="rounded-md border border-red-200 bg-red-50 px-4 py-3 text-sm text-red-800"
          >
            <p className="font-medium">
              {problems.length === 1 ? "The file has a problem" : `The file has ${problems.length} problems`}
            </p>
            <ul className="mt-2 space-y-1" aria-label="Problems in the rover file">
              {problems.map((p, i) => (
                <li key={i} className="flex gap-2 text-[13px]">
                  {p.line !== undefined ? (
                    <span className="shrink-0 font-mono text-xs text-red-700/80">
                      line {p.line}
                      {p.column !== undefined ? `:${p.column}` : ""}
                    </span>
                  ) : null}
                  <span>
                    {p.path ? <span className="font-mono text-xs">{p.path}: </span> : null}
                    {p.message}
                  </span>
                </li>
              ))}
            </ul>
          </div>
        ) : null}
      </div>
    </Dialog>
  );
}
