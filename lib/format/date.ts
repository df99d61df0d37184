/**
 * The one way a date is written in Switchyard: `2026-12-04 18:10 UTC`. Always UTC, never the
 * browser's zone or locale: an operator in Berlin and one in Chicago read the same time for the same
 * publish, the server and the browser render the same text (no hydration mismatch), and it sorts as
 * text. The relative form ("5 min ago") is secondary, for tooltips.
 */

const pad = (n: number) => String(n).padStart(2, "0");

type DateInput = string | number | Date | null | undefined;

function toDate(value: DateInput): Date | null {
  if (value === null || value === undefined || value === "") return null;
  const date = value instanceof Date ? value : new Date(value);
  return Number.isNaN(date.getTime()) ? null : date;
}

/** `2026-12-04 18:10 UTC`, or "—" when there is no (valid) date. */
export function formatDateTime(value: DateInput): string {
  const d = toDate(value);
  if (!d) return "—";
  return `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())} ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())} UTC`;
}

/** To the second, for tooltips: `2026-12-04 18:10:42 UTC`. */
export function formatDateTimeExact(value: DateInput): string {
  const d = toDate(value);
  if (!d) return "—";
  return `${formatDateTime(d).slice(0, -4)}:${pad(d.getUTCSeconds())} UTC`;
}

const UNITS: Array<[unit: string, seconds: number]> = [
  ["d", 86_400],
  ["h", 3_600],
  ["min", 60],
  ["s", 1],
];

/** "just now", "42 s ago", "3 h ago", "in 5 min"; "" when there is no (valid) date. */
export function formatRelative(value: DateInput, now: number = Date.now()): string {
  const d = toDate(value);
  if (!d) return "";
  const seconds = Math.round((now - d.getTime()) / 1000);
  const abs = Math.abs(seconds);
  if (abs < 5) return "just now";
  const [unit, size] = UNITS.find(([, s]) => abs >= s) ?? UNITS[UNITS.length - 1];
  const amount = Math.floor(abs / size);
  return seconds > 0 ? `${amount} ${unit} ago` : `in ${amount} ${unit}`;
}
