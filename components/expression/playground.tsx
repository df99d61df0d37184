"use client";

import { useEffect, useId, useRef, useState } from "react";
import { buildContext, evaluate, predicates } from "@/lib/atc";
import { CopyButton } from "./copy-button";
import { ExpressionEditor, type ExpressionEditorHandle } from "./expression-editor";
import { ExpressionView } from "./expression-view";
import { errorAdvice } from "./error-hints";
import { traceEvaluation } from "./explain";
import { KongRequestView } from "./kong-request-view";
import { MatchResult } from "./match-result";
import { parseExpression } from "./parse-cache";
import { ParseTree } from "./parse-tree";
import { DEFAULT_STATE, EXAMPLES, requestOf, stateToQuery, type PlaygroundState } from "./playground-state";
import { RequestForm } from "./request-form";
import { RichText } from "./rich-text";
import { Badge, Button, Panel } from "./ui";

/** Everything on the page derives from one state object, mirrored into the URL for sharing. */
export function Playground({ initialState }: { initialState: PlaygroundState }) {
  const [state, setState] = useState(initialState);
  const [view, setView] = useState<"pretty" | "canonical">("pretty");
  const editor = useRef<ExpressionEditorHandle>(null);
  const id = useId();

  // All cheap (a few hundred characters, one request): derived on each render, no memo needed.
  const parsed = parseExpression(state.expression);
  const empty = state.expression.trim() === "";
  const request = requestOf(state);
  const ctx = buildContext(request);
  const result = parsed.ok ? evaluate(parsed.expr, ctx) : undefined;
  const trace = parsed.ok ? traceEvaluation(parsed.expr, ctx) : undefined;
  const usedFields = new Set(parsed.ok ? predicates(parsed.expr).map((p) => p.lhs.field) : []);
  const errors = parsed.ok || empty ? [] : parsed.errors;

  // Debounced so typing doesn't flood the history API; replaceState keeps Back meaning "leave the playground".
  useEffect(() => {
    const timer = setTimeout(() => {
      const query = stateToQuery(state);
      const url = query ? `${window.location.pathname}?${query}` : window.location.pathname;
      if (url !== `${window.location.pathname}${window.location.search}`) window.history.replaceState(null, "", url);
    }, 250);
    return () => clearTimeout(timer);
  }, [state]);

  const update = (patch: Partial<PlaygroundState>): void => setState((s) => ({ ...s, ...patch }));
  const loadExample = (example: (typeof EXAMPLES)[number]): void => {
    setState({ ...DEFAULT_STATE, ...example.request, expression: example.expression });
    editor.current?.focus();
  };

  return (
    <div className="grid items-start gap-6 xl:grid-cols-2">
      <div className="min-w-0 space-y-6">
        <Panel
          title="Expression"
          labelledBy={`${id}-expression`}
          description={
            <>
              Kong&rsquo;s router language. Press <kbd className="rounded border border-slate-200 bg-slate-50 px-1 font-mono text-[10px]">Ctrl</kbd>{" "}
              <kbd className="rounded border border-slate-200 bg-slate-50 px-1 font-mono text-[10px]">Space</kbd> for fields and operators.
            </>
          }
          actions={
            empty ? (
              <Badge>Empty</Badge>
            ) : parsed.ok ? (
              <Badge tone="success">Valid</Badge>
            ) : (
              <Badge tone="danger">
                {errors.length} {errors.length === 1 ? "error" : "errors"}
              </Badge>
            )
          }
        >
          <ExpressionEditor
            ref={editor}
            value={state.expression}
            onChange={(expression) => update({ expression })}
            label="Expression"
            describedBy={errors.length ? `${id}-errors` : undefined}
            invalid={errors.length > 0}
            placeholder='(http.path == "/capabilities" && http.headers.x_okapi_tenant == "diku")'
            minHeight="132px"
          />
          {errors.length > 0 && (
            <div id={`${id}-errors`} className="mt-3 rounded-lg border border-rose-200 bg-rose-50/60" role="region" aria-label="Expression errors">
              <ol className="divide-y divide-rose-100" aria-live="polite">
                {errors.map((e, i) => {
                  const advice = errorAdvice(e, state.expression);
                  const fix = advice?.fix;
                  return (
                    <li key={`${e.span.start}-${i}`} className="flex items-start gap-2 pr-2">
                      <button
                        type="button"
                        onClick={() => editor.current?.select(e.span.start, e.span.end)}
                        className="flex min-w-0 flex-1 items-baseline gap-3 px-3 py-2 text-left text-sm hover:bg-rose-50 focus-visible:outline-2 focus-visible:-outline-offset-2 focus-visible:outline-rose-500"
                      >
                        <span className="shrink-0 font-mono text-xs text-rose-700 tabular-nums">
                          {e.start.line}:{e.start.column}
                        </span>
                        <span className="shrink-0 rounded bg-white px-1.5 text-[11px] font-medium text-rose-700 ring-1 ring-rose-200">{e.code}</span>
                        <span className="min-w-0 text-slate-800">
                          {e.message}
                          {advice && (
                            <span className="mt-0.5 block text-xs text-slate-600">
                              <RichText text={advice.hint} />
                            </span>
                          )}
                        </span>
                      </button>
                      {fix && (
                        <Button
                          size="xs"
                          className="mt-1.5 shrink-0"
                          onClick={() =>
                            update({ expression: state.expression.slice(0, fix.from) + fix.insert + state.expression.slice(fix.to) })
                          }
                        >
                          Use <span className="font-mono">{fix.insert}</span>
                        </Button>
                      )}
                    </li>
                  );
                })}
              </ol>
            </div>
          )}
          <div className="mt-4 flex flex-wrap items-center gap-2">
            <span className="text-xs text-slate-500">Examples</span>
            {EXAMPLES.map((example) => (
              <Button key={example.name} variant="secondary" size="xs" onClick={() => loadExample(example)}>
                {example.name}
              </Button>
            ))}
          </div>
        </Panel>

        <Panel
          title="How Kong reads it"
          labelledBy={`${id}-reads`}
          description={
            <>
              Re-printed from the parse tree with every group in parentheses: in Kong <code className="font-mono">||</code> binds tighter than{" "}
              <code className="font-mono">&amp;&amp;</code>.
            </>
          }
          actions={
            parsed.ok ? (
              <div role="group" aria-label="Layout" className="inline-flex rounded-md bg-slate-100 p-0.5 text-xs">
                {(["pretty", "canonical"] as const).map((v) => (
                  <button
                    key={v}
                    type="button"
                    aria-pressed={view === v}
                    onClick={() => setView(v)}
                    className={`rounded px-2 py-1 font-medium capitalize focus-visible:outline-2 focus-visible:outline-sky-600 ${view === v ? "bg-white text-slate-900 shadow-xs" : "text-slate-500 hover:text-slate-800"}`}
                  >
                    {v}
                  </button>
                ))}
              </div>
            ) : undefined
          }
        >
          {parsed.ok ? (
            <div className="space-y-4">
              <ExpressionView expression={parsed.expr} layout={view} wrap label={view === "pretty" ? "Pretty-printed expression" : "Canonical expression"} />
              <details open className="group/tree rounded-lg border border-slate-200">
                <summary className="flex cursor-pointer list-none items-center gap-2 px-3 py-2 text-sm font-medium text-slate-800 select-none hover:bg-slate-50 focus-visible:outline-2 focus-visible:outline-sky-600 [&::-webkit-details-marker]:hidden">
                  <svg viewBox="0 0 16 16" aria-hidden="true" className="size-3 text-slate-400 transition-transform group-open/tree:rotate-90" fill="currentColor">
                    <path d="M6 4l4 4-4 4z" />
                  </svg>
                  Parse tree
                  <span className="font-normal text-slate-500">— marked with how the test request fared</span>
                </summary>
                <div className="border-t border-slate-100 px-2 py-2">
                  <ParseTree expr={parsed.expr} trace={trace} failedPath={result?.failedAt?.path} />
                </div>
              </details>
            </div>
          ) : (
            <EmptyState
              title={empty ? "Nothing to read yet" : "Fix the errors to see Kong’s reading"}
              body={empty ? "Write an expression above or start from an example." : "The canonical form and the parse tree appear as soon as the expression parses."}
            />
          )}
        </Panel>
      </div>

      <div className="min-w-0 space-y-6">
        <Panel title="Test request" labelledBy={`${id}-request`} description="What a client sends to the gateway.">
          <RequestForm value={state} onChange={update} />
        </Panel>

        <Panel title="Answer" labelledBy={`${id}-answer`} actions={result ? undefined : <Badge>Waiting for a valid expression</Badge>}>
          <div aria-live="polite">
            {parsed.ok && result ? (
              <MatchResult expr={parsed.expr} result={result} />
            ) : (
              <EmptyState
                title={empty ? "No expression to test" : "The expression doesn’t parse yet"}
                body={
                  empty
                    ? "Write one, or load an example to see the answer and why."
                    : `Fix the ${errors.length === 1 ? "error" : `${errors.length} errors`} listed under the editor; the answer updates as you type.`
                }
              />
            )}
          </div>
        </Panel>

        <Panel
          title="Request as Kong sees it"
          labelledBy={`${id}-sees`}
          description={
            <>
              Host without port, normalized path, header names lower-cased with <code className="font-mono">-</code> →{" "}
              <code className="font-mono">_</code>. <span className="inline-block size-1.5 rounded-full bg-sky-500 align-middle" aria-hidden="true" /> read by the
              expression.
            </>
          }
        >
          <KongRequestView request={request} ctx={ctx} usedFields={usedFields} />
        </Panel>
      </div>
      <div className="xl:col-span-2 flex items-center justify-end gap-2 text-xs text-slate-500">
        The page address holds the expression and the request.
        <CopyButton getText={() => window.location.href} label="Copy link" copiedLabel="Link copied" />
      </div>
    </div>
  );
}

function EmptyState({ title, body }: { title: string; body: string }) {
  return (
    <div className="rounded-lg border border-dashed border-slate-200 bg-slate-50/50 px-4 py-6 text-center">
      <p className="text-sm font-medium text-slate-700">{title}</p>
      <p className="mt-1 text-sm text-slate-500">{body}</p>
    </div>
  );
}
