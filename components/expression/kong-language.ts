import {
  autocompletion,
  snippetCompletion,
  type Completion,
  type CompletionContext,
  type CompletionResult,
} from "@codemirror/autocomplete";
import { linter, type Diagnostic } from "@codemirror/lint";
import { RangeSetBuilder, type Extension, type Text } from "@codemirror/state";
import { Decoration, EditorView, ViewPlugin, type DecorationSet, type ViewUpdate } from "@codemirror/view";
import { fieldType, HTTP_FIELDS, tokenize, type FieldType, type Token } from "@/lib/atc";
import { errorAdvice } from "./error-hints";
import { parseExpression } from "./parse-cache";
import { styledRuns, TOKEN_CLASS, type TokenStyle } from "./token-style";

// ---- highlighting ----

const marks = new Map<TokenStyle, Decoration>();
const markFor = (style: TokenStyle): Decoration => {
  let mark = marks.get(style);
  if (!mark) {
    mark = Decoration.mark({ class: `cm-kong-${style} ${TOKEN_CLASS[style]}` });
    marks.set(style, mark);
  }
  return mark;
};

function decorate(doc: Text): DecorationSet {
  const builder = new RangeSetBuilder<Decoration>();
  for (const run of styledRuns(doc.toString())) builder.add(run.from, run.to, markFor(run.style));
  return builder.finish();
}

/**
 * Highlighting straight from `lib/atc`'s tokenizer rather than a second grammar: the tokenizer's
 * boundaries follow the parser's lexical rules, so the colours can never disagree with what Kong
 * accepts. Expressions are short, so the whole document is re-tokenized on each change; a raw
 * string spanning lines needs no incremental state.
 */
const kongHighlighter = ViewPlugin.fromClass(
  class {
    decorations: DecorationSet;
    constructor(view: EditorView) {
      this.decorations = decorate(view.state.doc);
    }
    update(update: ViewUpdate): void {
      if (update.docChanged) this.decorations = decorate(update.state.doc);
    }
  },
  { decorations: (plugin) => plugin.decorations },
);

// ---- linting ----

const CODE_LABEL = { syntax: "Syntax", literal: "Value", type: "Type", unsupported: "Unsupported" } as const;

/** Every error `parse` reports, at its own position (Kong's editor marks type errors on the whole text). */
export function expressionDiagnostics(text: string): Diagnostic[] {
  const result = parseExpression(text);
  if (result.ok) return [];
  // An empty editor isn't an error worth a red marker; the page says what to do instead.
  if (text.trim() === "") return [];
  return result.errors.map((e): Diagnostic => {
    const advice = errorAdvice(e, text);
    const fix = advice?.fix;
    return {
      from: Math.min(e.span.start, text.length),
      to: Math.min(Math.max(e.span.end, e.span.start), text.length),
      // Switchyard-only limits are warnings: Kong itself would accept the text.
      severity: e.code === "unsupported" ? "warning" : "error",
      source: CODE_LABEL[e.code],
      // Kong's wording first (people search for it), then what to do about it.
      message: [e.message, advice?.hint.replaceAll("`", "")].filter(Boolean).join("\n"),
      actions: fix
        ? [{ name: `Use ${fix.insert}`, apply: (view) => view.dispatch({ changes: { from: fix.from, to: fix.to, insert: fix.insert } }) }]
        : undefined,
    };
  });
}

const kongLinter = linter((view) => expressionDiagnostics(view.state.doc.toString()), { delay: 200 });

// ---- completion ----

/** Header and query fields people actually write here; the wildcard entries stay open-ended. */
const EXTRA_FIELDS: Completion[] = [
  { label: "http.headers.x_okapi_tenant", detail: "String", info: "The x-okapi-tenant header (FOLIO tenant)" },
  { label: "http.headers.host", detail: "String", info: "The Host header as sent, port included" },
  { label: "http.headers.user_agent", detail: "String" },
  { label: "http.headers.content_type", detail: "String" },
  { label: "http.headers.authorization", detail: "String" },
  { label: "http.headers.", detail: "String", info: "Any request header: lower case, `-` written as `_`" },
  { label: "http.queries.", detail: "String", info: "A query argument, by its name as sent" },
  { label: "http.path.segments.0", detail: "String", info: "The first path segment; `…segments.0_2` joins segments 0 to 2" },
  { label: "http.path.segments.1", detail: "String" },
];

const FIELD_INFO: Record<string, string> = {
  "http.host": "Host header without its port",
  "http.path": "Normalized path, query removed",
  "http.method": "Request method, case-sensitive",
  "net.protocol": "http or https",
  "tls.sni": "TLS server name",
  "http.path.segments.len": "Number of path segments",
};

