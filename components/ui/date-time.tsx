import { formatDateTime, formatDateTimeExact, formatRelative } from "@/lib/format/date";

/**
 * A date in the app's one format (`2026-12-04 18:10 UTC`), machine-readable in `dateTime`, with
 * the exact second and how long ago in the tooltip.
 */
export function DateTime({ value, className }: { value: string | Date | null | undefined; className?: string }) {
  if (!value) return <span className={className}>—</span>;
  const iso = value instanceof Date ? value.toISOString() : value;
  return (
    <time
      dateTime={iso}
      className={className}
      title={`${formatDateTimeExact(value)} · ${formatRelative(value)}`}
      // The relative part depends on the moment of rendering: server and browser differ by seconds.
      suppressHydrationWarning
    >
      {formatDateTime(value)}
    </time>
  );
}
