"use client";

import { useId, useState } from "react";
import { UploadIcon } from "@/components/shell/icons";
import { Alert } from "@/components/ui/alert";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { focusRing } from "@/components/ui/cn";
import { Dialog } from "@/components/ui/dialog";
import { Checkbox, Field, Select, Textarea } from "@/components/ui/input";
import { toast } from "@/components/ui/toaster";
import type { Endpoint } from "@/lib/import/endpoints";
import type { EndpointPreview } from "@/lib/import/preview";
import { isApiError } from "@/lib/query/api";
import { usePreviewEndpoints } from "@/lib/query/endpoint-import";

export interface ImportEndpointsProps {
  /** The exposure's base path as the form holds it; documents' paths are read under it. */
  basePath: string;
  current: Endpoint[];
  /** Replaces the exposure's endpoints; `module` is a FOLIO descriptor's name and version when the operator asked to fill them. */
  onApply: (endpoints: Endpoint[], module: { name: string; version: string } | null) => void;
  /** Creating a rover: a FOLIO descriptor's id may fill the rover's name and version. */
  canFillIdentity?: boolean;
}

type Format = "auto" | "openapi" | "folio";

interface Problem {
  file?: string;
  line?: number;
  column?: number;
  message: string;
}

function problemsOf(error: unknown): Problem[] {
  if (!isApiError(error) || !Array.isArray(error.details)) return [];
  return error.details.flatMap((d: unknown) => {
    if (typeof d !== "object" || d === null) return [];
    const { file, line, column, message, path } = d as Record<string, unknown>;
    if (typeof message !== "string") return [];
    return [
      {
        file: typeof file === "string" ? file : typeof path === "string" ? path : undefined,
        line: typeof line === "number" ? line : undefined,
        column: typeof column === "number" ? column : undefined,
        message,
      },
    ];
  });
}

const endpointText = (e: Endpoint) => `${e.methods.join(" ")} ${e.path}`;

export function ImportEndpointsButton(props: ImportEndpointsProps) {
  const [open, setOpen] = useState(false);
  return (
    <>
      <Button size="sm" variant="ghost" icon={<UploadIcon />} onClick={() => setOpen(true)}>
        Import endpoints
      </Button>
      {open ? <ImportEndpointsDialog {...props} onClose={() => setOpen(false)} /> : null}
    </>
  );
}

