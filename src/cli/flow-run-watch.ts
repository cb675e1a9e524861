// Watching a flow run from the CLI (`deployment run --watch`): print each state change and each new log line until
// the run reaches a final state, then return that run. Exit codes are decided by the calling command.
import type { FlowRun, Log, PrefectClient } from "../client/index.js";
import type { CliContext } from "./context.js";
import { colorState, formatLogTime, formatTime, levelName, startProgress } from "./output.js";

const FINAL_STATES = new Set(["COMPLETED", "FAILED", "CANCELLED", "CRASHED"]);
const LOG_PAGE = 200;
/** First poll delay: quick runs end quickly; polls then slow down to the watch interval. */
const FIRST_POLL_SECONDS = 0.1;

/** Options of {@link watchFlowRun}. */
export interface WatchOptions {
  /** Longest pause between polls. @default 5 */
  intervalSeconds?: number;
  /** Stop watching after this long and return the run as it is. @default no limit */
  timeoutSeconds?: number;
}

/** Prints logs of the run not printed yet; returns how many logs have been printed in total. */
async function printNewLogs(
  context: CliContext,
  client: PrefectClient,
  runId: string,
  printed: number,
): Promise<number> {
  let offset = printed;
  for (;;) {
    const page: Log[] = await client.readLogs({
      logFilter: { flowRunId: { any_: [runId] } },
      sort: "TIMESTAMP_ASC",
      limit: LOG_PAGE,
      offset,
    });
    for (const log of page) {
      context.out(`${formatLogTime(log.timestamp)} | ${levelName(log.level).padEnd(7)} | ${log.name} - ${log.message}`);
    }
    offset += page.length;
    if (page.length < LOG_PAGE) return offset;
  }
}

function stateKey(run: FlowRun): string {
  return `${run.state?.id ?? ""}|${run.state?.type ?? ""}|${run.state?.name ?? ""}`;
}

/**
 * Polls the run, printing `Flow run 'name' is in state 'Running'.` on each change and its logs as they arrive,
 * until the run is Completed, Failed, Cancelled or Crashed (or the timeout passes). Returns the last read run.
 */
export async function watchFlowRun(
  context: CliContext,
  client: PrefectClient,
  run: FlowRun,
  options: WatchOptions = {},
): Promise<FlowRun> {
  const interval = options.intervalSeconds ?? 5;
  const deadline = options.timeoutSeconds === undefined ? Infinity : Date.now() + options.timeoutSeconds * 1000;
  let delay = Math.min(FIRST_POLL_SECONDS, interval);
  let current = run;
  let lastState = "";
  let printedLogs = 0;
  // In a terminal, a spinner under the lines says the CLI is still waiting (and for what); nothing in a pipe.
  const spinner = startProgress(context, `Watching flow run '${current.name}'...`);
  try {
    for (;;) {
      if (stateKey(current) !== lastState) {
        lastState = stateKey(current);
        const at = formatTime(current.state?.timestamp);
        const name = current.state?.name ?? current.state?.type ?? "unknown";
        context.out(
          `${at} | Flow run '${current.name}' is in state '${colorState(context.style, current.state?.type, name)}'.`,
        );
        spinner.update(`Watching flow run '${current.name}': ${name}...`);
      }
      printedLogs = await printNewLogs(context, client, current.id, printedLogs);
      if (FINAL_STATES.has(current.state?.type ?? "") || Date.now() >= deadline) return current;
      await new Promise((resolve) =>
        setTimeout(resolve, Math.min(delay, Math.max(0, deadline - Date.now()) / 1000) * 1000),
      );
      delay = Math.min(delay * 1.5, interval);
      current = await client.readFlowRun(current.id);
    }
  } finally {
    spinner.stop();
  }
}
