import { useSyncExternalStore } from "react";

const noSubscription = () => () => {};

/**
 * False while the server renders and during hydration, true once React runs the page in the
 * browser: for controls that must not act, or say they can, before the scripts have taken over.
 */
export function useHydrated(): boolean {
  return useSyncExternalStore(
    noSubscription,
    () => true,
    () => false,
  );
}
