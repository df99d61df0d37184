import type { FieldValues, Path, UseFormSetError } from "react-hook-form";
import { isApiError } from "./api";

/**
 * Puts a server answer where the operator looks: each named field's message under that field
 * (422 validation, 409 "already exists" on `name`), everything else on the form's root.
 * `knownFields` are the form's top-level field names; a path outside them (say, a field the
 * form doesn't show) goes to the root so nothing is silently dropped.
 */
export function applyServerErrors<T extends FieldValues>(
  error: unknown,
  setError: UseFormSetError<T>,
  knownFields: readonly string[],
): void {
  if (!isApiError(error)) {
    setError("root", { type: "server", message: error instanceof Error ? error.message : "Something went wrong" });
    return;
  }
  const fields = error.fieldErrors;
  const unplaced: string[] = [];
  let first = true;
  for (const field of fields) {
    const top = field.path.split(".")[0];
    if (field.path && knownFields.includes(top)) {
      setError(field.path as Path<T>, { type: "server", message: field.message }, { shouldFocus: first });
      first = false;
    } else {
      unplaced.push(field.path ? `${field.path}: ${field.message}` : field.message);
    }
  }
  if (fields.length === 0 || unplaced.length > 0) {
    setError("root", {
      type: error.isStale ? "stale" : "server",
      message: unplaced.length ? unplaced.join("; ") : error.message,
    });
  }
}
