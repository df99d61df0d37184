import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { print } from "../atc/print";
import { tenantClause } from "./expression";
import { kongMatches } from "./test-support/kong-routing";
import { TENANT_EQUALS_LIMIT, tenantForm, tenantSetNames, tenantSetRegex } from "./tenant-set";

const FIELD = "http.headers.x_okapi_tenant";

/** Kong's engine on one expression and a request carrying these tenant header values (one entry per header line). */
const kongMatchesTenants = (expression: string, values: string[]) =>
  kongMatches(
    expression,
    { method: "GET", host: "gw.example.com", path: "/", headers: { "x-okapi-tenant": values } },
    FIELD,
  );

// Tenant names (`^[a-z][a-z0-9_]{0,62}$`) from a small alphabet, so sets share prefixes and requests hit near misses.
const nameArb = fc
  .tuple(
    fc.constantFrom("a", "b", "t"),
    fc.array(fc.constantFrom("a", "b", "0", "1", "9", "_", "z"), { maxLength: 6 }),
  )
  .map(([first, rest]) => first + rest.join(""));

/** Names entitled ones lead to: prefixes, extensions, a changed last character. */
function nearMisses(names: readonly string[]): string[] {
  return names
    .flatMap((n) => [n.slice(0, -1), `${n}_`, `${n}0`, `x${n}`, `${n.slice(0, -1)}z`, n.toUpperCase()])
    .filter((n) => n !== "");
}

describe("tenant set regex (issue 14)", () => {
  it("is the set's prefix trie", () => {
    expect(tenantSetRegex(["test_2", "diku", "test", "test_1", "diku"])).toBe("^(?:diku|test(?:_[12])?)$");
    expect(tenantSetRegex(["a", "ab"])).toBe("^ab?$");
    expect(tenantSetRegex(["t0", "t1", "t2", "t3", "t5"])).toBe("^t[0-35]$");
  });

  it("matches in Kong's engine exactly the entitled names: prefixes, suffixes and neighbours of them don't (fast-check)", () => {
    fc.assert(
      fc.property(
        fc.uniqueArray(nameArb, { minLength: 1, maxLength: 40 }),
        fc.array(nameArb, { maxLength: 10 }),
        (set, others) => {
          const expression = `${FIELD} ~ r#"${tenantSetRegex(set)}"#`;
          const entitled = new Set(set);
          for (const name of [...set, ...nearMisses(set), ...others]) {
            expect(kongMatchesTenants(expression, [name]), `${name} against ${expression}`).toBe(
              entitled.has(name),
            );
          }
          expect(kongMatchesTenants(expression, [])).toBe(false);
        },
      ),
      { numRuns: 60 },
    );
  });

  it("agrees with the spike's == chain on every request with one tenant value, or the same value repeated; with several different values the regex asks that each be entitled", () => {
    fc.assert(
      fc.property(
        fc.uniqueArray(nameArb, { minLength: TENANT_EQUALS_LIMIT + 1, maxLength: 30 }),
        fc.array(nameArb, { maxLength: 6 }),
        (set, others) => {
          const sorted = [...set].sort();
          const regexForm = print(tenantClause("ENTITLED", FIELD, sorted)!);
          expect(tenantForm(sorted.length)).toBe("regex");
          expect(regexForm.startsWith(`${FIELD} ~ r#"^`)).toBe(true);
          const equalsForm = `(${sorted.map((t) => `${FIELD} == "${t}"`).join(" || ")})`;
          const entitled = new Set(set);
          for (const name of [...set.slice(0, 5), ...nearMisses(set.slice(0, 5)), ...others]) {
            for (const values of [[name], [name, name]]) {
              expect(kongMatchesTenants(regexForm, values)).toBe(kongMatchesTenants(equalsForm, values));
            }
          }
          // Several different values: Kong requires every value to pass a predicate (no any()).
          const [a, b] = set;
          const stranger = `${a}_x`;
          expect(entitled.has(stranger)).toBe(false);
          expect(kongMatchesTenants(regexForm, [a, stranger])).toBe(false);
          expect(kongMatchesTenants(equalsForm, [a, stranger])).toBe(false);
          expect(kongMatchesTenants(regexForm, [a, b])).toBe(true);
          expect(kongMatchesTenants(equalsForm, [a, b])).toBe(false);
        },
      ),
      { numRuns: 25 },
    );
  });

  it("reads back as the list of names it matches, for display; other regexes are not a tenant set", () => {
    fc.assert(
      fc.property(fc.uniqueArray(nameArb, { minLength: 1, maxLength: 60 }), (set) => {
        expect(tenantSetNames(tenantSetRegex(set))).toEqual([...set].sort());
      }),
    );
    expect(tenantSetNames(".*")).toBeNull();
    expect(tenantSetNames("^/orders/[^/]+$")).toBeNull();
    expect(tenantSetNames("^a|b$")).toBeNull();
    expect(tenantSetNames("^(?:a|b)$")).toEqual(["a", "b"]);
  });

  it("small sets keep one == per tenant", () => {
    expect(print(tenantClause("ENTITLED", FIELD, ["college", "diku"])!)).toBe(
      `(${FIELD} == "college" || ${FIELD} == "diku")`,
    );
    expect(tenantForm(TENANT_EQUALS_LIMIT)).toBe("equals");
    expect(tenantForm(TENANT_EQUALS_LIMIT + 1)).toBe("regex");
  });
});
