import "server-only";

/**
 * Structured JSON logs, one object per line on stdout/stderr, so a log shipper can index them.
 * Every API log line carries the request id the response also returns in X-Request-Id.
 */
type Level = "debug" | "info" | "warn" | "error";

export type LogFields = Record<string, unknown>;

function write(level: Level, message: string, fields: LogFields): void {
  const line = JSON.stringify({ time: new Date().toISOString(), level, message, ...fields }, (_key, value) =>
    value instanceof Error ? { name: value.name, message: value.message, stack: value.stack } : value,
  );
  if (level === "error" || level === "warn") process.stderr.write(`${line}\n`);
  else process.stdout.write(`${line}\n`);
}

export const log = {
  debug: (message: string, fields: LogFields = {}) => process.env.SWITCHYARD_DEBUG && write("debug", message, fields),
  info: (message: string, fields: LogFields = {}) => write("info", message, fields),
  warn: (message: string, fields: LogFields = {}) => write("warn", message, fields),
  error: (message: string, fields: LogFields = {}) => write("error", message, fields),
};
