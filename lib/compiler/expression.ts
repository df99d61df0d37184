import { and, or, pred, str, type Expr } from "../atc/ast";
import { patternRegex, type PathMatcher } from "./path-pattern";
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
  paths: PathMatcher[];
}

/**
 * `(host == a && (paths of a)) || (host == b && (paths of b))`: each host keeps its own paths.
 * Kong's traditional router crosses every host with every path, which would let a DTC host
 * answer on another zone's base path.
 */
export function hostPathsClause(hosts: readonly HostPaths[]): Expr {
  return or(...hosts.map((h) => and(pred("http.host", "==", str(h.host)), or(...h.paths.map(pathClause)))));
}

export function methodsClause(methods: readonly string[]): Expr | null {
  if (methods.length === 0) return null;
  return or(...methods.map((m) => pred("http.method", "==", str(m))));
}

/**
 * NONE: no clause. ANY: the header must be present with any value (the spike's `~ r#".*"#`
 * feature flag; a predicate on a missing field is false in Kong). ENTITLED: one `==` per tenant.
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
      return or(...tenants.map((t) => pred(field, "==", str(t))));
  }
}

export function routeExpression(
  hosts: readonly HostPaths[],
  methods: readonly string[],
  tenant: Expr | null,
): Expr {
  const terms = [hostPathsClause(hosts), methodsClause(methods), tenant].filter((t): t is Expr => t !== null);
  // Keep the host/path alternation as its own group even when the route has no other clause.
  return terms.length === 1 ? terms[0] : { kind: "and", terms };
}