const FIELD_COMPLETIONS: Completion[] = [
  ...Object.entries(HTTP_FIELDS)
    .filter(([name]) => !name.endsWith(".*"))
    .map(([name, type]): Completion => ({ label: name, detail: type, info: FIELD_INFO[name], type: "variable", boost: 1 })),
  ...EXTRA_FIELDS.map((c): Completion => ({ ...c, type: "variable" })),
];

const TRANSFORM_COMPLETIONS: Completion[] = [
  snippetCompletion("lower(${field})", { label: "lower", detail: "transform", info: "Compare the lower-cased value", type: "function" }),
  snippetCompletion("any(${field})", { label: "any", detail: "transform", info: "Match when any one of several values passes", type: "function" }),
];

const OPERATOR_INFO: Record<string, string> = {
  "==": "equals",
  "!=": "differs (false when the field has no value)",
  "^=": "starts with",
  "=^": "ends with",
  contains: "contains",
  "~": "regex, Rust syntax, unanchored",
  ">": "greater than",
  ">=": "at least",
  "<": "less than",
  "<=": "at most",
  in: "inside the CIDR",
  "not in": "outside the CIDR",
};

const OPERATORS_BY_TYPE: Record<FieldType, string[]> = {
  String: ["==", "!=", "^=", "=^", "contains", "~"],
  Int: ["==", "!=", ">", ">=", "<", "<="],
  IpAddr: ["==", "!=", "in", "not in"],
  IpCidr: ["==", "!=", "in", "not in"],
};

const operatorCompletions = (type: FieldType | undefined): Completion[] =>
  // Boosted in declaration order: the list reads most common first, not alphabetically.
  (type ? OPERATORS_BY_TYPE[type] : OPERATORS_BY_TYPE.String).map((op, i) => ({ label: op, detail: OPERATOR_INFO[op], type: "keyword", boost: -i }));

const stringValue = (v: string, i: number): Completion => ({ label: `"${v}"`, type: "text", boost: -i });
const VALUE_HINTS: Record<string, Completion[]> = {
  "http.method": ["GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS"].map(stringValue),
  "net.protocol": ["http", "https"].map(stringValue),
};

const LOGICAL_COMPLETIONS: Completion[] = [
  { label: "&&", detail: "and", type: "keyword" },
  { label: "||", detail: "or — binds tighter than &&", type: "keyword" },
];

type Slot = { kind: "lhs" } | { kind: "operator"; field?: string } | { kind: "value"; field?: string; op: string } | { kind: "logical" };

const textOf = (text: string, t: Token): string => text.slice(t.start, t.end);

/** Index of the `(` that the `)` at `close` closes, or -1. */
function openingParen(text: string, tokens: Token[], close: number): number {
  let depth = 0;
  for (let i = close; i >= 0; i--) {
    const s = textOf(text, tokens[i]);
    if (tokens[i].type !== "punct") continue;
    if (s === ")") depth++;
    else if (--depth === 0) return i;
  }
  return -1;
}

/** The field of a left-hand side ending at token `last` (a field, or the `)` of `lower(…)`). */
function lhsField(text: string, tokens: Token[], last: number): string | undefined {
  const t = tokens[last];
  if (t?.type === "field") return textOf(text, t);
  if (t?.type === "punct" && textOf(text, t) === ")") {
    const open = openingParen(text, tokens, last);
    const inner = open > 0 && tokens[open - 1].type === "keyword" ? tokens.slice(open, last).find((x) => x.type === "field") : undefined;
    if (inner) return textOf(text, inner);
  }
  return undefined;
}

/** What the grammar expects after `before`: a left-hand side, an operator, a value or `&&`/`||`. */
function slotAfter(before: string): Slot | null {
  const tokens = tokenize(before);
  const i = tokens.length - 1;
  const last = tokens[i];
  if (!last) return { kind: "lhs" };
  const s = textOf(before, last);
  switch (last.type) {
    case "punct":
      if (s === "(") return { kind: "lhs" };
      {
        const field = lhsField(before, tokens, i);
        return field ? { kind: "operator", field } : { kind: "logical" };
      }
    case "operator":
      if (s === "&&" || s === "||" || s === "!") return { kind: "lhs" };
      return { kind: "value", field: lhsField(before, tokens, i - 1), op: s };
    case "field":
      return { kind: "operator", field: s };
    case "keyword":
      return null;
    case "error":
      return null;
    default:
      return { kind: "logical" };
  }
}

