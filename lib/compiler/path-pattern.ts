/**
 * The three ways a route matches `http.path`, in one representation shared by the expression
 * builder (what Kong evaluates) and the analysis (which routes can match the same request).
 */

/** One piece of an endpoint path: literal text, a `{param}` (one non-empty segment) or the trailing `*`. */
export type PathToken = { kind: "literal"; text: string } | { kind: "param" } | { kind: "star" };

export type PathMatcher =
  /** `http.path == path` */
  | { kind: "exact"; path: string }
  /** `http.path == path || http.path ^= path + "/"`: the base path itself or anything under it. */
  | { kind: "prefix"; path: string }
  /** `http.path ~ r#"^…$"#` */
  | { kind: "pattern"; tokens: PathToken[] };

/** Rust regex metacharacters (regex::escape's set minus `#&-~`, which validated paths can't turn into syntax). */
const REGEX_META = /[\\.+*?()|[\]{}^$]/g;

export function escapeRegex(literal: string): string {
  return literal.replace(REGEX_META, (c) => `\\${c}`);
}

/**
 * An endpoint path under a downstream path. `/` means the base path itself; `{param}` segments
 * and a trailing `*` make a pattern; anything else stays an exact path (`==` is both cheaper for
 * Kong and ranks higher than a regex).
 */
export function endpointMatcher(downstreamPath: string, endpointPath: string): PathMatcher {
  const full = endpointPath === "/" ? downstreamPath : `${downstreamPath}${endpointPath}`;
  const tokens = tokenizeEndpointPath(full);
  return tokens.every((t) => t.kind === "literal") ? { kind: "exact", path: full } : { kind: "pattern", tokens };
}

export function tokenizeEndpointPath(path: string): PathToken[] {
  const tokens: PathToken[] = [];
  let literal = "";
  const flush = () => {
    if (literal) tokens.push({ kind: "literal", text: literal });
    literal = "";
  };
  for (let i = 0; i < path.length; i++) {
    const c = path[i];
    if (c === "{") {
      const close = path.indexOf("}", i);
      flush();
      tokens.push({ kind: "param" });
      i = close < 0 ? path.length : close;
    } else if (c === "*" && i === path.length - 1) {
      flush();
      tokens.push({ kind: "star" });
    } else {
      literal += c;
    }
  }
  flush();
  return tokens;
}

/** Anchored regex source: literal parts escaped, `{param}` → `[^/]+`, trailing `*` → `.*`. */
export function patternRegex(tokens: readonly PathToken[]): string {
  const body = tokens
    .map((t) => (t.kind === "literal" ? escapeRegex(t.text) : t.kind === "param" ? "[^/]+" : ".*"))
    .join("");
  return `^${body}$`;
}

/** The literal text every matching path starts with. */
export function literalPrefix(matcher: PathMatcher): string {
  if (matcher.kind !== "pattern") return matcher.path;
  let prefix = "";
  for (const t of matcher.tokens) {
    if (t.kind !== "literal") break;
    prefix += t.text;
  }
  return prefix;
}
