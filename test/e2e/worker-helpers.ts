// Helpers of the worker and deploy end-to-end suites: a `server start --port 0` subprocess, a `.ts` script run from
// source, a worker started in the background, and the process tree of a pid (to prove nothing is left behind).
import { execFileSync } from "node:child_process";
import { join } from "node:path";
import { waitFor } from "../../src/testing/index.js";
import { cliEnv, ROOT, runCli, startCli, type CliResult } from "./cli-helpers.js";
import { runNode } from "../helpers/run-node.js";
import { TS_RUN } from "../helpers/cli-entry.js";

/** A CLI subprocess left running: its child, its output so far and its exit. */
export type Background = ReturnType<typeof startCli>;

/** The flow file of the deploy tutorial, relative to the repository root (the CLI's working directory). */
export const MY_FLOW = "test/fixtures/deploy/my_flow.ts";

/** Throws (with its output) when `proc` died, so a wait on it fails at once instead of timing out. */
export function alive(proc: Background, what: string): null {
  if (proc.child.exitCode !== null || proc.child.signalCode !== null) {
    throw new Error(`${what} exited with ${proc.child.exitCode ?? proc.child.signalCode}:\n${proc.output()}`);
  }
  return null;
}

/** Starts `prefect-ts server start --port 0` and resolves with it and its API URL once it answers. */
export async function startServerCli(env: Record<string, string>): Promise<{ server: Background; apiUrl: string }> {
  const server = startCli(["server", "start", "--port", "0"], env);
  const match = await waitFor(() => alive(server, "server start") ?? /PREFECT_API_URL=(\S+)/.exec(server.output()), {
    timeoutMs: 30_000,
    message: "the server to print PREFECT_API_URL",
  });
  return { server, apiUrl: match[1] as string };
}

/** Starts `prefect-ts worker start ...args` and resolves once it printed that it started. */
export async function startWorkerCli(args: string[], env: Record<string, string>): Promise<Background> {
  const worker = startCli(["worker", "start", ...args], env);
  await waitFor(() => alive(worker, "worker start") ?? /Worker '.*' started!/.test(worker.output()), {
    timeoutMs: 30_000,
    message: "the worker to print that it started",
  });
  return worker;
}

/** Runs a `.ts` script of the repository with Node + tsx (as a user runs `npx tsx script.ts`), to completion. */
export function runScript(file: string, env: Record<string, string>): Promise<CliResult> {
  return runNode([...TS_RUN, join(ROOT, file)], {
    cwd: ROOT,
    env: cliEnv(env),
  });
}

/** The pids of every live descendant of `pid` (children, grandchildren, ...). */
export function descendants(pid: number): number[] {
  const table = execFileSync("ps", ["-e", "-o", "pid=,ppid="], { encoding: "utf8" });
  const children = new Map<number, number[]>();
  for (const line of table.trim().split("\n")) {
    const [child, parent] = line.trim().split(/\s+/).map(Number) as [number, number];
    children.set(parent, [...(children.get(parent) ?? []), child]);
  }
  const found: number[] = [];
  const queue = [pid];
  while (queue.length > 0) {
    for (const child of children.get(queue.shift() as number) ?? []) {
      found.push(child);
      queue.push(child);
    }
  }
  return found;
}

/** Whether a process with this pid is alive (a zombie awaiting its reaper counts as gone). */
export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  try {
    return !execFileSync("ps", ["-o", "stat=", "-p", String(pid)], { encoding: "utf8" })
      .trim()
      .startsWith("Z");
  } catch {
    return false;
  }
}

/** Sends SIGKILL to each pid still alive (cleanup after a test). */
export function killAll(pids: readonly number[]): void {
  for (const pid of pids) {
    try {
      process.kill(pid, "SIGKILL");
    } catch {
      // already gone
    }
  }
}

/** Runs the CLI and fails with its output when it does not exit 0. */
export async function cliOk(args: string[], env: Record<string, string>): Promise<CliResult> {
  const result = await runCli(args, env);
  if (result.code !== 0)
    throw new Error(`prefect-ts ${args.join(" ")} exited ${result.code}:\n${result.stdout}${result.stderr}`);
  return result;
}
