// One flow run executed in a child process: `prefect-ts flow-run execute <id>` started in its own process group
// (so cancelling kills the whole tree, and what the run left running goes when it exits), or pre-started and handed
// its id later; exits described as Prefect's runner does.
import { spawn, type ChildProcess } from "node:child_process";
import { constants } from "node:os";
import { RUNNING_FROM_SOURCE, packagePath } from "../settings/index.js";

/** How to start the `flow-run execute` command of this installation. */
export interface ExecuteCommand {
  readonly command: string;
  readonly args: readonly string[];
}

/**
 * The command that executes a flow run with this very copy of prefect-ts: `node dist/cli/main.js` when built, or
 * `node --conditions=prefect-ts-source --import tsx src/cli/main.ts` when running from source (tests, examples).
 */
export function executeCommand(flowRunId: string | undefined): ExecuteCommand {
  const main = RUNNING_FROM_SOURCE ? packagePath("src", "cli", "main.ts") : packagePath("dist", "cli", "main.js");
  const loader = RUNNING_FROM_SOURCE ? ["--conditions=prefect-ts-source", "--import", import.meta.resolve("tsx")] : [];
  const target = flowRunId === undefined ? ["--id-from-stdin"] : [flowRunId];
  return { command: process.execPath, args: [...loader, main, "flow-run", "execute", ...target] };
}

/** How a child ended. */
export interface ChildExit {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
  /** What the infrastructure says of the end, added to a crash message (e.g. "The container was killed: out of memory (OOMKilled)."). */
  readonly reason?: string;
}

/** A started child process of one flow run. */
export interface FlowRunProcess {
  readonly flowRunId: string;
  readonly pid: number | undefined;
  /**
   * Where the run runs, recorded as the run's `infrastructure_pid` (Prefect's `<host>:<pid>` for a process, the
   * engine address and container id for a container). @default `<hostname>:<pid>`
   */
  readonly infrastructurePid?: string;
  /** Resolves when the process has exited. */
  readonly exited: Promise<ChildExit>;
  /** Sends `signal` to the child's whole process group. */
  kill(signal: NodeJS.Signals): void;
}

interface SpawnOptions {
  env: NodeJS.ProcessEnv;
  cwd?: string;
  command?: ExecuteCommand;
  /** Discard stdout and stderr. @default false (inherited) */
  quiet?: boolean;
}

/** Spawns in a new process group (so the whole tree can be signalled), output to this process's stdout/stderr. */
function spawnExecutor(
  flowRunId: string | undefined,
  options: SpawnOptions,
): { child: ChildProcess; exited: Promise<ChildExit>; kill(signal: NodeJS.Signals): void } {
  const { command, args } = options.command ?? executeCommand(flowRunId);
  const child: ChildProcess = spawn(command, args, {
    env: flowRunId === undefined ? options.env : { ...options.env, PREFECT__FLOW_RUN_ID: flowRunId },
    ...(options.cwd === undefined ? {} : { cwd: options.cwd }),
    stdio: [
      flowRunId === undefined ? "pipe" : "ignore",
      options.quiet ? "ignore" : "inherit",
      options.quiet ? "ignore" : "inherit",
    ],
    detached: process.platform !== "win32",
  });
  const exited = new Promise<ChildExit>((resolve) => {
    child.once("exit", (code, signal) => {
      // The run is over, crashed or not: whatever it started and left behind (a `sleep 300`, a server) is still in
      // its process group, orphaned. End it, so each run's process tree goes with the run.
      killGroup(child.pid, "SIGKILL");
      resolve({ code, signal });
    });
    // A spawn failure (e.g. a bad cwd) is reported as an exit without a code.
    child.once("error", () => resolve({ code: child.exitCode ?? 1, signal: null }));
  });
  // A child gone before reading its id must not crash this process with EPIPE.
  child.stdin?.on("error", () => undefined);
  const kill = (signal: NodeJS.Signals): void => {
    if (child.exitCode !== null || child.signalCode !== null || child.pid === undefined) return;
    try {
      if (process.platform === "win32") child.kill(signal);
      else process.kill(-child.pid, signal);
    } catch {
      // Already gone.
    }
  };
  return { child, exited, kill };
}

