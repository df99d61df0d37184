/** Calls App Router route handlers the way Next 16 does: a Request plus `{ params: Promise }`. */
type Handler = (req: Request, ctx: { params: Promise<Record<string, string>> }) => Promise<Response>;

export interface CallOptions {
  params?: Record<string, string>;
  body?: unknown;
  /** Sent as is (e.g. malformed JSON or YAML). */
  rawBody?: string;
  headers?: Record<string, string>;
  /**
   * The credential: by default the file's admin API token (tests/integration/setup-db.ts); a token
   * string to call as someone else; false to send none. An `authorization` in `headers` wins.
   */
  token?: string | false;
}

export async function call(handler: Handler, path: string, options: CallOptions = {}, method = "GET") {
  const headers = new Headers(options.headers);
  const token = options.token ?? process.env.SWITCHYARD_TEST_API_TOKEN;
  if (token && !headers.has("authorization")) headers.set("authorization", `Bearer ${token}`);
  let body: string | undefined;
  if (options.rawBody !== undefined) body = options.rawBody;
  else if (options.body !== undefined) {
    body = JSON.stringify(options.body);
    headers.set("content-type", "application/json");
  }
  const res = await handler(new Request(`http://localhost${path}`, { method, headers, body }), {
    params: Promise.resolve(options.params ?? {}),
  });
  const text = await res.text();
  const type = res.headers.get("content-type") ?? "";
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- tests read arbitrary response shapes
  const json: any = type.includes("json") && text ? JSON.parse(text) : undefined;
  return { status: res.status, headers: res.headers, json, text };
}

export const get = (h: Handler, path: string, o?: CallOptions) => call(h, path, o, "GET");
export const post = (h: Handler, path: string, o?: CallOptions) => call(h, path, o, "POST");
export const patch = (h: Handler, path: string, o?: CallOptions) => call(h, path, o, "PATCH");
export const del = (h: Handler, path: string, o?: CallOptions) => call(h, path, o, "DELETE");

let counter = 0;
/** A name unique within the test file (each file has its own database). */
export const unique = (prefix: string) => `${prefix}-${++counter}`;
