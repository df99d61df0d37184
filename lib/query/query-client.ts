import { MutationCache, QueryCache, QueryClient } from "@tanstack/react-query";
import { toast } from "sonner";
import { ApiError, isApiError } from "./api";

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

/** One client for the whole app; its caches toast every failure nobody handles in place. */
export function makeQueryClient(): QueryClient {
  return new QueryClient({
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
}
