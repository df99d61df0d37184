import type { Expr, Predicate } from "./ast";
import { fieldValues, type RequestContext } from "./context";
import { ipEquals, networkContains, parseCidr, parseIpAddress } from "./ip";
import { print, printPredicate } from "./print";
import { translateRustRegex } from "./regex";

export interface FailedAt {
  /** Printed text of the predicate (or `!( … )` group) that decided the failure. */
  predicate: string;
  /** Term indices from the root: `and`/`or` → index of the term, `not` → 0. */
  path: number[];
  /** The field's values as Kong saw them (empty: the field has no value). */
  actual: string[];
}

export interface EvalResult {
  matched: boolean;
  failedAt?: FailedAt;
  /** Regex captures of the match, numbered (`"0"` = whole match) and named, as Kong exposes them. */
  captures?: Record<string, string>;
}

const regexCache = new Map<string, { re: RegExp; names: (string | null)[] }>();

function compiled(pattern: string): { re: RegExp; names: (string | null)[] } {
  let hit = regexCache.get(pattern);
  if (!hit) {
    const t = translateRustRegex(pattern);
    // Parsed expressions never get here with a bad regex; hand-built ones might.
    if (!t.ok) throw new Error(`cannot evaluate regex ${JSON.stringify(pattern)}: ${t.message}`);
    // Never a `g` or `y` flag: `test` and `exec` keep no state between calls.
    hit = { re: new RegExp(t.source, t.flags), names: t.groupNames };
    regexCache.set(pattern, hit);
  }
  return hit;
}

/** One value against a predicate node's operator. */
function test(node: Node, value: string | number): boolean {
  const { op, rhs } = node.expr as Predicate;
  if (rhs.type === "ip" || rhs.type === "cidr") {
    const addr = typeof value === "string" ? parseIpAddress(value) : null;
    if (!addr) return false;
    if (rhs.type === "ip") {
      const other = parseIpAddress(rhs.value);
      const equal = other !== null && ipEquals(addr, other);
      return op === "==" ? equal : op === "!=" ? !equal : false;
    }
    const net = parseCidr(rhs.value);
    const inside = net.ok && networkContains(net.network, addr);
    return op === "in" ? inside : op === "not in" ? !inside : false;
  }
  if (rhs.type === "int") {
    if (typeof value !== "number") return false;
    switch (op) {
      case "==":
        return value === rhs.value;
      case "!=":
        return value !== rhs.value;
      case ">":
        return value > rhs.value;
      case ">=":
        return value >= rhs.value;
      case "<":
        return value < rhs.value;
      case "<=":
        return value <= rhs.value;
      default:
        return false;
    }
  }
  if (typeof value !== "string") return false;
  // Rust's str::to_lowercase and JS toLowerCase are both full, locale-independent Unicode lowering.
  const s = node.lower ? value.toLowerCase() : value;
  switch (op) {
    case "==":
      return s === rhs.value;
    case "!=":
      return s !== rhs.value;
    case "^=":
      return s.startsWith(rhs.value);
    case "=^":
      return s.endsWith(rhs.value);
    case "contains":
      return s.includes(rhs.value);
    case "~":
      return (node.re ??= compiled(rhs.value).re).test(s);
    default:
      return false;
  }
}

// Node kinds, as small integers so that the evaluation loop switches on a number.
const PREDICATE = 0;
const AND = 1;
const OR = 2;
const NOT = 3;

// Per-request state of a node.
const UNKNOWN = 0;
const MATCHED = 1;
const FAILED = 2;

/**
 * One structurally distinct subtree of an ExprSet. Predicates and groups share one class, so the
 * evaluator's property loads see one shape.
 */
class Node {
  /** Printed text, made the first time this node is blamed for a failure (most never are). */
  text: string | undefined = undefined;
  /** A `~` predicate's regex, compiled on first use (so a bad one throws only if evaluated). */
  re: RegExp | null = null;
  constructor(
    readonly id: number,
    readonly kind: number,
    /** The first tree object seen with this structure; any other would print the same. */
    readonly expr: Expr,
    /** `and`/`or`: the terms; `not`: the negated expression; a predicate: none. */
    readonly terms: readonly Node[],
    /** Predicates: index into ExprSet's fields; -1 otherwise. */
    readonly field: number,
    readonly lower: boolean,
    readonly any: boolean,
  ) {}
}

const NO_TERMS: readonly Node[] = [];

/** Same predicate, operand aside (the caller compares that). */
function samePredicate(a: Predicate, b: Predicate): boolean {
  return (
    a.lhs.field === b.lhs.field &&
    a.op === b.op &&
    a.rhs.type === b.rhs.type &&
    a.lhs.transforms.length === b.lhs.transforms.length &&
    a.lhs.transforms.every((t, i) => t === b.lhs.transforms[i])
  );
}

