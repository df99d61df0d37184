/** List paging limits of /api/v1. */
export const DEFAULT_LIMIT = 50;
export const MAX_LIMIT = 500;
