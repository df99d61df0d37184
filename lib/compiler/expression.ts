import { and, or, pred, str, type Expr } from "../atc/ast";
import { print } from "../atc/print";
import { patternRegex, type PathMatcher } from "./path-pattern";
import { tenantForm, tenantSetRegex } from "./tenant-set";
import type { TenantAccess } from "./types";

/** Kong's field for a request header: lower case, `-` → `_` (`x-okapi-tenant` → `http.headers.x_okapi_tenant`). */
export function tenantHeaderField(tenantHeader: string): string {
  return `http.headers.${tenantHeader.toLowerCase().replace(/-/g, "_")}`;
}

export function pathClause(matcher: PathMatcher): Expr {
  switch (matcher.kind) {
    case "exact":
      return pred("http.path", "==", str(matcher.path));
    case "prefix":
      return or(pred("http.path", "==", str(matcher.path)), pred("http.path", "^=", str(`${matcher.path}/`)));
    case "pattern":
      return pred("http.path", "~", str(patternRegex(matcher.tokens)));
  }
}

export interface HostPaths {
  host: string;
  /** Path clauses (see pathClause) of this host. */
  paths: Expr[];
}

/**
 * `(host == a && (paths of a)) || (host == b && (paths of b))`: each host keeps its own paths.
 * Kong's traditional router crosses every host with every path, which would let a DTC host
 * answer on another zone's base path.
 */
export function hostPathsClause(hosts: readonly HostPaths[]): Expr {
  return or(...hosts.map((h) => and(pred("http.host", "==", str(h.host)), or(...h.paths))));
}

export function methodsClause(methods: readonly string[]): Expr | null {
  if (methods.length === 0) return null;
  return or(...methods.map((m) => pred("http.method", "==", str(m))));
}

/**
 * NONE: no clause. ANY: the header must be present with any value (the spike's `~ r#".*"#`
 * feature flag; a predicate on a missing field is false in Kong). ENTITLED: one `==` per tenant for
 * small sets, one anchored regex over the set beyond TENANT_EQUALS_LIMIT (tenant-set.ts).
 * ENTITLED with no tenants has no clause to give: the caller must not emit the route at all,
 * since dropping the clause would turn it into a silent wildcard.
 */
export function tenantClause(access: TenantAccess, field: string, tenants: readonly string[]): Expr | null {
  switch (access) {
    case "NONE":
      return null;
    case "ANY":
      return pred(field, "~", str(".*"));
    case "ENTITLED":
      if (tenants.length === 0) throw new Error("an ENTITLED route needs at least one tenant");
      if (tenantForm(tenants.length) === "regex") return pred(field, "~", str(tenantSetRegex(tenants)));
      return or(...tenants.map((t) => pred(field, "==", str(t))));
  }
}

/** `(host/path pairs) && (methods) && (tenant)`, each clause present only when it constrains. */
export function routeExpression(hostClauses: readonly Expr[], methods: Expr | null, tenant: Expr | null): Expr {
  const hosts = orOf(hostClauses);
  if (!methods && !tenant) return hosts;
  // Keep the host/path alternation as its own group even when the route has no other clause.
  const terms = [hosts];
  if (methods) terms.push(methods);
  if (tenant) terms.push(tenant);
  return { kind: "and", terms };
}

/**
 * `or(...terms)` (nested ORs flattened, one term returned as is) without its spread and flatMap:
 * this runs once per route, and the generic version was a tenth of the exposure pass.
 */
function orOf(terms: readonly Expr[]): Expr {
  if (terms.length === 1) return terms[0].kind === "or" ? or(terms[0]) : terms[0];
  const flat: Expr[] = [];
  for (const t of terms) {
    if (t.kind === "or") for (const u of t.terms) flat.push(u);
    else flat.push(t);
  }
  if (flat.length === 0) return or();
  return { kind: "or", terms: flat };
}

/**
 * `print`, remembering the text of every subtree object in `memo`. Routes of one exposure share
 * subtrees (an ENTITLED clause with hundreds of tenants is built once and referenced by every
 * endpoint's route in every zone), so their text is produced once too, and concatenated with `+`
 * rather than `join` so the shared text is referenced, not copied, until someone serializes it.
 * Groups are joined exactly as `print` joins them; tests assert `printShared(tree) === print(tree)`
 * for every emitted route. The caller owns the memo (one per exposure): a module-wide WeakMap over
 * every subtree of a large estate made each garbage collection slower.
 */
export function printShared(expr: Expr, memo: Map<Expr, string> = new Map()): string {
  const cached = memo.get(expr);
  if (cached !== undefined) return cached;
  let text: string;
  if (expr.kind === "and" || expr.kind === "or") {
    const separator = expr.kind === "and" ? " && " : " || ";
    text = "(" + printShared(expr.terms[0], memo);
    for (let i = 1; i < expr.terms.length; i++) text = text + separator + printShared(expr.terms[i], memo);
    text = text + ")";
  } else {
    text = print(expr);
  }
  memo.set(expr, text);
  return text;
}