/** FNV-1a over the kind and the terms' ids; the bucket still compares terms one by one. */
function groupHash(kind: number, terms: readonly Node[]): number {
  let h = Math.imul(0x811c9dc5 ^ kind, 0x01000193);
  for (let i = 0; i < terms.length; i++) h = Math.imul(h ^ terms[i].id, 0x01000193);
  return h;
}

function sameNodes(a: readonly Node[], b: readonly Node[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/**
 * Failure paths of an ExprSet, each array made once and frozen: a zone's thousands of failures
 * fall on a handful of paths (`[0, 1]`, `[0, 0, 1]`, …), and every simulation reports them all.
 */
class PathTrie {
  readonly children: (PathTrie | undefined)[] = [];
  constructor(readonly path: number[]) {}

  child(term: number): PathTrie {
    return (this.children[term] ??= new PathTrie(Object.freeze([...this.path, term]) as number[]));
  }
}

const NO_VALUES = Object.freeze([]) as unknown as string[];

/**
 * Expressions prepared for evaluation against one request after another. Structurally equal
 * subtrees become one node, and a node is evaluated at most once per request: a zone's routes
 * repeat the same host, path, method and tenant predicates thousands of times (an ENTITLED
 * clause with hundreds of tenants is shared by every endpoint of an exposure), and a simulation
 * needs every route's verdict and first failure, not just the winner's.
 */
export class ExprSet {
  // Read by ExprSetEvaluation only.
  readonly roots: readonly Node[];
  readonly nodeCount: number;
  /** The distinct fields the predicates read, so a request computes each field's values once. */
  readonly fields: readonly string[];
  readonly paths = new PathTrie(Object.freeze([]) as unknown as number[]);

  constructor(exprs: readonly Expr[]) {
    // The maps live only while building: a long-lived map over every subtree of a large estate
    // would make every garbage collection slower. Building runs on the first simulation of each
    // zone after every compile, over all of the zone's subtrees, so buckets are keyed by values
    // that already exist (a predicate's operand, a hash of a group's term nodes): printed keys
    // made building slower than the evaluation it saves on the first request. Predicates skip
    // the identity map: their bucket lookup costs no more, and the map stays a third the size.
    const groupsByObject = new Map<Expr, Node>();
    const predicatesByValue = new Map<string | number, Node[]>();
    const groupsByHash = new Map<number, Node[]>();
    const fieldIds = new Map<string, number>();
    const fields: string[] = [];
    let count = 0;
    const intern = (e: Expr): Node => {
      if (e.kind === "predicate") {
        const bucket = predicatesByValue.get(e.rhs.value);
        if (bucket) {
          for (const n of bucket) if (samePredicate(n.expr as Predicate, e)) return n;
        }
        let field = fieldIds.get(e.lhs.field);
        if (field === undefined) {
          field = fields.push(e.lhs.field) - 1;
          fieldIds.set(e.lhs.field, field);
        }
        const { transforms } = e.lhs;
        const node = new Node(
          count++,
          PREDICATE,
          e,
          NO_TERMS,
          field,
          transforms.includes("lower"),
          transforms.includes("any"),
        );
        if (bucket) bucket.push(node);
        else predicatesByValue.set(e.rhs.value, [node]);
        return node;
      }
      let node = groupsByObject.get(e);
      if (node) return node;
      const kind = e.kind === "and" ? AND : e.kind === "or" ? OR : NOT;
      const terms = e.kind === "not" ? [intern(e.expr)] : e.terms.map(intern);
      const hash = groupHash(kind, terms);
      const bucket = groupsByHash.get(hash);
      if (bucket) {
        for (const n of bucket) {
          if (n.kind === kind && sameNodes(n.terms, terms)) {
            node = n;
            break;
          }
        }
      }
      if (!node) {
        node = new Node(count++, kind, e, terms, -1, false, false);
        if (bucket) bucket.push(node);
        else groupsByHash.set(hash, [node]);
      }
      groupsByObject.set(e, node);
      return node;
    };
    this.roots = exprs.map(intern);
    this.nodeCount = count;
    this.fields = fields;
  }

  /** The verdicts for one request, computed lazily: ask in the order the router would try the expressions. */
  evaluate(ctx: RequestContext): ExprSetEvaluation {
    return new ExprSetEvaluation(this, ctx);
  }
}

/** One request against an ExprSet; `i` is the index of the expression given to the ExprSet. */
export class ExprSetEvaluation {
  private readonly state: Uint8Array;
  private readonly values: ((string | number)[] | undefined)[];
  private readonly actuals: (string[] | undefined)[];

  constructor(
    private readonly set: ExprSet,
    private readonly ctx: RequestContext,
  ) {
    this.state = new Uint8Array(set.nodeCount);
    this.values = new Array<undefined>(set.fields.length).fill(undefined);
    this.actuals = new Array<undefined>(set.fields.length).fill(undefined);
  }

  matched(i: number): boolean {
    return this.holds(this.set.roots[i]);
  }

  /**
   * Why expression `i` does not match: the first predicate that failed (for an `||`, the failure
   * of its first alternative; for a `!( … )` whose inner expression matched, the group itself).
   * Undefined when it matches, or when the failure is an `||` without alternatives.
   *
   * `path` and `actual` are shared (a path by every failure on it, `actual` by every failure on
   * the field in this request) and frozen.
   */
  failedAt(i: number): FailedAt | undefined {
    let node = this.set.roots[i];
    if (this.holds(node)) return undefined;
    let at = this.set.paths;
    for (;;) {
      switch (node.kind) {
        case PREDICATE:
          return {
            predicate: (node.text ??= printPredicate(node.expr as Predicate)),
            path: at.path,
            actual: this.actual(node.field),
          };
        case NOT:
          return { predicate: (node.text ??= print(node.expr)), path: at.path, actual: NO_VALUES };
        case OR:
          // Every alternative failed; the first one explains it.
          if (node.terms.length === 0) return undefined;
          at = at.child(0);
          node = node.terms[0];
          break;
        default: {
          // The `&&` stopped at its first failed term: every term before it matched.
          let t = 0;
          while (this.state[node.terms[t].id] === MATCHED) t++;
          at = at.child(t);
          node = node.terms[t];
        }
      }
    }
  }

  /**
   * Regex captures of matching expression `i`, numbered (`"0"` = whole match) and named, as Kong
   * exposes them: every regex predicate on the matching branch, left to right, a later one
   * overwriting an earlier one's names; for several values, each value that matches in turn.
   */
  captures(i: number): Record<string, string> {
    const out: Record<string, string> = {};
    const root = this.set.roots[i];
    if (this.holds(root)) this.collect(root, out);
    return out;
  }

  private holds(node: Node): boolean {
    const known = this.state[node.id];
    if (known !== UNKNOWN) return known === MATCHED;
    let matched: boolean;
    const { terms } = node;
    switch (node.kind) {
      case PREDICATE:
        matched = this.predicateHolds(node);
        break;
      case AND:
        matched = true;
        for (let t = 0; t < terms.length; t++) {
          if (!this.holds(terms[t])) {
            matched = false;
            break;
          }
        }
        break;
      case OR:
        matched = false;
        for (let t = 0; t < terms.length; t++) {
          if (this.holds(terms[t])) {
            matched = true;
            break;
          }
        }
        break;
      default:
        matched = !this.holds(terms[0]);
    }
    this.state[node.id] = matched ? MATCHED : FAILED;
    return matched;
  }

  /**
   * A field with no value fails every operator (`!=` included); several values must all pass
   * unless the field is wrapped in `any()`, in which case one is enough.
   */
  private predicateHolds(node: Node): boolean {
    const values = this.fieldValues(node.field);
    if (values.length === 0) return false;
    for (let v = 0; v < values.length; v++) {
      if (test(node, values[v]) === node.any) return node.any;
    }
    return !node.any;
  }

  private fieldValues(field: number): (string | number)[] {
    return (this.values[field] ??= fieldValues(this.ctx, this.set.fields[field]));
  }

  private actual(field: number): string[] {
    return (this.actuals[field] ??= Object.freeze(this.fieldValues(field).map(String)) as string[]);
  }

  /** Fills `out` from a matching node; only matching branches are visited. */
  private collect(node: Node, out: Record<string, string>): void {
    switch (node.kind) {
      case PREDICATE: {
        const p = node.expr as Predicate;
        if (p.op !== "~" || p.rhs.type !== "string") return;
        const { re, names } = compiled(p.rhs.value);
        for (const value of this.fieldValues(node.field)) {
          if (typeof value !== "string") continue;
          // With any(), values that don't match contribute nothing.
          const m = re.exec(node.lower ? value.toLowerCase() : value);
          if (!m) continue;
          for (let g = 0; g < m.length; g++) {
            if (m[g] === undefined) continue;
            out[String(g)] = m[g];
            const name = names[g];
            if (name) out[name] = m[g];
          }
        }
        return;
      }
      case AND:
        for (const t of node.terms) this.collect(t, out);
        return;
      case OR:
        // The alternative that decided the match: the first that matched (those before it failed).
        for (const t of node.terms) {
          if (this.state[t.id] === MATCHED) {
            this.collect(t, out);
            return;
          }
        }
        return;
      default:
      // A negation matches because its inner expression didn't: nothing to capture.
    }
  }
}

/**
 * Evaluates an expression against a request context, the way Kong's router does, and explains a
 * miss: the first predicate that failed (for an `||`, the failure of its first alternative).
 */
export function evaluate(expr: Expr, ctx: RequestContext): EvalResult {
  const run = new ExprSet([expr]).evaluate(ctx);
  if (!run.matched(0)) return { matched: false, failedAt: run.failedAt(0) };
  const captures = run.captures(0);
  return Object.keys(captures).length > 0 ? { matched: true, captures } : { matched: true };
}
