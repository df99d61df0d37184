/**
 * lib/atc against Kong's own router engine (`@kong/atc-router`, WASM): the same accept/reject
 * decision (and the same stage — syntax/literal vs type), the same tree for accepted text, and the
 * same match result for (expression, request) pairs. Seeded, so every run checks the same cases.
 */
import fc from "fast-check";
import { isDeepStrictEqual } from "node:util";
import { describe, expect, it } from "vitest";
import type { AstValue, ParseResult as KongParseResult, Schema as KongSchema } from "@kong/atc-router";
import { predicates } from "./ast";
import { buildContext, fieldValues } from "./context";
import { evaluate } from "./evaluate";
import { kongEngine, kongSchema } from "./kong-engine";
import { toKongTree } from "./kong-tree";
import { parse } from "./parse";
import { fieldType } from "./schema";
import { exprArb, garble, requestArb, sloppyPrint } from "./testing/arbitraries";

// Fixed for CI; set ATC_DIFF_SEED to explore other cases locally.
const SEED = Number(process.env.ATC_DIFF_SEED ?? 20240611);
const VALID = 7000;
const GARBLED = 5000;
const REQUESTS_PER_EXPR = 4;

/** Kong's parser on one text; a panic inside the WASM ("crash") poisons the schema, so make a new one. */
function kongParser(): (text: string) => KongParseResult | { status: "crash" } {
  const { Parser } = kongEngine();
  let schema: KongSchema = kongSchema();
  return (text) => {
    try {
      return Parser.parse(text, schema);
    } catch {
      // The panicked call still holds its borrow, so the old schema can't even be freed: leak it.
      schema = kongSchema();
      return { status: "crash" };
    }
  };
}

function mulberry(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

describe("differential: lib/atc vs @kong/atc-router", () => {
  it("agrees on acceptance, trees and matches for 12,000 seeded expressions", () => {
    const rnd = mulberry(SEED);
    const typed = fc.sample(exprArb(true), { seed: SEED, numRuns: VALID / 2 });
    const untyped = fc.sample(exprArb(false), { seed: SEED + 1, numRuns: VALID / 2 });
    const texts = [...typed, ...untyped].map((e) => sloppyPrint(e, rnd));
    const garbled = fc.sample(exprArb(true), { seed: SEED + 2, numRuns: GARBLED }).map((e) => garble(sloppyPrint(e, rnd), rnd));
    const requests = fc.sample(requestArb, { seed: SEED + 3, numRuns: 400 });

    const kongParse = kongParser();
    const counts = { expressions: 0, kongAccepted: 0, kongParseError: 0, kongValidationError: 0, kongCrash: 0, unsupportedByUs: 0, matchPairs: 0, matched: 0 };
    const disagreements: string[] = [];
    const { Router, Context } = kongEngine();
    const schema = kongSchema();
    const router = new Router(schema);
    const uuid = "8cb2a7d0-c775-4ed9-989f-000000000001";

    for (const text of [...texts, ...garbled]) {
      counts.expressions++;
      const kong = kongParse(text);
      const ours = parse(text);
      const codes = new Set(ours.ok ? [] : ours.errors.map((e) => e.code));
      switch (kong.status) {
        case "crash":
          counts.kongCrash++;
          if (ours.ok) disagreements.push(`Kong crashed, we accepted: ${JSON.stringify(text)}`);
          continue;
        case "parseError":
          counts.kongParseError++;
          if (!codes.has("syntax") && !codes.has("literal")) disagreements.push(`Kong parseError ${JSON.stringify(kong.parseError.variant)}, we said ${ours.ok ? "ok" : [...codes].join(",")}: ${JSON.stringify(text)}`);
          continue;
        case "validationError":
          counts.kongValidationError++;
          // Our `unsupported` may accompany the type error; a syntax/literal error may not.
          if (!codes.has("type") || codes.has("syntax") || codes.has("literal")) disagreements.push(`Kong validationError ${kong.validationError}, we said ${ours.ok ? "ok" : [...codes].join(",")}: ${JSON.stringify(text)}`);
          continue;
      }
      counts.kongAccepted++;
      if (!ours.ok) {
        // Documented divergence: Rust regex features JavaScript can't express (see regex.ts).
        if ([...codes].every((c) => c === "unsupported")) counts.unsupportedByUs++;
        else disagreements.push(`Kong accepted, we rejected ${JSON.stringify(ours.errors.map((e) => e.message))}: ${JSON.stringify(text)}`);
        continue;
      }
      if (!isDeepStrictEqual(toKongTree(ours.expr), kong.expression)) {
        disagreements.push(`different trees for ${JSON.stringify(text)}: ${JSON.stringify(toKongTree(ours.expr))} vs ${JSON.stringify(kong.expression)}`);
        continue;
      }

      const err = router.addMatcher(0, uuid, text);
      if (err) {
        disagreements.push(`Kong's router refused what its parser accepted: ${text}: ${err}`);
        continue;
      }
      const fields = [...new Set(predicates(ours.expr).map((p) => p.lhs.field))];
      for (let k = 0; k < REQUESTS_PER_EXPR; k++) {
        const request = requests[Math.floor(rnd() * requests.length)];
        const ctx = buildContext(request);
        const kctx = new Context(schema);
        // Only fields in the schema: adding a value for an unknown field crashes the instance.
        for (const field of fields) {
          const type = fieldType(field);
          for (const v of fieldValues(ctx, field)) {
            const value: AstValue = type === "Int" ? { Int: Number(v) } : type === "IpAddr" ? { IpAddr: String(v) } : { String: String(v) };
            kctx.addValue(field, value);
          }
        }
        const kongMatched = router.execute(kctx);
        kctx.free();
        const ourMatched = evaluate(ours.expr, ctx).matched;
        counts.matchPairs++;
        if (ourMatched) counts.matched++;
        if (kongMatched !== ourMatched) disagreements.push(`match: Kong ${kongMatched}, ours ${ourMatched}: ${text} on ${JSON.stringify(request)}`);
      }
      router.removeMatcher(0, uuid);
    }
    router.free();
    schema.free();

    console.log("differential counts", { ...counts, disagreements: disagreements.length });
    expect(disagreements.slice(0, 20)).toEqual([]);
    expect(counts.expressions).toBeGreaterThanOrEqual(10_000);
    // The comparison must exercise every outcome, or it proves little.
    expect(counts.kongAccepted).toBeGreaterThan(3000);
    expect(counts.kongParseError).toBeGreaterThan(1000);
    expect(counts.kongValidationError).toBeGreaterThan(500);
    expect(counts.matched).toBeGreaterThan(1000);
    expect(counts.matchPairs - counts.matched).toBeGreaterThan(1000);
  }, 120_000);
});
