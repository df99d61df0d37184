/**
 * Lets a caller learn *why* Kong could not be read without parsing the message of an error that a
 * layer in between (lib/publish) turned into text: every Kong failure raised inside
 * `observeKongFailures(fn)` is recorded for that call only (AsyncLocalStorage follows its awaits,
 * not other requests').
 */
import { AsyncLocalStorage } from "node:async_hooks";
import type { KongError } from "./errors";

const scope = new AsyncLocalStorage<KongError[]>();

export function reportKongFailure(error: KongError): void {
  scope.getStore()?.push(error);
}

export async function observeKongFailures<T>(
  fn: () => Promise<T>,
): Promise<{ result: T; failures: KongError[] }> {
  const failures: KongError[] = [];
  const result = await scope.run(failures, fn);
  return { result, failures };
}
