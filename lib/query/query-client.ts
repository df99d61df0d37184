import { MutationCache, QueryCache, QueryClient } from "@tanstack/react-query";
import { toast } from "sonner";
import { ApiError, isApiError } from "./api";
import { fetchPending, overviewKeys, pendingKeys, pendingSentence } from "./overview";

/**
 * Per-mutation hints for the global error toast. A screen that shows an error in place (a form's
 * field messages, a delete dialog listing what still references the row) names those statuses so
 * the operator is not told the same thing twice.
 */
export interface SwitchyardMutationMeta extends Record<string, unknown> {
  /** Statuses the screen explains inline; everything else still toasts. */
  inlineStatuses?: number[];
  /** Toast title for a failure, e.g. "Could not save zone". */
  errorTitle?: string;
  /**
   * The mutation edits what routes are compiled from (zones, rovers, entitlements…): once it has
   * succeeded, the shell's pending-changes indicator is refreshed and a toast says which zones'
   * Kong does not have the change yet.
   */
  changesRoutes?: boolean;
}

declare module "@tanstack/react-query" {
  interface Register {
    defaultError: Error;
    mutationMeta: SwitchyardMutationMeta;
  }
}

function describe(error: Error): string {
  return isApiError(error) ? error.message : "Something unexpected went wrong";
}

export interface QueryClientOptions {
  /** Client-side navigation for toast actions (the app router's push). */
  navigate?: (href: string) => void;
}

/** Where "Review" goes: one zone's publish page, or the estate's. */
const reviewHref = (zones: readonly { zone: string }[]) =>
  zones.length === 1 ? `/publish/zones/${encodeURIComponent(zones[0].zone)}` : "/publish";

/** One client for the whole app; its caches toast every failure nobody handles in place. */
export function makeQueryClient({ navigate }: QueryClientOptions = {}): QueryClient {
  const announcePending = async (client: QueryClient) => {
    // Everything derived from the compile; a node's facts (kong-status) don't change with an edit.
    void client.invalidateQueries({ queryKey: overviewKeys.all, predicate: (q) => q.queryKey[1] !== "kong-status" });
    const pending = await client.fetchQuery({
      queryKey: pendingKeys.all,
      queryFn: ({ signal }) => fetchPending(signal),
      staleTime: 0,
    });
    if (pending.zones.length === 0) return;
    const href = reviewHref(pending.zones);
    // One toast, replaced by the next edit's: a burst of edits must not stack a toast each.
    toast.info(pendingSentence(pending.zones), {
      id: "pending-changes",
      description: `${pending.zones.map((z) => z.zone).join(", ")}: Kong does not have ${pending.routes === 1 ? "this route change" : `these ${pending.routes} route changes`} until they are published.`,
      action: { label: "Review", onClick: () => (navigate ? navigate(href) : window.location.assign(href)) },
    });
  };
  const client: QueryClient = new QueryClient({
    queryCache: new QueryCache({
      onError: (error, query) => {
        // A refetch that fails while data is on screen still deserves a word; the first load shows its own error state too.
        toast.error("Could not load data", { description: describe(error), id: JSON.stringify(query.queryKey) });
      },
    }),
    mutationCache: new MutationCache({
      onError: (error, _vars, _ctx, mutation) => {
        const meta = mutation.options.meta;
        if (isApiError(error) && meta?.inlineStatuses?.includes(error.status)) return;
        toast.error(meta?.errorTitle ?? "The change was not saved", { description: describe(error) });
      },
      onSuccess: (_data, _vars, _ctx, mutation) => {
        // A failed check only leaves the indicator as it was; the edit itself was saved.
        if (mutation.options.meta?.changesRoutes) announcePending(client).catch(() => undefined);
      },
    }),
    defaultOptions: {
      queries: {
        staleTime: 15_000,
        refetchOnWindowFocus: false,
        // 4xx answers will not change by asking again; only retry what may be transient.
        retry: (count, error) => count < 2 && !(error instanceof ApiError && error.status >= 400 && error.status < 500),
      },
    },
  });
  return client;
}
