// Running `node <args>` with its output captured: to completion (the CLI, a script, a user's project command), or
// started and watched while it runs (a server, a worker, a served flow).

import { spawn, type ChildProcess } from "node:child_process";

/** The outcome of one command. */
export interface NodeResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs `node ...args` in `cwd` with exactly `env`, and resolves once it has closed its output. */
export function runNode(
  args: readonly string[],
  options: { cwd: string; env: NodeJS.ProcessEnv },
): Promise<NodeResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, args, {
      cwd: options.cwd,
      env: options.env,
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
    child.on("error", reject);
    child.on("close", (code) => resolve({ code, stdout, stderr }));
  });
}

/** A started `node ...args`: the child, a live view of its output (stdout and stderr as they arrive), and its exit. */
export interface StartedNode {
  child: ChildProcess;
  output: () => string;
  exited: Promise<number | null>;
}

/** Starts `node ...args` in `cwd` with exactly `env`, collecting its output as it comes. */
export function startNode(args: readonly string[], options: { cwd: string; env: NodeJS.ProcessEnv }): StartedNode {
  const child = spawn(process.execPath, args, {
    cwd: options.cwd,
    env: options.env,
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  child.stdout?.on("data", (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on("data", (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));
  return { child, output: () => output, exited };
}
