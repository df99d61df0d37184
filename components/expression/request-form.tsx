import { useId } from "react";
import { Select } from "@/components/ui/input";
import { METHODS, type HeaderRow, type PlaygroundState } from "./playground-state";
import { Button, inputClass } from "./ui";

const COMMON_HEADERS = ["x-okapi-tenant", "x-okapi-token", "host", "user-agent", "accept", "content-type", "authorization"];

type RequestFields = Pick<PlaygroundState, "method" | "scheme" | "host" | "path" | "headers">;

/** The test request: method, scheme, host, target and header rows. */
export function RequestForm({ value, onChange }: { value: RequestFields; onChange: (patch: Partial<RequestFields>) => void }) {
  const id = useId();
  const setHeader = (index: number, patch: Partial<HeaderRow>): void =>
    onChange({ headers: value.headers.map((h, i) => (i === index ? { ...h, ...patch } : h)) });
  const methods = (METHODS as readonly string[]).includes(value.method) ? METHODS : [value.method, ...METHODS];

  return (
    <div className="space-y-4">
      <div className="grid grid-cols-2 gap-3 sm:grid-cols-[7.5rem_6.5rem_1fr]">
        <label className="block">
          <span className="mb-1 block text-xs font-medium text-slate-600">Method</span>
          <Select value={value.method} onChange={(e) => onChange({ method: e.target.value })}>
            {methods.map((m) => (
              <option key={m}>{m}</option>
            ))}
          </Select>
        </label>
        <label className="block">
          <span className="mb-1 block text-xs font-medium text-slate-600">Scheme</span>
          <Select value={value.scheme} onChange={(e) => onChange({ scheme: e.target.value === "http" ? "http" : "https" })}>
            <option>https</option>
            <option>http</option>
          </Select>
        </label>
        <label className="col-span-2 block sm:col-span-1">
          <span className="mb-1 block text-xs font-medium text-slate-600">Host</span>
          <input
            className={`${inputClass} font-mono text-[13px]`}
            value={value.host}
            placeholder="folio.example.org:8443"
            spellCheck={false}
            autoComplete="off"
            onChange={(e) => onChange({ host: e.target.value })}
          />
        </label>
      </div>
      <label className="block">
        <span className="mb-1 block text-xs font-medium text-slate-600">Path and query</span>
        <input
          className={`${inputClass} font-mono text-[13px]`}
          value={value.path}
          placeholder="/capabilities?limit=10"
          spellCheck={false}
          autoComplete="off"
          onChange={(e) => onChange({ path: e.target.value })}
        />
      </label>
      <fieldset>
        <legend className="mb-1 flex w-full items-baseline justify-between text-xs font-medium text-slate-600">
          Headers
          <span className="font-normal text-slate-400">Rows without a value aren&rsquo;t sent</span>
        </legend>
        <datalist id={`${id}-header-names`}>
          {COMMON_HEADERS.map((h) => (
            <option key={h} value={h} />
          ))}
        </datalist>
        <ul className="space-y-2">
          {value.headers.map((row, i) => {
            const name = row.name.trim() || `header ${i + 1}`;
            return (
              <li key={i} className="grid grid-cols-[minmax(0,2fr)_minmax(0,3fr)_auto] items-center gap-2">
                <input
                  aria-label={`Name of header ${i + 1}`}
                  className={`${inputClass} font-mono text-[13px]`}
                  value={row.name}
                  list={`${id}-header-names`}
                  placeholder="x-okapi-tenant"
                  spellCheck={false}
                  autoComplete="off"
                  onChange={(e) => setHeader(i, { name: e.target.value })}
                />
                <input
                  aria-label={`Value of ${name}`}
                  className={`${inputClass} font-mono text-[13px]`}
                  value={row.value}
                  placeholder="value"
                  spellCheck={false}
                  autoComplete="off"
                  onChange={(e) => setHeader(i, { value: e.target.value })}
                />
                <button
                  type="button"
                  aria-label={`Remove ${name}`}
                  className="inline-flex size-9 items-center justify-center rounded-md text-slate-400 hover:bg-slate-100 hover:text-slate-700 focus-visible:outline-2 focus-visible:outline-sky-600"
                  onClick={() => onChange({ headers: value.headers.filter((_, j) => j !== i) })}
                >
                  <svg viewBox="0 0 16 16" aria-hidden="true" className="size-4" fill="none" stroke="currentColor" strokeWidth="1.75">
                    <path d="M4.5 4.5l7 7m0-7l-7 7" strokeLinecap="round" />
                  </svg>
                </button>
              </li>
            );
          })}
        </ul>
        <Button variant="ghost" size="xs" className="mt-2" onClick={() => onChange({ headers: [...value.headers, { name: "", value: "" }] })}>
          <span aria-hidden="true">+</span> Add header
        </Button>
      </fieldset>
    </div>
  );
}