function ImportEndpointsDialog({
  basePath,
  current,
  onApply,
  canFillIdentity,
  onClose,
}: ImportEndpointsProps & { onClose: () => void }) {
  const id = useId();
  const preview = usePreviewEndpoints();
  const [format, setFormat] = useState<Format>("auto");
  const [files, setFiles] = useState<{ name: string; text: string }[]>([]);
  const [pasted, setPasted] = useState("");
  const [includeSystem, setIncludeSystem] = useState(false);
  const [fillIdentity, setFillIdentity] = useState(true);
  const result: EndpointPreview | undefined = preview.data;
  const problems = problemsOf(preview.error);

  const upload = files.length ? files : pasted.trim() ? [{ name: "pasted document", text: pasted }] : [];
  const run = () => preview.mutate({ format, files: upload, basePath, current, includeSystem });
  const changed = () => preview.reset();

  const apply = () => {
    if (!result) return;
    const identity = canFillIdentity && fillIdentity && result.module ? result.module : null;
    onApply(result.result, identity);
    toast.success(
      `${result.result.length} endpoint${result.result.length === 1 ? "" : "s"} set on ${basePath}; save the rover to keep them`,
    );
    onClose();
  };

  return (
    <Dialog
      open
      onClose={onClose}
      size="lg"
      title={`Import endpoints into ${basePath || "this exposure"}`}
      description="Upload an OpenAPI document (Swagger 2.0, OpenAPI 3.0 or 3.1; several files if it $refs others) or a FOLIO module descriptor, or paste one. You see what changes before anything is applied; the rover is saved with Save."
      footer={
        <>
          <Button variant="secondary" onClick={onClose}>
            Cancel
          </Button>
          {result ? (
            <Button variant="primary" onClick={apply}>
              Apply {result.result.length} endpoint{result.result.length === 1 ? "" : "s"}
            </Button>
          ) : (
            <Button variant="primary" loading={preview.isPending} disabled={upload.length === 0} onClick={run}>
              Preview
            </Button>
          )}
        </>
      }
    >
      <div className="space-y-4">
        <div className="flex flex-wrap items-end gap-3">
          <Field id={`${id}-format`} label="Format">
            <Select
              id={`${id}-format`}
              value={format}
              onChange={(e) => {
                setFormat(e.target.value as Format);
                changed();
              }}
            >
              <option value="auto">Detect from the document</option>
              <option value="openapi">OpenAPI / Swagger</option>
              <option value="folio">FOLIO module descriptor</option>
            </Select>
          </Field>
          <label
            className={`inline-flex h-9 cursor-pointer items-center gap-2 rounded-md bg-white px-3 text-[13px] font-medium text-slate-700 shadow-sm ring-1 ring-inset ring-slate-300 hover:bg-slate-50 focus-within:ring-2 focus-within:ring-indigo-500 ${focusRing}`}
          >
            <UploadIcon />
            Upload files…
            <input
              type="file"
              multiple
              accept=".yaml,.yml,.json,application/json,text/yaml,application/yaml"
              className="sr-only"
              aria-label="Document files"
              onChange={async (e) => {
                const list = [...(e.target.files ?? [])];
                // A split OpenAPI document's $refs name files relative to each other: keep the
                // folder the browser reports (webkitRelativePath) when there is one.
                setFiles(
                  await Promise.all(
                    list.map(async (f) => ({ name: f.webkitRelativePath || f.name, text: await f.text() })),
                  ),
                );
                changed();
              }}
            />
          </label>
          {files.length ? (
            <span className="min-w-0 truncate font-mono text-xs text-slate-500">{files.map((f) => f.name).join(", ")}</span>
          ) : null}
        </div>
        {files.length === 0 ? (
          <Field id={`${id}-text`} label="Or paste a document (JSON or YAML)">
            <Textarea
              id={`${id}-text`}
              value={pasted}
              onChange={(e) => {
                setPasted(e.target.value);
                changed();
              }}
              rows={8}
              spellCheck={false}
              mono
            />
          </Field>
        ) : null}
        <label className="flex items-center gap-2 text-[13px] text-slate-700">
          <Checkbox
            checked={includeSystem}
            onChange={(e) => {
              setIncludeSystem(e.target.checked);
              changed();
            }}
          />
          Include FOLIO system interfaces (_tenant, _timer, …; the platform calls them, clients don&apos;t)
        </label>

        {preview.error ? (
          <Alert title="The document can't be imported">
            <p>{preview.error.message}</p>
            {problems.length > 1 ? (
              <ul className="mt-2 space-y-1">
                {problems.slice(1).map((p, i) => (
                  <li key={i} className="text-[13px]">
                    {p.file ? <span className="font-mono text-xs">{p.file}{p.line !== undefined ? `:${p.line}:${p.column ?? 1}` : ""}: </span> : null}
                    {p.message}
                  </li>
                ))}
              </ul>
            ) : null}
          </Alert>
        ) : null}

        {result ? <PreviewResult result={result} fill={canFillIdentity ? { on: fillIdentity, set: setFillIdentity } : null} /> : null}
      </div>
    </Dialog>
  );
}

function PreviewResult({
  result,
  fill,
}: {
  result: EndpointPreview;
  fill: { on: boolean; set: (on: boolean) => void } | null;
}) {
  const sections = [
    { title: "Added", tone: "green", items: result.added.map(endpointText) },
    {
      title: "Changed",
      tone: "amber",
      items: result.changed.map((c) => `${c.path}: ${c.before.join(" ")} → ${c.after.join(" ")}`),
    },
    { title: "Removed", tone: "red", items: result.removed.map(endpointText) },
    { title: "Unchanged", tone: "neutral", items: result.unchanged.map(endpointText) },
  ] as const;
  return (
    <section aria-label="Import preview" className="space-y-3">
      <p className="text-[13px] text-slate-600">
        {result.source}
        {result.title ? ` · ${result.title}` : ""}
      </p>
      {fill && result.module ? (
        <label className="flex items-center gap-2 text-[13px] text-slate-700">
          <Checkbox checked={fill.on} onChange={(e) => fill.set(e.target.checked)} />
          Fill application name and version: <span className="font-mono">{result.module.name} {result.module.version}</span>
        </label>
      ) : null}
      {sections.map((s) =>
        s.items.length ? (
          <div key={s.title}>
            <h3 className="mb-1 flex items-center gap-2 text-[13px] font-medium text-slate-700">
              {s.title} <Badge tone={s.tone}>{s.items.length}</Badge>
            </h3>
            <ul aria-label={`${s.title} endpoints`} className="space-y-0.5 font-mono text-xs text-slate-700">
              {s.items.map((item) => (
                <li key={item}>{item}</li>
              ))}
            </ul>
          </div>
        ) : null,
      )}
      {result.problems.length ? (
        <div>
          <h3 className="mb-1 flex items-center gap-2 text-[13px] font-medium text-slate-700">
            Not imported as written <Badge tone="amber">{result.problems.length}</Badge>
          </h3>
          <ul aria-label="Not imported as written" className="space-y-1 text-[13px] text-slate-700">
            {result.problems.map((p, i) => (
              <li key={i}>
                {p.where ? <span className="font-mono text-xs">{p.where}: </span> : null}
                {p.message}
              </li>
            ))}
          </ul>
        </div>
      ) : null}
    </section>
  );
}
