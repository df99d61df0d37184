#!/usr/bin/env node
// `npm run test:dataplane -- --runs N [--seed S --path P]`: the data-plane conformance test with N
// random estates (the test command runs 30), or replaying the counterexample fast-check reported.
import path from "node:path";
import { parseArgs } from "node:util";
import { root } from "../../scripts/lib/prisma-env.mjs";
import { run } from "../../scripts/lib/run.mjs";

const { values } = parseArgs({
  options: { runs: { type: "string" }, seed: { type: "string" }, path: { type: "string" } },
});
for (const [name, value] of Object.entries(values)) {
  if (name !== "path" && !/^-?\d+$/.test(value)) {
    console.error(`--${name} must be an integer, got ${value}`);
    process.exit(2);
  }
}
const env = {
  ...process.env,
  ...(values.runs ? { DATAPLANE_RUNS: values.runs } : {}),
  ...(values.seed ? { DATAPLANE_SEED: values.seed } : {}),
  ...(values.path ? { DATAPLANE_PATH: values.path } : {}),
};
const vitest = path.join(root, "node_modules", "vitest", "vitest.mjs");
const { code } = await run(
  process.execPath,
  [vitest, "run", "--project", "unit", "tests/dataplane/conformance.test.ts"],
  { env },
);
process.exit(code);
