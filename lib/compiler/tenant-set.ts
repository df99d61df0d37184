/**
 * A set of tenant names as one anchored regex (issue 14): a consortium entitles hundreds of
 * tenants to most versions, and `http.headers.x_okapi_tenant == "…" ||` per tenant was 84% of the
 * text every Kong node parsed and held. The regex is the set's prefix trie written out, so names
 * that share a beginning share its text: `^(?:diku|test(?:_[12])?)$` for diku, test, test_1, test_2.
 *
 * Tenant names are `^[a-z][a-z0-9_]{0,62}$` (lib/domain/rules.ts): no character of a name is
 * special in a regex, so nothing needs escaping, and anchoring both ends makes the match exactly
 * the set (tested against Kong's engine, prefixes and suffixes of entitled names included).
 */

/** Sets up to this size keep the spike's `==` per tenant: short, readable, what small estates always had. */
export const TENANT_EQUALS_LIMIT = 8;

export type TenantForm = "equals" | "regex";

export function tenantForm(tenantCount: number): TenantForm {
  return tenantCount <= TENANT_EQUALS_LIMIT ? "equals" : "regex";
}

/** Why a route's tenant clause has the form it has, for the route detail and the simulator. */
export function tenantFormReason(tenantCount: number): string {
  return tenantForm(tenantCount) === "equals"
    ? `${tenantCount} tenant(s): one == per tenant (up to ${TENANT_EQUALS_LIMIT}), as the spike wrote them`
    : `${tenantCount} tenants: one anchored regex over the set (more than ${TENANT_EQUALS_LIMIT}), so the list is written once and Kong parses one predicate; it matches exactly the listed names`;
}

interface TrieNode {
  end: boolean;
  children: Map<string, TrieNode>;
}

function trieOf(names: readonly string[]): TrieNode {
  const root: TrieNode = { end: false, children: new Map() };
  for (const name of names) {
    let node = root;
    for (const c of name) {
      let next = node.children.get(c);
      if (!next) {
        next = { end: false, children: new Map() };
        node.children.set(c, next);
      }
      node = next;
    }
    node.end = true;
  }
  return root;
}

const isLeaf = (node: TrieNode) => node.children.size === 0;

/** `[0-35-9]` for single characters that each end a name (code-point order, runs of 3+ as ranges). */
function characterClass(chars: readonly string[]): string {
  if (chars.length === 1) return chars[0];
  const codes = chars.map((c) => c.charCodeAt(0)).sort((a, b) => a - b);
  let out = "";
  for (let i = 0; i < codes.length;) {
    let j = i;
    while (j + 1 < codes.length && codes[j + 1] === codes[j] + 1) j++;
    out +=
      j - i >= 2
        ? `${String.fromCharCode(codes[i])}-${String.fromCharCode(codes[j])}`
        : codes
            .slice(i, j + 1)
            .map((c) => String.fromCharCode(c))
            .join("");
    i = j + 1;
  }
  return `[${out}]`;
}

/** The regex (unanchored, no outer group) for what may follow a node. */
function below(node: TrieNode): string {
  const keys = [...node.children.keys()].sort();
  const endings = keys.filter((k) => isLeaf(node.children.get(k)!));
  const branches = keys
    .filter((k) => !isLeaf(node.children.get(k)!))
    .map((k) => k + below(node.children.get(k)!));
  const alternatives = endings.length > 0 ? [characterClass(endings), ...branches] : branches;
  const body = alternatives.length === 1 ? alternatives[0] : `(?:${alternatives.join("|")})`;
  if (!node.end) return body;
  // The node itself ends a name too: what follows is optional.
  return isAtom(body) ? `${body}?` : `(?:${body})?`;
}

/** One character, one class or one group: what `?` can follow without a group of its own. */
function isAtom(re: string): boolean {
  if (re.length === 1) return true;
  if (re.startsWith("[")) return re.indexOf("]") === re.length - 1;
  if (!re.startsWith("(")) return false;
  let depth = 0;
  for (let i = 0; i < re.length; i++) {
    if (re[i] === "[") i = re.indexOf("]", i);
    else if (re[i] === "(") depth++;
    else if (re[i] === ")" && --depth === 0) return i === re.length - 1;
  }
  return false;
}

