// Marks active flow runs Crashed when the process is told to stop (SIGINT, SIGTERM) or dies of an uncaught error,
// as Prefect's engine does, flushing what the writers hold first, so runs are not left Running forever.
// Handlers are installed only while a flow run is active and nobody else handles those events.
import type { PrefectClient } from "../client/index.js";
import { flushAllWriters } from "./exit-flush.js";

interface ActiveRun {
  readonly client: PrefectClient;
  readonly flowRunId: string;
}

const active = new Set<ActiveRun>();
const SIGNALS = ["SIGINT", "SIGTERM"] as const;
let handling = false;

/** Crashed, unless the run is being cancelled: then the stop was the cancellation, and the run ends Cancelled. */
async function endRun(run: ActiveRun, message: string): Promise<void> {
  const current = await run.client.readFlowRun(run.flowRunId).catch(() => undefined);
  const state =
    current?.state?.type === "CANCELLING"
      ? { type: "CANCELLED" as const, message: "Flow run was cancelled: its process was stopped." }
      : { type: "CRASHED" as const, message };
  await run.client.setFlowRunState(run.flowRunId, state, { force: true });
}

async function crashAll(message: string): Promise<void> {
  await flushAllWriters();
  await Promise.all([...active].map((run) => endRun(run, message).catch(() => undefined)));
}

function onSignal(signal: NodeJS.Signals): void {
  if (handling) return;
  handling = true;
  installed = false;
  uninstall();
  // Give the API two seconds at most, then die of the same signal (default behaviour, exit code 128 + n).
  const deadline = setTimeout(() => process.kill(process.pid, signal), 2000);
  void crashAll(`Execution was aborted by a ${signal} signal.`).finally(() => {
    clearTimeout(deadline);
    process.kill(process.pid, signal);
  });
}

function onUncaught(error: unknown): void {
  if (handling) return;
  handling = true;
  installed = false;
  uninstall();
  // Print as Node would, then crash the runs and exit 1 (Node's exit code for an uncaught exception).
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  const message = `Execution was interrupted by an unexpected exception: ${error instanceof Error ? error.message : String(error)}`;
  const deadline = setTimeout(() => process.exit(1), 2000);
  void crashAll(message).finally(() => {
    clearTimeout(deadline);
    process.exit(1);
  });
}

function install(): void {
  for (const s of SIGNALS) process.on(s, onSignal);
  process.on("uncaughtException", onUncaught);
}

function uninstall(): void {
  for (const s of SIGNALS) process.off(s, onSignal);
  process.off("uncaughtException", onUncaught);
}

let installed = false;
let uninstallScheduled = false;

/** Uninstalls at the end of this event-loop turn unless a run became active again: back-to-back flow calls
 * would otherwise start and stop the process's signal watchers each time (measured: ~0.1 ms per flow call). */
function uninstallSoon(): void {
  if (uninstallScheduled) return;
  uninstallScheduled = true;
  setImmediate(() => {
    uninstallScheduled = false;
    if (active.size === 0 && installed) {
      installed = false;
      uninstall();
    }
  }).unref();
}

/** Tracks a flow run as active until the returned function is called. */
export function trackActiveFlowRun(client: PrefectClient, flowRunId: string): () => void {
  const run: ActiveRun = { client, flowRunId };
  if (!installed) {
    // Only install when nobody else listens: a host (worker, serve) that handles signals itself stays in charge.
    const othersListen = [...SIGNALS, "uncaughtException" as const, "unhandledRejection" as const].some(
      (e) => process.listenerCount(e) > 0,
    );
    if (active.size === 0 && !othersListen) {
      install();
      installed = true;
    }
  }
  active.add(run);
  return () => {
    active.delete(run);
    if (active.size === 0 && installed) uninstallSoon();
  };
}
