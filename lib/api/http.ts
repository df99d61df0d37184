import "server-only";
import type { ListResult, Page } from "../db/page";
import { ApiError } from "./errors";

/** Response helpers shared by the /api/v1 handlers: JSON, lists with paging headers, ETags. */

export function json(data: unknown, init: { status?: number; headers?: HeadersInit } = {}): Response {
  return Response.json(data, init);
}

/**
 * A list: the body stays a plain JSON array (outside tools rely on it); paging travels in headers —
 * `X-Total-Count` and RFC 8288 `Link` with `next`/`prev`.
 */
export function listResponse<T>(url: URL, result: ListResult<T>, page: Page): Response {
  const headers = new Headers({ "x-total-count": String(result.total) });
  const links: string[] = [];
  const at = (offset: number) => {
    const u = new URL(url);
    u.searchParams.set("limit", String(page.limit));
    u.searchParams.set("offset", String(offset));
    return `<${u.pathname}${u.search}>`;
  };
  if (page.offset + page.limit < result.total) links.push(`${at(page.offset + page.limit)}; rel="next"`);
  if (page.offset > 0) links.push(`${at(Math.max(0, page.offset - page.limit))}; rel="prev"`);
  if (links.length) headers.set("link", links.join(", "));
  return Response.json(result.items, { headers });
}

export const etag = (revision: number) => `"${revision}"`;

/** An entity with its ETag (its revision), for GET and after a save. */
export function entityResponse(
  entity: { revision: number },
  init: { status?: number; headers?: HeadersInit } = {},
): Response {
  const headers = new Headers(init.headers);
  headers.set("etag", etag(entity.revision));
  return Response.json(entity, { status: init.status, headers });
}

/**
 * The revision a save is based on: `If-Match: "<revision>"` or `revision` in the body. Neither
 * means "last write wins" (the UI always sends one). An If-Match that can't be a revision can
 * never match, which HTTP answers with 412.
 */
export function expectedRevision(req: Request, bodyRevision: number | undefined): number | undefined {
  const header = req.headers.get("if-match")?.trim();
  let fromHeader: number | undefined;
  if (header && header !== "*") {
    const match = /^(?:W\/)?"?(\d+)"?$/.exec(header);
    if (!match)
      throw new ApiError(
        "precondition_failed",
        `If-Match ${header} is not a revision of this entity (send the ETag you got)`,
      );
    fromHeader = Number(match[1]);
  }
  if (fromHeader !== undefined && bodyRevision !== undefined && fromHeader !== bodyRevision) {
    throw new ApiError(
      "bad_request",
      `If-Match (${fromHeader}) and revision in the body (${bodyRevision}) disagree`,
    );
  }
  return fromHeader ?? bodyRevision;
}