/** Signals every process left in the group `pid` leads (none on Windows, where there are no process groups). */
function killGroup(pid: number | undefined, signal: NodeJS.Signals): void {
  if (pid === undefined || process.platform === "win32") return;
  try {
    process.kill(-pid, signal);
  } catch {
    // ESRCH: the group is empty, nothing was left behind.
  }
}

/** Starts `flow-run execute <flowRunId>` with `env`. */
export function startFlowRunProcess(flowRunId: string, options: SpawnOptions): FlowRunProcess {
  const { child, exited, kill } = spawnExecutor(flowRunId, options);
  return { flowRunId, pid: child.pid, exited, kill };
}

/**
 * A pre-started `flow-run execute --id-from-stdin`: it loads the CLI, the client, the embedded database and tsx, then
 * waits. Handing it a run skips the process start-up (most of a cold dispatch). Each process still runs one run.
 */
export interface WarmProcess {
  /** Resolves when the process has exited (with code 0 and no run when released). */
  readonly exited: Promise<ChildExit>;
  /** True until it has exited. */
  readonly alive: boolean;
  /**
   * Gives it its run, with the variables and working directory the run needs (it adopts them before loading the
   * flow); from then on it is that run's process.
   */
  assign(flowRunId: string, job?: WarmJob): FlowRunProcess;
  /**
   * Lets it exit without a run (end of its stdin: it stops at once, mid-warm-up too) and resolves once it has. One still
   * there after `graceMs` (stuck, say) is killed: it holds no run, and a runner that stops must leave no process behind.
   */
  release(graceMs?: number): Promise<ChildExit>;
}

/** What a pre-started executor adopts with its run. */
export interface WarmJob {
  /** Variables to set (beyond those it started with). */
  env?: Record<string, string>;
  /** The directory to change to. */
  cwd?: string;
}

/**
 * The line a pre-started executor reads on stdin: the bare id, or `{"id","env","cwd"}` as JSON when the run needs
 * more (see `flow-run execute --id-from-stdin`).
 */
export function warmAssignment(flowRunId: string, job: WarmJob = {}): string {
  const plain = (job.env === undefined || Object.keys(job.env).length === 0) && job.cwd === undefined;
  return plain ? flowRunId : JSON.stringify({ id: flowRunId, ...job });
}

/** Starts a {@link WarmProcess}. */
export function startWarmProcess(options: SpawnOptions): WarmProcess {
  const { child, exited, kill } = spawnExecutor(undefined, options);
  let alive = true;
  void exited.then(() => (alive = false));
  return {
    exited,
    get alive() {
      return alive;
    },
    assign(flowRunId, job) {
      child.stdin?.end(`${warmAssignment(flowRunId, job)}\n`);
      return { flowRunId, pid: child.pid, exited, kill };
    },
    release(graceMs = 5_000) {
      child.stdin?.end();
      const timer = setTimeout(() => kill("SIGKILL"), graceMs);
      return exited.finally(() => clearTimeout(timer));
    },
  };
}

/**
 * Prefect's wording of a crash: the exit code or signal and, for a kill, the likely reason. `stateType` is the state
 * the run was left in, named when the process exited 0 without ending it (nothing failed, the process just stopped).
 */
export function crashMessage(exit: ChildExit, stateType?: string): string {
  const code = exit.code ?? (exit.signal ? signalExitCode(exit.signal) : -1);
  let message = exit.signal
    ? `Flow run process was terminated by signal ${exit.signal} (exit code ${code}).`
    : code === 0
      ? `Flow run process exited with code 0 before the run reached a final state${stateType ? ` (state: ${stateType})` : ""}; the flow's module may have called process.exit(), or the process ended before the flow was called.`
      : `Flow run process exited with non-zero status code ${code}.`;
  if (code === 137 || exit.signal === "SIGKILL") {
    message +=
      " This indicates that the process exited due to a SIGKILL signal. Typically, this is either caused by manual cancellation or high memory usage causing the operating system to terminate the process.";
  } else if (code === 143 || exit.signal === "SIGTERM") {
    message += " The process was asked to stop (SIGTERM).";
  }
  return exit.reason ? `${message} ${exit.reason}` : message;
}

function signalExitCode(signal: NodeJS.Signals): number {
  return 128 + (constants.signals[signal] ?? 0);
}
