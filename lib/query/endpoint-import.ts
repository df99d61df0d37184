"use client";

import { useMutation } from "@tanstack/react-query";
import type { EndpointPreviewRequest } from "@/lib/api/schemas";
import type { EndpointPreview } from "@/lib/import/preview";
import { apiRequest } from "./api";

/**
 * What importing a document would do to an exposure's endpoints. A mutation, not a query: it
 * reads the operator's upload, and nothing is cached or invalidated (nothing is stored).
 */
export function usePreviewEndpoints() {
  return useMutation({
    mutationFn: (request: EndpointPreviewRequest) =>
      apiRequest<EndpointPreview>("/endpoints/preview", { method: "POST", body: request }),
    // The dialog shows the document's problems with their file and line; only surprises toast.
    meta: { inlineStatuses: [400, 413, 422], errorTitle: "Could not read the document" },
  });
}
