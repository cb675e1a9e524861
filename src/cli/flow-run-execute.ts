// `prefect-ts flow-run execute <id>`: runs one flow run in this process (what runners and workers start); the exit
// code says whether it Completed. With `--id-from-stdin` (a runner's pre-started child) it warms up first and then
// waits for the id on stdin, so a dispatched run skips the process start-up; stdin ending without one stops it. The
// work itself is src/worker/execute.ts.
import { PrefectError } from "../errors.js";
import { adoptEnvironment, flowRunIdFromEnvironment } from "../settings/index.js";
import { importExecute } from "../worker/index.js";
import type { CliContext } from "./context.js";

/** Reads the first line of stdin; undefined at end of input without one (the runner stopped before giving work). */
function readIdLine(): Promise<string | undefined> {
  return new Promise((resolve) => {
    let buffer = "";
    const onData = (chunk: Buffer): void => {
      buffer += chunk.toString();
      const newline = buffer.indexOf("\n");
      if (newline >= 0) {
        process.stdin.off("data", onData);
        process.stdin.pause();
        resolve(buffer.slice(0, newline).trim());
      }
    };
    process.stdin.on("data", onData);
    process.stdin.once("end", () => resolve(buffer.trim() === "" ? undefined : buffer.trim()));
  });
}

/**
 * The run a pre-started executor was given: a bare id, or `{"id","env","cwd"}` (a worker's job); the variables
 * and the directory are adopted here, before the flow's module is loaded.
 */
function adoptAssignment(line: string): string {
  if (!line.startsWith("{")) return line;
  const job = JSON.parse(line) as { id: string; env?: Record<string, string>; cwd?: string };
  adoptEnvironment(job.env ?? {});
  if (job.cwd !== undefined) process.chdir(job.cwd);
  return job.id;
}

/**
 * The client and the engine; warmed up (tsx registered, one request made) for a pre-started child, whose wait for a
 * run ends if that fails, so the process exits with the error.
 */
async function loadExecution(context: CliContext, warm: boolean) {
  try {
    const [client, { executeFlowRun, warmUpExecution }] = await Promise.all([context.client(), importExecute()]);
    if (warm) await warmUpExecution({ client });
    return { client, executeFlowRun };
  } catch (error) {
    if (warm) process.stdin.destroy();
    throw error;
  }
}

/** Executes the run with the context's client; exit code 0 when it ends Completed, 1 otherwise. */
export async function flowRunExecute(
  context: CliContext,
  flowRunId: string | undefined,
  options: { idFromStdin?: boolean } = {},
): Promise<void> {
  // A pre-started child listens for its run from the start: when its runner lets it go (or dies) without one, stdin
  // ends and the process stops there, mid-warm-up too, instead of finishing a start-up nobody will use (a runner that
  // stops soon after starting a replacement, as `serve()` and `worker start` in scripts and tests often do).
  const assignment = flowRunId === undefined && options.idFromStdin === true ? readIdLine() : undefined;
  void assignment?.then((line) => {
    if (line === undefined) process.exit(0);
  });
  const { client, executeFlowRun } = await loadExecution(context, assignment !== undefined);
  let id = flowRunId;
  if (assignment) {
    const line = await assignment;
    if (line === undefined) return;
    id = adoptAssignment(line);
    adoptEnvironment({ PREFECT__FLOW_RUN_ID: id });
  }
  // As Prefect's engine: a job's own command may leave the id to the variable its worker sets.
  id ??= flowRunIdFromEnvironment();
  if (id === undefined)
    throw new PrefectError(
      "flow-run execute needs the flow run id: prefect-ts flow-run execute <id> (or PREFECT__FLOW_RUN_ID)",
    );
  const state = await executeFlowRun(id, { client });
  // The engine has logged the final state (and flushed its logs); nothing more to print.
  process.exitCode = state.type === "COMPLETED" ? 0 : 1;
}
