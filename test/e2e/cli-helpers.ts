// Running the prefect-ts CLI as a subprocess (the fresh build, or the source; helpers/cli-entry.ts), with a temp PREFECT_HOME and no PREFECT_* leaking in.
// Shared by the test/e2e/cli-*.test.ts suites.
import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { waitFor } from "../../src/testing/index.js";
import { CLI_ENTRY } from "../helpers/cli-entry.js";
import { runNode } from "../helpers/run-node.js";

/** The repository root (where package.json is). */
export const ROOT = resolve(import.meta.dirname, "../..");

/** The argv prefix that runs the CLI: the fresh build, or the source through tsx (test/helpers/cli-entry.ts). */
export const CLI = [...CLI_ENTRY];

/** A fresh PREFECT_HOME. */
export function tempHome(): string {
  return mkdtempSync(join(tmpdir(), "prefect-ts-cli-"));
}

/** The environment of a CLI run: the parent's, minus every PREFECT_* variable, plus `extra`. */
export function cliEnv(extra: Record<string, string>): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(process.env)) if (!key.startsWith("PREFECT_")) env[key] = value;
  return { ...env, NO_COLOR: "1", ...extra };
}

/** The outcome of one CLI run. */
export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs `prefect-ts ...args` to completion as a subprocess (for journeys whose point is the process). */
export function runCli(args: string[], env: Record<string, string>): Promise<CliResult> {
  return runNode([...CLI, ...args], { cwd: ROOT, env: cliEnv(env) });
}

let inProcessQueue: Promise<unknown> = Promise.resolve();

/**
 * Runs `prefect-ts ...args` in this process through the CLI's own entry (`runCli` of src/cli/main.ts): the same
 * parsing, settings (resolved from `cliEnv(env)`, never this process's PREFECT_*), output and exit code as the
 * subprocess, without a Node start-up and TypeScript load per call. Output goes to pipes (no terminal).
 */
export function runCliInProcess(args: string[], env: Record<string, string>): Promise<CliResult> {
  // One invocation at a time, as separate processes would not share them: each ends by closing this process's
  // embedded servers, and reports its exit code through process.exitCode.
  const result = inProcessQueue.then(async () => {
    const [{ runCli: run }, { CapturedStream }] = await Promise.all([
      import("../../src/cli/main.js"),
      import("../helpers/cli-context.js"),
    ]);
    const stdout = new CapturedStream(false);
    const stderr = new CapturedStream(false);
    const code = await run(args, { io: { stdout, stderr }, env: cliEnv(env) });
    return { code, stdout: stdout.text, stderr: stderr.text };
  });
  inProcessQueue = result.catch(() => undefined);
  return result;
}

/** Starts `prefect-ts ...args` and returns the child with a live view of its output. */
export function startCli(
  args: string[],
  env: Record<string, string>,
): { child: ChildProcess; output: () => string; exited: Promise<number | null> } {
  const child = spawn(process.execPath, [...CLI, ...args], {
    cwd: ROOT,
    env: cliEnv(env),
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  child.stdout?.on("data", (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on("data", (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<number | null>((resolvePromise) => child.on("exit", (code) => resolvePromise(code)));
  return { child, output: () => output, exited };
}

/**
 * `waitFor` of src/testing with this file's old 20 s default, kept only for the suites other sessions are editing
 * (agent, seed-002, ui-server-start); new code imports `waitFor` from src/testing directly.
 * @deprecated use waitFor from src/testing
 */
export function waitUntil<T>(
  fn: () => T | Promise<T>,
  options: { timeoutMs?: number; message?: string } = {},
): Promise<NonNullable<T>> {
  return waitFor(fn, { timeoutMs: 20_000, ...options });
}
