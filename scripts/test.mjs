#!/usr/bin/env node
// `npm test`: every check, from a fresh clone. Installs what is missing (Chromium included), then
// type-check, lint, unit + integration tests (Vitest, real PostgreSQL) and Playwright journeys
// (real Chromium against `next start`). Ends with one line: `tests: N passed, N failed[, N skipped]`.
import { existsSync, mkdirSync, readFileSync, rmSync } from "node:fs";
import path from "node:path";
import { ensureDependencies, ensurePrismaClient } from "./lib/ensure-deps.mjs";
import { prismaEnv, root } from "./lib/prisma-env.mjs";
import { run, must } from "./lib/run.mjs";

const only = process.argv.slice(2); // e.g. `npm test -- unit integration`
const wants = (step) => only.length === 0 || only.includes(step);
const tally = { passed: 0, failed: 0, skipped: 0 };
const failures = [];
const outDir = path.join(root, ".data", "test");
rmSync(outDir, { recursive: true, force: true });
mkdirSync(outDir, { recursive: true });

await ensureDependencies();
if (wants("e2e")) await ensureChromium();
const { resolveDatabase } = await import("./lib/database.mjs");
const db = await resolveDatabase();
console.log(`› database server: ${db.source}`);
await ensurePrismaClient();

const env = prismaEnv({
  TEST_DATABASE_ADMIN_URL: db.adminUrl,
  SWITCHYARD_SECRET_KEY: process.env.SWITCHYARD_SECRET_KEY ?? "test-only-secret-key-0000000000000000000000",
  CHROMIUM_PATH: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
});
const bin = (pkg, file) => path.join(root, "node_modules", pkg, file);

try {
  if (wants("typecheck")) await step("typecheck", process.execPath, [bin("typescript", "bin/tsc"), "--noEmit", "-p", "."]);
  if (wants("lint")) await step("lint", process.execPath, [bin("eslint", "bin/eslint.js"), ".", "--max-warnings=0"]);
  if (wants("unit") || wants("integration")) {
    const projects = ["unit", "integration"].filter(wants).flatMap((p) => ["--project", p]);
    const report = path.join(outDir, "vitest.json");
    const { code } = await run(
      process.execPath,
      [bin("vitest", "vitest.mjs"), "run", ...projects, "--reporter=default", "--reporter=json", `--outputFile.json=${report}`],
      { env },
    );
    countVitest(report, code);
  }
  if (wants("e2e")) {
    const report = path.join(outDir, "playwright.json");
    const { code } = await run(process.execPath, [bin("@playwright/test", "cli.js"), "test"], {
      env: { ...env, PLAYWRIGHT_JSON_OUTPUT_NAME: report },
    });
    countPlaywright(report, code);
  }
} finally {
  await db.stop().catch(() => {});
}

if (failures.length) console.log(`\nfailed: ${failures.join(", ")}`);
console.log(`tests: ${tally.passed} passed, ${tally.failed} failed${tally.skipped ? `, ${tally.skipped} skipped` : ""}`);
process.exit(tally.failed > 0 ? 1 : 0);

/** A whole-tool check (type-check, lint) counts as one test. */
async function step(name, cmd, args) {
  console.log(`\n› ${name}`);
  const { code } = await run(cmd, args, { env });
  if (code === 0) tally.passed += 1;
  else {
    tally.failed += 1;
    failures.push(name);
  }
}

function countVitest(report, code) {
  if (!existsSync(report)) {
    tally.failed += 1;
    failures.push("vitest (no report)");
    return;
  }
  const r = JSON.parse(readFileSync(report, "utf8"));
  tally.passed += r.numPassedTests;
  tally.failed += r.numFailedTests;
  tally.skipped += r.numPendingTests + r.numTodoTests;
  // A suite that failed to load has no failed tests but a failed file.
  const brokenFiles = r.testResults.filter((f) => f.status === "failed" && f.assertionResults.every((a) => a.status !== "failed"));
  if (brokenFiles.length || (code !== 0 && r.numFailedTests === 0)) {
    tally.failed += Math.max(1, brokenFiles.length);
    failures.push(...brokenFiles.map((f) => path.relative(root, f.name)));
  }
  if (r.numFailedTests) failures.push(`${r.numFailedTests} vitest test(s)`);
}

function countPlaywright(report, code) {
  if (!existsSync(report)) {
    tally.failed += 1;
    failures.push("playwright (no report)");
    return;
  }
  const s = JSON.parse(readFileSync(report, "utf8")).stats;
  tally.passed += s.expected + s.flaky;
  tally.failed += s.unexpected;
  tally.skipped += s.skipped;
  if (s.unexpected) failures.push(`${s.unexpected} playwright test(s)`);
  else if (code !== 0) {
    tally.failed += 1;
    failures.push("playwright (exit code)");
  }
}

/** Debian's Chromium when running as root, Playwright's installer otherwise (environment.md). */
async function ensureChromium() {
  const chromium = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
  if (existsSync(chromium)) return;
  console.log("› installing Chromium…");
  if (process.getuid?.() === 0) {
    await must("apt-get", ["update", "-qq"], { quiet: true });
    await must("apt-get", ["install", "-y", "-qq", "chromium"], { env: { ...process.env, DEBIAN_FRONTEND: "noninteractive" }, quiet: true });
  } else {
    await must(process.execPath, [bin("@playwright/test", "cli.js"), "install", "chromium"]);
  }
}
