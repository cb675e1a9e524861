// `prefect-ts flow-run ls|inspect|logs|delete|cancel`: reading, deleting and cancelling flow runs through the client.
// Executing runs (`flow-run execute`) lives in flow-run-execute.ts; stopping a cancelled run's process is the runner's.
import { ConfigError, ObjectNotFoundError, PrefectError } from "../errors.js";
import type { FlowRun, Log } from "../client/index.js";
import { FlowRunResponse } from "../schemas/index.js";
import type { CliContext } from "./context.js";
import type { FlowRunLogsFlags, FlowRunLsFlags } from "./main.js";
import { colorState, formatLogTime, formatTime, levelName, printTable, printWireJson } from "./output.js";

const STATE_TYPES = [
  "SCHEDULED",
  "PENDING",
  "RUNNING",
  "COMPLETED",
  "FAILED",
  "CANCELLED",
  "CRASHED",
  "PAUSED",
  "CANCELLING",
];

/** Prefect's state names are capitalized words (`Completed`, `AwaitingRetry`); accept any case for simple ones. */
function stateName(value: string): string {
  return value === value.toLowerCase() || value === value.toUpperCase()
    ? value.charAt(0).toUpperCase() + value.slice(1).toLowerCase()
    : value;
}

/**
 * `flow-run ls`: the runs with the latest expected start times, shown newest (created) first as Prefect's table
 * sorts them, with their flow's name and state coloured; `-o json` prints Prefect's wire JSON.
 */
export async function flowRunLs(context: CliContext, options: FlowRunLsFlags): Promise<void> {
  const stateTypes = (options.stateType ?? []).map((t) => t.toUpperCase());
  for (const t of stateTypes) {
    if (!STATE_TYPES.includes(t)) {
      throw new ConfigError(
        `Invalid --state-type ${JSON.stringify(t)}: expected one of ${STATE_TYPES.join(", ")}.`,
        "--state-type",
      );
    }
  }
  const state: Record<string, { any_: string[] }> = {};
  if (stateTypes.length > 0) state.type = { any_: stateTypes };
  if (options.state !== undefined) state.name = { any_: options.state.map(stateName) };
  const client = await context.client();
  const runs = await client.readFlowRuns({
    ...(options.flowName === undefined ? {} : { flowFilter: { name: { any_: options.flowName } } }),
    ...(Object.keys(state).length === 0 ? {} : { flowRunFilter: { state } }),
    limit: options.limit,
    sort: "EXPECTED_START_TIME_DESC",
  });
  if (options.output === "json") {
    printWireJson(context, FlowRunResponse, runs);
    return;
  }
  const newestFirst = [...runs].sort((a, b) => (b.created?.getTime() ?? 0) - (a.created?.getTime() ?? 0));
  const flowIds = [...new Set(runs.map((r) => r.flowId))];
  const flows = flowIds.length === 0 ? [] : await client.readFlows({ flowFilter: { id: { any_: flowIds } } });
  const flowNames = new Map(flows.map((f) => [f.id, f.name]));
  printTable(context, {
    title: "Flow Runs",
    head: ["ID", "Flow", "Name", "State", "When"],
    rows: newestFirst.map((r) => [
      r.id,
      flowNames.get(r.flowId) ?? String(r.flowId),
      String(r.name),
      colorState(context.style, r.state?.type, stateLabel(r)),
      formatTime(when(r)),
    ]),
    empty: "No flow runs found.",
  });
}

function stateLabel(run: FlowRun): string {
  return run.state?.name ?? run.stateName ?? run.state?.type ?? "-";
}

/** Prefect's "When": the scheduled time of a scheduled run, else the time it entered its state. */
function when(run: FlowRun): Date | null | undefined {
  if (run.state?.type === "SCHEDULED") return run.state.stateDetails?.scheduledTime ?? run.expectedStartTime;
  return run.state?.timestamp ?? run.startTime ?? run.expectedStartTime;
}

