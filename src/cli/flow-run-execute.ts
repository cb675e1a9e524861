// `prefect-ts flow-run execute <id>`: runs one flow run in this process (what runners and workers start); the exit
// code says whether it Completed. The work itself is src/worker/execute.ts.
import type { CliContext } from "./context.js";

/** Executes the run with the context's client; exit code 0 when it ends Completed, 1 otherwise. */
export async function flowRunExecute(context: CliContext, flowRunId: string): Promise<void> {
  const [client, { executeFlowRun }] = await Promise.all([context.client(), import("../worker/execute.js")]);
  const state = await executeFlowRun(flowRunId, { client });
  // The engine has logged the final state (and flushed its logs); nothing more to print.
  process.exitCode = state.type === "COMPLETED" ? 0 : 1;
}
