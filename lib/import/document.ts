/**
 * Uploaded documents (JSON or YAML; JSON is read as YAML) parsed with positions, so a broken file
 * is refused naming its file, line and column. The `yaml` library refuses alias bombs while building
 * the value, so a hostile file costs bounded work.
 */
import { LineCounter, parseDocument } from "yaml";

export interface UploadedFile {
  name: string;
  text: string;
}

/** Where a file is unreadable, placed in it (1-based). */
export interface FileProblem {
  file: string;
  line?: number;
  column?: number;
  message: string;
}

/** The document could not be used at all; each problem names the file (and line where known). */
export class ImportRefused extends Error {
  constructor(
    message: string,
    readonly problems: FileProblem[],
    readonly status: "syntax" | "invalid" = "invalid",
  ) {
    super(message);
    this.name = "ImportRefused";
  }
}

export type ReadResult = { ok: true; value: unknown } | { ok: false; problem: FileProblem };

export function readDocument(file: UploadedFile): ReadResult {
  if (file.text.trim() === "") return { ok: false, problem: { file: file.name, message: "The file is empty" } };
  const lineCounter = new LineCounter();
  const doc = parseDocument(file.text, { lineCounter, prettyErrors: false, uniqueKeys: true });
  const first = doc.errors[0];
  if (first) {
    const { line, col } = lineCounter.linePos(first.pos[0]);
    return {
      ok: false,
      problem: { file: file.name, line, column: col, message: `Syntax error at line ${line}, column ${col}: ${first.message}` },
    };
  }
  try {
    return { ok: true, value: doc.toJS() };
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    return { ok: false, problem: { file: file.name, message: `The file could not be read: ${message}` } };
  }
}

export const isRecord = (v: unknown): v is Record<string, unknown> =>
  typeof v === "object" && v !== null && !Array.isArray(v);

export type ImportFormat = "openapi" | "folio";

/** What kind of document this is, by its top-level keys; null when it is neither. */
export function detectFormat(value: unknown): ImportFormat | null {
  if (!isRecord(value)) return null;
  if ("openapi" in value || "swagger" in value) return "openapi";
  if ("provides" in value || ("id" in value && "requires" in value)) return "folio";
  return null;
}