/** Fields, transforms, operators (for the field's type), common values and `&&`/`||`, by position. */
export function completeExpression(context: CompletionContext): CompletionResult | null {
  const word = context.matchBefore(/[A-Za-z][A-Za-z0-9_.]*/);
  const symbol = word ? null : context.matchBefore(/[=!^~<>&|]+/);
  const from = word?.from ?? symbol?.from ?? context.pos;
  const slot = slotAfter(context.state.doc.sliceString(0, from));
  if (!slot) return null;
  const typing = from < context.pos;
  // Without a partial word, only offer what almost always comes next: an operator after a field.
  if (!typing && !context.explicit && slot.kind !== "operator") return null;
  let options: Completion[];
  switch (slot.kind) {
    case "lhs":
      if (symbol) return null;
      options = [...FIELD_COMPLETIONS, ...TRANSFORM_COMPLETIONS];
      break;
    case "operator":
      // Inside `lower(` the user is still typing a field name.
      options = operatorCompletions(slot.field ? fieldType(slot.field) : undefined);
      break;
    case "value":
      options =
        slot.op === "~"
          ? [snippetCompletion('r#"^${pattern}$"#', { label: 'r#"^…$"#', detail: "anchored regex", type: "text" })]
          : (VALUE_HINTS[slot.field ?? ""] ?? (slot.field && fieldType(slot.field) === "String" ? [snippetCompletion('"${}"', { label: '"…"', detail: "string", type: "text" })] : []));
      break;
    case "logical":
      options = LOGICAL_COMPLETIONS;
      break;
  }
  if (options.length === 0) return null;
  return { from, options, validFor: word ? /^[A-Za-z0-9_.]*$/ : symbol ? /^[=!^~<>&|]*$/ : undefined };
}

// ---- theme ----

// Tailwind's slate palette, spelled out: CodeMirror's theme is CSS-in-JS and can't read utility classes.
const slate = { 50: "#f8fafc", 100: "#f1f5f9", 200: "#e2e8f0", 300: "#cbd5e1", 400: "#94a3b8", 500: "#64748b", 600: "#475569", 700: "#334155", 900: "#0f172a" };

export const kongTheme = EditorView.theme(
  {
    "&": { fontSize: "13px", backgroundColor: "#ffffff", color: slate[900] },
    "&.cm-focused": { outline: "none" },
    ".cm-scroller": { fontFamily: "var(--font-mono), ui-monospace, SFMono-Regular, monospace", lineHeight: "1.65" },
    ".cm-content": { padding: "10px 0", caretColor: slate[900] },
    ".cm-line": { padding: "0 12px" },
    ".cm-cursor, .cm-dropCursor": { borderLeftColor: slate[900] },
    "&.cm-focused > .cm-scroller > .cm-selectionLayer .cm-selectionBackground, .cm-selectionBackground, ::selection": {
      backgroundColor: "#e0f2fe",
    },
    ".cm-gutters": { backgroundColor: slate[50], color: slate[400], borderRight: `1px solid ${slate[200]}` },
    ".cm-activeLineGutter": { backgroundColor: slate[100], color: slate[600] },
    ".cm-activeLine": { backgroundColor: "transparent" },
    ".cm-matchingBracket, &.cm-focused .cm-matchingBracket": { backgroundColor: slate[200], color: "inherit", outline: "none" },
    ".cm-placeholder": { color: slate[400] },
    ".cm-tooltip": {
      border: `1px solid ${slate[200]}`,
      borderRadius: "8px",
      backgroundColor: "#ffffff",
      boxShadow: "0 8px 24px -12px rgb(15 23 42 / 0.25)",
      overflow: "hidden",
    },
    ".cm-tooltip-autocomplete > ul": { fontFamily: "var(--font-mono), ui-monospace, monospace", fontSize: "12.5px", maxHeight: "16em" },
    ".cm-tooltip-autocomplete > ul > li": { padding: "3px 10px !important" },
    ".cm-tooltip-autocomplete > ul > li[aria-selected]": { backgroundColor: "#e0f2fe", color: slate[900] },
    ".cm-completionDetail": { color: slate[500], fontStyle: "normal", marginLeft: "1em" },
    ".cm-completionInfo": { padding: "6px 10px", fontSize: "12px", color: slate[600] },
    ".cm-diagnostic": { padding: "6px 10px", fontSize: "12.5px", fontFamily: "var(--font-sans), system-ui, sans-serif" },
    ".cm-diagnostic-error": { borderLeft: "3px solid #e11d48" },
    ".cm-diagnostic-warning": { borderLeft: "3px solid #d97706" },
    ".cm-diagnosticSource": { color: slate[500], fontSize: "11px" },
    ".cm-lintRange-error": { backgroundColor: "rgb(255 228 230 / 0.6)" },
    ".cm-lintPoint-error:after": { borderBottomColor: "#e11d48" },
  },
  { dark: false },
);

/** Highlighting, linting and completion for Kong's expression language. */
export function kongExpression(options: { lint?: boolean; complete?: boolean } = {}): Extension[] {
  const extensions: Extension[] = [kongHighlighter, kongTheme];
  if (options.lint ?? true) extensions.push(kongLinter);
  if (options.complete ?? true) extensions.push(autocompletion({ override: [completeExpression], icons: false }));
  return extensions;
}
