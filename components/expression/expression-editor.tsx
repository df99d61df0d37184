"use client";

import { EditorSelection } from "@codemirror/state";
import { EditorView } from "@codemirror/view";
import CodeMirror from "@uiw/react-codemirror";
import clsx from "clsx";
import { useImperativeHandle, useMemo, useRef, useState, type Ref } from "react";
import type { ParseResult } from "@/lib/atc";
import { HighlightedText } from "./highlighted-text";
import { kongExpression } from "./kong-language";
import { parseExpression } from "./parse-cache";

export interface ExpressionEditorHandle {
  focus(): void;
  /** Puts the cursor (or a selection) at UTF-16 offsets, scrolls there and focuses the editor. */
  select(from: number, to?: number): void;
}

export interface ExpressionEditorProps {
  value: string;
  /** Called on every edit with the text and its parse result (errors carry spans and line/column). */
  onChange?: (text: string, result: ParseResult) => void;
  /** Accessible name of the editing area. */
  label?: string;
  /** Id of an element describing the editor (hint or error summary). */
  describedBy?: string;
  placeholder?: string;
  readOnly?: boolean;
  lineNumbers?: boolean;
  /** Inline error markers and hover messages (default true). */
  lint?: boolean;
  /** Completion of fields, operators, transforms and values (default true). */
  complete?: boolean;
  minHeight?: string;
  maxHeight?: string;
  autoFocus?: boolean;
  /** Red border, e.g. while the text doesn't parse. */
  invalid?: boolean;
  className?: string;
  ref?: Ref<ExpressionEditorHandle>;
}

/** Editable Kong expression with highlighting, inline errors and completion. */
export function ExpressionEditor({
  value,
  onChange,
  label = "Expression",
  describedBy,
  placeholder,
  readOnly = false,
  lineNumbers = true,
  lint = true,
  complete = true,
  minHeight = "120px",
  maxHeight = "360px",
  autoFocus = false,
  invalid = false,
  className,
  ref,
}: ExpressionEditorProps) {
  const viewRef = useRef<EditorView | null>(null);
  const [ready, setReady] = useState(false);

  useImperativeHandle(
    ref,
    () => ({
      focus: () => viewRef.current?.focus(),
      select: (from, to = from) => {
        const view = viewRef.current;
        if (!view) return;
        const len = view.state.doc.length;
        view.dispatch({ selection: EditorSelection.range(Math.min(from, len), Math.min(to, len)), scrollIntoView: true });
        view.focus();
      },
    }),
    [],
  );

  const extensions = useMemo(
    () => [
      kongExpression({ lint, complete }),
      EditorView.lineWrapping,
      EditorView.contentAttributes.of({
        "aria-label": label,
        ...(describedBy ? { "aria-describedby": describedBy } : {}),
        spellcheck: "false",
        autocapitalize: "off",
        autocorrect: "off",
      }),
    ],
    [lint, complete, label, describedBy],
  );

  return (
    <div
      className={clsx(
        "overflow-hidden rounded-lg border bg-white transition-shadow focus-within:ring-3",
        invalid ? "border-rose-300 focus-within:ring-rose-500/15" : "border-slate-300 focus-within:border-sky-500 focus-within:ring-sky-500/15",
        className,
      )}
    >
      <CodeMirror
        value={value}
        onChange={(text) => onChange?.(text, parseExpression(text))}
        onCreateEditor={(view) => {
          viewRef.current = view;
          setReady(true);
        }}
        extensions={extensions}
        theme="none"
        placeholder={placeholder}
        readOnly={readOnly}
        editable={!readOnly}
        autoFocus={autoFocus}
        minHeight={minHeight}
        maxHeight={maxHeight}
        // Tab moves focus on, as everywhere else on the page; completion is accepted with Enter.
        indentWithTab={false}
        basicSetup={{
          lineNumbers,
          foldGutter: false,
          highlightActiveLine: false,
          highlightActiveLineGutter: lineNumbers,
          autocompletion: false,
          closeBrackets: true,
          bracketMatching: true,
          searchKeymap: false,
          highlightSelectionMatches: false,
          crosshairCursor: false,
          rectangularSelection: false,
        }}
      />
      {!ready && (
        // Until CodeMirror mounts on the client, show the same text highlighted so the page doesn't jump.
        <pre
          aria-hidden="true"
          style={{ minHeight }}
          className={clsx(
            "pointer-events-none overflow-hidden bg-white py-2.5 pr-3 font-mono text-[13px] leading-[1.65] whitespace-pre-wrap text-slate-900",
            lineNumbers ? "pl-[34px]" : "pl-3",
          )}
        >
          {value ? <HighlightedText text={value} /> : <span className="text-slate-400">{placeholder}</span>}
        </pre>
      )}
    </div>
  );
}
