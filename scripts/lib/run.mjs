import { spawn } from "node:child_process";
import { root } from "./prisma-env.mjs";

/** Runs a command with inherited stdio; resolves with its exit code. */
export function run(cmd, args, { env = process.env, cwd = root, quiet = false } = {}) {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { cwd, env, stdio: quiet ? ["ignore", "pipe", "pipe"] : "inherit" });
    let output = "";
    if (quiet) {
      child.stdout.on("data", (d) => (output += d));
      child.stderr.on("data", (d) => (output += d));
    }
    child.on("error", reject);
    child.on("exit", (code, signal) => resolve({ code: code ?? (signal ? 1 : 0), output }));
  });
}

/** Runs a command and throws (printing its output) when it fails. */
export async function must(cmd, args, opts = {}) {
  const { code, output } = await run(cmd, args, opts);
  if (code !== 0) {
    if (output) process.stderr.write(output);
    throw new Error(`${cmd} ${args.join(" ")} exited with ${code}`);
  }
  return output;
}