/** `^(?:…)$` matching exactly the given names (at least one; sorted or not, duplicates allowed). */
export function tenantSetRegex(names: readonly string[]): string {
  if (names.length === 0) throw new Error("a tenant set regex needs at least one name");
  return `^${wrap(below(trieOf(names)))}$`;
}

/** The top-level alternation grouped, so that `^` and `$` apply to every alternative. */
function wrap(body: string): string {
  return topLevelAlternation(body) ? `(?:${body})` : body;
}

function topLevelAlternation(re: string): boolean {
  let depth = 0;
  let inClass = false;
  for (const c of re) {
    if (inClass) {
      if (c === "]") inClass = false;
    } else if (c === "[") inClass = true;
    else if (c === "(") depth++;
    else if (c === ")") depth--;
    else if (c === "|" && depth === 0) return true;
  }
  return false;
}

/** Names beyond this are not expanded for display (a set is at most the estate's tenants). */
const EXPAND_LIMIT = 100_000;

/**
 * The names a tenant-set regex (as `tenantSetRegex` writes it) matches, sorted, or null for any
 * other regex: the route detail, simulator and publish diff show the set as a list, not as a wall
 * of regex. Reads only the subset of regex syntax the writer uses.
 */
export function tenantSetNames(pattern: string): string[] | null {
  if (!pattern.startsWith("^") || !pattern.endsWith("$")) return null;
  const src = pattern.slice(1, -1);
  let pos = 0;
  let count = 0;
  const fail = (): never => {
    throw new SyntaxError("not a tenant set");
  };
  // sequence := (atom '?'?)*   atom := char | class | '(?:' alternatives ')'
  const alternatives = (): string[] => {
    const out = sequence();
    while (src[pos] === "|") {
      pos++;
      out.push(...sequence());
    }
    return out;
  };
  const atom = (): string[] => {
    const c = src[pos];
    if (c === "[") {
      const close = src.indexOf("]", pos);
      if (close < 0) fail();
      const body = src.slice(pos + 1, close);
      pos = close + 1;
      const chars: string[] = [];
      for (let i = 0; i < body.length; i++) {
        if (body[i + 1] === "-" && i + 2 < body.length) {
          for (let code = body.charCodeAt(i); code <= body.charCodeAt(i + 2); code++)
            chars.push(String.fromCharCode(code));
          i += 2;
        } else chars.push(body[i]);
      }
      return chars;
    }
    if (src.startsWith("(?:", pos)) {
      pos += 3;
      const inner = alternatives();
      if (src[pos] !== ")") fail();
      pos++;
      return inner;
    }
    if (c !== undefined && /[a-z0-9_]/.test(c)) {
      pos++;
      return [c];
    }
    return fail();
  };
  const sequence = (): string[] => {
    let out = [""];
    while (pos < src.length && src[pos] !== "|" && src[pos] !== ")") {
      let options = atom();
      if (src[pos] === "?") {
        pos++;
        options = ["", ...options];
      }
      out = out.flatMap((prefix) => options.map((o) => prefix + o));
      count += out.length;
      if (count > EXPAND_LIMIT * 4) fail();
    }
    return out;
  };
  try {
    // A bare top-level `|` would bind `^` and `$` to one side each: not a set the writer makes.
    const names = sequence();
    if (pos !== src.length || names.length > EXPAND_LIMIT) return null;
    return [...new Set(names)].sort();
  } catch {
    return null;
  }
}

const TENANT_SET_PREDICATE = /^(.*?)(\S+) ~ r#"(\^[^"]*\$)"#(.*)$/;

/**
 * A line of expression text holding a tenant-set predicate (`field ~ r#"^(?:a|b)$"#`), split into
 * the text before it, the field, the names and the text after it; null for any other line.
 */
export function tenantSetPredicate(
  line: string,
): { lead: string; field: string; names: string[]; tail: string } | null {
  const m = TENANT_SET_PREDICATE.exec(line);
  const names = m ? tenantSetNames(m[3]) : null;
  return m && names ? { lead: m[1], field: m[2], names, tail: m[4] } : null;
}
