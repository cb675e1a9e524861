// Running `node <args>` to completion with its output captured: the CLI, a script, a user's project command.

import { spawn } from "node:child_process";

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
