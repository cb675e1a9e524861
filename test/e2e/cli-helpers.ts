// Running the prefect-ts CLI as a subprocess (the fresh build, or the source; helpers/cli-entry.ts), with a temp PREFECT_HOME and no PREFECT_* leaking in.
// Shared by the test/e2e/cli-*.test.ts suites.
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { waitFor } from "../../src/testing/index.js";
import { CLI_ENTRY } from "../helpers/cli-entry.js";
import { runNode, startNode, type StartedNode } from "../helpers/run-node.js";

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

/** Sends what is written to `stream` to `into` instead, until the returned function is called. */
function captureWrites(stream: NodeJS.WriteStream, into: { text: string }): () => void {
  const write = stream.write;
  stream.write = ((chunk: string | Uint8Array, ...rest: unknown[]) => {
    into.text += typeof chunk === "string" ? chunk : Buffer.from(chunk).toString();
    (rest.find((arg) => typeof arg === "function") as (() => void) | undefined)?.();
    return true;
  }) as typeof stream.write;
  return () => {
    stream.write = write;
  };
}

let inProcessQueue: Promise<unknown> = Promise.resolve();

/**
 * Runs `prefect-ts ...args` in this process through the CLI's own entry (`runCli` of src/cli/main.ts): the same
 * parsing, settings (resolved from `cliEnv(env)`, never this process's PREFECT_*), output and exit code as the
 * subprocess, without a Node start-up and TypeScript load per call. Output goes to pipes (no terminal), and what the
 * library writes to process.stdout/stderr meanwhile (a deploy's summary) is the command's output too, as it is a
 * process's. With `cwd`, the command runs in that directory (as a user's in their project), this process's own
 * restored afterwards.
 * For commands that start no flow-run process: one started from here would load src/ through tsx.
 */
export function runCliInProcess(
  args: string[],
  env: Record<string, string>,
  options: { cwd?: string } = {},
): Promise<CliResult> {
  // One invocation at a time, as separate processes would not share them: each ends by closing this process's
  // embedded servers, reports its exit code through process.exitCode, takes over this process's output streams, and
  // may change the working directory.
  const result = inProcessQueue.then(async () => {
    const [{ runCli: run }, { CapturedStream }] = await Promise.all([
      import("../../src/cli/main.js"),
      import("../helpers/cli-context.js"),
    ]);
    const stdout = new CapturedStream(false);
    const stderr = new CapturedStream(false);
    const home = process.cwd();
    const release = [captureWrites(process.stdout, stdout), captureWrites(process.stderr, stderr)];
    if (options.cwd !== undefined) process.chdir(options.cwd);
    try {
      const code = await run(args, { io: { stdout, stderr }, env: cliEnv(env) });
      return { code, stdout: stdout.text, stderr: stderr.text };
    } finally {
      process.chdir(home);
      for (const restore of release) restore();
    }
  });
  inProcessQueue = result.catch(() => undefined);
  return result;
}

/** {@link runCliInProcess}, failing with the command's output unless it exits 0. */
export async function cliOkInProcess(
  args: string[],
  env: Record<string, string>,
  options: { cwd?: string } = {},
): Promise<CliResult> {
  const result = await runCliInProcess(args, env, options);
  if (result.code !== 0)
    throw new Error(`prefect-ts ${args.join(" ")} exited ${result.code}:\n${result.stdout}${result.stderr}`);
  return result;
}

/** Starts `prefect-ts ...args` and returns the child with a live view of its output. */
export function startCli(args: string[], env: Record<string, string>): StartedNode {
  return startNode([...CLI, ...args], { cwd: ROOT, env: cliEnv(env) });
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