async function readRun(context: CliContext, id: string): Promise<FlowRun> {
  const client = await context.client();
  try {
    return await client.readFlowRun(id);
  } catch (error) {
    if (error instanceof ObjectNotFoundError) throw new PrefectError(`Flow run '${id}' not found!`, { cause: error });
    throw error;
  }
}

/** `flow-run inspect ID [-o json]`: the whole run with Prefect's snake_case fields (its wire JSON), as Prefect prints it. */
export async function flowRunInspect(context: CliContext, id: string, _options: { output?: "json" }): Promise<void> {
  printWireJson(context, FlowRunResponse, await readRun(context, id));
}

/** Page size of log reads; Prefect's server caps `limit` at PREFECT_API_DEFAULT_LIMIT. */
const LOG_PAGE = 200;

/** `flow-run logs ID [--head|--tail] [-n N] [--reverse]`: `TIME | LEVEL   | logger - message` lines. */
export async function flowRunLogs(context: CliContext, id: string, options: FlowRunLogsFlags): Promise<void> {
  if (options.head === true && options.tail === true) {
    throw new ConfigError("Use --head or --tail, not both.", "--head");
  }
  const run = await readRun(context, id);
  const client = await context.client();
  const limited = options.head === true || options.tail === true;
  const wanted = limited ? (options.numLogs ?? 20) : options.numLogs;
  // --tail reads newest first and flips back, so the last N logs print in time order (reversed with -r).
  const newestFirst = options.tail === true ? options.reverse !== true : options.reverse === true;
  const logs: Log[] = [];
  for (let offset = 0; wanted === undefined || logs.length < wanted; offset += LOG_PAGE) {
    const limit = wanted === undefined ? LOG_PAGE : Math.min(LOG_PAGE, wanted - logs.length);
    const page = await client.readLogs({
      logFilter: { flowRunId: { any_: [run.id] } },
      limit,
      offset,
      sort: newestFirst ? "TIMESTAMP_DESC" : "TIMESTAMP_ASC",
    });
    logs.push(...page);
    if (page.length < limit) break;
  }
  if (options.tail === true) logs.reverse();
  if (logs.length === 0) {
    context.out(`No logs found for flow run '${run.id}'.`);
    return;
  }
  for (const log of logs) {
    context.out(`${formatLogTime(log.timestamp)} | ${levelName(log.level).padEnd(7)} | ${log.name} - ${log.message}`);
  }
}

/** `flow-run delete ID`. */
export async function flowRunDelete(context: CliContext, id: string): Promise<void> {
  const client = await context.client();
  try {
    await client.deleteFlowRun(id);
  } catch (error) {
    if (error instanceof ObjectNotFoundError) throw new PrefectError(`Flow run '${id}' not found!`, { cause: error });
    throw error;
  }
  context.out(`Successfully deleted flow run '${id}'.`);
}

/**
 * `flow-run cancel ID`: proposes Cancelling, as Prefect's CLI. The server's rules make a run nothing executes yet
 * (Scheduled without infrastructure, a suspended Paused run) Cancelled at once; a Pending or Running run stays
 * Cancelling until its runner or worker stops it and reports Cancelled.
 */
export async function flowRunCancel(context: CliContext, id: string): Promise<void> {
  const client = await context.client();
  let result;
  try {
    result = await client.setFlowRunState(id, { type: "CANCELLING", name: "Cancelling" });
  } catch (error) {
    if (error instanceof ObjectNotFoundError) throw new PrefectError(`Flow run '${id}' not found!`, { cause: error });
    throw error;
  }
  if (result.status === "ABORT") {
    throw new PrefectError(`Flow run '${id}' was unable to be cancelled. Reason: '${result.details.reason ?? ""}'`);
  }
  context.out(`Flow run '${id}' was successfully scheduled for cancellation.`);
}
