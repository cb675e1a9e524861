// Running a flow call: create the flow (once) and the flow run, propose Running, run the function in a flow run
// context, flush task runs, propose Completed/Failed; the server decides flow retries (AwaitingRetry), as in Prefect.
// Subflows get a parent task run in the calling flow run. Task runs are handled by task-engine.ts.
import { randomUUID } from "node:crypto";
import type { FlowRun, OrchestrationResult, PrefectClient, State, StateInput } from "../client/index.js";
import { type ParameterValidationError, TimeoutRunError } from "../errors.js";
import type { Settings } from "../settings/index.js";
import { currentClient, currentClock, currentSettings } from "./client-provider.js";
import { currentFlowContext, runInContext, type FlowRunContext } from "./context.js";
import { trackActiveFlowRun } from "./crash-handlers.js";
import type { FlowDefinition } from "./definitions.js";
import { ensureFlowId } from "./flow-registry.js";
import { runHooks } from "./hooks.js";
import { installLogPrints } from "./log-prints.js";
import { logWriterFor, type LogWriter } from "./log-writer.js";
import { levelNumber, RunLogger } from "./logger.js";
import { validateSchemaParameters } from "./parameter-schema.js";
import { jsonSafe, parametersFromArgs } from "./parameters.js";
import { resultStoreAt } from "./results.js";
import { resolveRunName, taskRunName } from "./run-names.js";
import { failureMessage, formatState, isTerminal, makeState, toStateInput } from "./states.js";
import { StateWriter } from "./state-writer.js";
import { relatedResources } from "./task-run-events.js";
import { callWithTimeout } from "./timeouts.js";

/** The outcome of a flow call: its final state, and the value or the error. */
export interface FlowOutcome {
  readonly state: State;
  readonly flowRun: FlowRun;
  readonly ok: boolean;
  readonly value: unknown;
  readonly error: unknown;
}

/** Proposes a flow run state, waiting out WAIT answers; returns the resulting state. */
async function proposeFlowState(client: PrefectClient, flowRunId: string, state: StateInput): Promise<State> {
  for (;;) {
    const result: OrchestrationResult = await client.setFlowRunState(flowRunId, state);
    if (result.status === "WAIT") {
      const delay = "delaySeconds" in result.details ? Number(result.details.delaySeconds) : 1;
      await currentClock().sleep(Math.max(0, delay) * 1000);
      continue;
    }
    if (result.state) return result.state;
    return (await client.readFlowRun(flowRunId)).state as State;
  }
}

function logWriterOptions(settings: Settings): Parameters<typeof logWriterFor>[1] {
  return {
    intervalMs: settings.PREFECT_LOGGING_TO_API_BATCH_INTERVAL * 1000,
    maxBatchBytes: settings.PREFECT_LOGGING_TO_API_BATCH_SIZE,
    onError: (error) =>
      process.stderr.write(
        `prefect-ts: could not send logs to the API: ${error instanceof Error ? error.message : String(error)}\n`,
      ),
  };
}

/** Persists a flow's result; a value JSON cannot hold fails the run (as a serialization error does in Prefect). */
async function persistFlowResult(settings: Settings, value: unknown): Promise<unknown> {
  return resultStoreAt(settings.PREFECT_LOCAL_STORAGE_PATH).write(value, null, null);
}

/**
 * The subflow's tracking task run in the parent flow run (Prefect's pattern), created Pending before the child run;
 * returns its id. Its later states are the server's to write: it mirrors every state of the child flow run onto it
 * (Prefect's UpdateSubflowParentTask), so the engine records none itself (that would show each state twice).
 */
async function createParentTaskRun(parent: FlowRunContext, def: FlowDefinition): Promise<string> {
  const id = randomUUID();
  const dynamic = parent.dynamicKeys.get(def.taskKey) ?? 0;
  parent.dynamicKeys.set(def.taskKey, dynamic + 1);
  const options = {
    id,
    flowRunId: parent.flowRun.id,
    taskKey: def.taskKey,
    dynamicKey: String(dynamic),
    name: taskRunName(def.name, id),
  };
  const pending = makeState("PENDING", { details: { flowRunId: parent.flowRun.id, taskRunId: id } });
  // Created directly (not through the writer) because the child flow run refers to it.
  await parent.client.createTaskRun({ ...options, state: toStateInput(pending) });
  return id;
}

/** Options of {@link runFlow}. */
export interface RunFlowOptions {
  /**
   * Run this existing flow run (one created from a deployment and claimed by a runner or worker) instead of
   * creating one: its id, name and stored parameters are used, and the server decides whether it may run.
   */
  flowRun?: FlowRun;
}

/** Creates the flow (once per process) and a Pending flow run of a direct call. */
async function createFlowRunFor(
  client: PrefectClient,
  settings: Settings,
  def: FlowDefinition,
  parameters: Record<string, unknown>,
  parentTaskRunId: string | null,
): Promise<FlowRun> {
  const o = def.options;
  const flowId = await ensureFlowId(client, def.name);
  const name = resolveRunName("flowRunName", o.flowRunName as never, parameters);
  const retries = o.retries ?? settings.PREFECT_FLOWS_DEFAULT_RETRIES;
  return client.createFlowRun({
    flowId,
    ...(name !== undefined ? { name } : {}),
    parameters,
    parentTaskRunId,
    empiricalPolicy: { retries, retryDelay: o.retryDelaySeconds ?? settings.PREFECT_FLOWS_DEFAULT_RETRY_DELAY_SECONDS },
    ...(o.version !== undefined ? { flowVersion: o.version } : {}),
    state: { type: "PENDING" },
  });
}

/** States in which an existing run is not started: Cancelling (the runner is stopping it) and every final state. */
function isNotRunnable(type: State["type"]): boolean {
  return type === "CANCELLING" || isTerminal(type);
}

/**
 * Gives an existing run (created from a deployment, without the flow's options) the flow's retry policy and
 * version, as Prefect's engine does, so the server's RetryFailedFlows rule sees the flow's retries.
 */
async function adoptFlowRun(
  client: PrefectClient,
  settings: Settings,
  def: FlowDefinition,
  run: FlowRun,
): Promise<void> {
  const o = def.options;
  const policy = run.empiricalPolicy;
  const retries = policy.retries ?? o.retries ?? settings.PREFECT_FLOWS_DEFAULT_RETRIES;
  const retryDelay = policy.retryDelay ?? o.retryDelaySeconds ?? settings.PREFECT_FLOWS_DEFAULT_RETRY_DELAY_SECONDS;
  const version = run.flowVersion ?? o.version;
  const policyChanged = retries !== (policy.retries ?? 0) || retryDelay !== (policy.retryDelay ?? 0);
  if (!policyChanged && version === run.flowVersion) return;
  await client.updateFlowRun(run.id, {
    ...(policyChanged ? { empiricalPolicy: { retries, retryDelay } } : {}),
    ...(version !== undefined && version !== null ? { flowVersion: version } : {}),
  });
}

/** Runs a flow call to its final state. Errors of the user's function are captured in the outcome, not thrown. */
export async function runFlow(
  def: FlowDefinition,
  args: readonly unknown[],
  options: RunFlowOptions = {},
): Promise<FlowOutcome> {
  const client = await currentClient();
  const settings = currentSettings();
  const o = def.options;
  const parent = currentFlowContext();

  let callArgs: readonly unknown[] = args;
  let parameters: Record<string, unknown>;
  let validationError: ParameterValidationError | undefined;
  if (def.schema) {
    const input = args[0] ?? {};
    const checked =
      o.validateParameters === false
        ? { ok: true as const, value: input }
        : validateSchemaParameters(def.name, def.schema, input);
    if (checked.ok) {
      callArgs = [checked.value];
      parameters = jsonSafe(checked.value) as Record<string, unknown>;
    } else {
      validationError = checked.error;
      parameters = jsonSafe(input) as Record<string, unknown>;
    }
  } else {
    parameters = jsonSafe(parametersFromArgs(def.signature, args)) as Record<string, unknown>;
  }

  const existing = options.flowRun;
  if (existing) {
    parameters = existing.parameters;
    if (!existing.state || !isNotRunnable(existing.state.type)) await adoptFlowRun(client, settings, def, existing);
  }
  const parentTaskRunId = parent && !existing ? await createParentTaskRun(parent, def) : null;
  const flowRun = existing ?? (await createFlowRunFor(client, settings, def, parameters, parentTaskRunId));

  const level = levelNumber(settings.PREFECT_LOGGING_LEVEL);
  const logWriter: LogWriter = logWriterFor(client, logWriterOptions(settings));
  const runLogger = new RunLogger({
    name: "prefect.flow_runs",
    label: `Flow run '${flowRun.name}'`,
    flowRunId: flowRun.id,
    taskRunId: null,
    consoleLevel: level,
    apiLevel: level,
    writer: settings.PREFECT_LOGGING_TO_API_ENABLED ? logWriter : null,
    maxMessageSize: settings.PREFECT_LOGGING_TO_API_MAX_LOG_SIZE,
  });
  const stateWriter = new StateWriter(client, {
    related: relatedResources(flowRun, def.name),
    onError: (error, what) =>
      runLogger.warning(`Could not record ${what}: ${error instanceof Error ? error.message : String(error)}`),
  });
  if (existing && existing.state && isNotRunnable(existing.state.type)) {
    // A cancelled or finished run must not run again (the server would accept Running from most terminal states).
    runLogger.info(
      `Engine execution of flow run '${flowRun.id}' aborted: the run is already in state ${formatState(existing.state)}.`,
    );
    await logWriter.flush();
    return { state: existing.state, flowRun, ok: false, value: undefined, error: undefined };
  }
  runLogger.info(`Beginning flow run '${flowRun.name}' for flow '${def.name}'`);

  const logPrints = o.logPrints ?? settings.PREFECT_LOGGING_LOG_PRINTS;
  if (logPrints) installLogPrints();
  const persist = o.persistResult ?? settings.PREFECT_RESULTS_PERSIST_BY_DEFAULT;

  const untrack = trackActiveFlowRun(client, flowRun.id);
  let final!: State;
  let ok = false;
  let value: unknown;
  let error: unknown = validationError;
  let ranOnce = validationError !== undefined;
  try {
    if (validationError) {
      await logWriter.flushRun(flowRun.id);
      final = await proposeFlowState(client, flowRun.id, {
        type: "FAILED",
        message: `Validation of flow parameters failed with error: ${validationError.message}`,
      });
    } else {
      // Dynamic keys keep counting across flow retries, so a retry's task runs are new runs, not the first attempt's.
      const dynamicKeys = new Map<string, number>();
      let attempts = 0;
      for (;;) {
        let current = await proposeFlowState(client, flowRun.id, { type: "RUNNING" });
        if (current.type === "SCHEDULED" && current.stateDetails?.scheduledTime) {
          await currentClock().sleep(current.stateDetails.scheduledTime.getTime() - currentClock().now());
          continue;
        }
        if (current.type !== "RUNNING") {
          final = current;
          error = undefined;
          break;
        }
        attempts++;
        ranOnce = true;
        await runHooks("Running", o.onRunning, [def.subject, flowRun, current], runLogger);
        const controller = o.timeoutSeconds !== undefined ? new AbortController() : undefined;
        const ctx: FlowRunContext = {
          kind: "flow",
          flowName: def.name,
          flowRun,
          parameters,
          client,
          settings,
          logger: runLogger,
          logWriter,
          stateWriter,
          logPrints,
          dynamicKeys,
          flowRunRunCount: attempts,
          signal: controller?.signal,
        };
        let proposal: StateInput;
        try {
          value = await runInContext(ctx, () =>
            callWithTimeout("Flow", o.timeoutSeconds, controller, () => def.fn(...(callArgs as never[]))),
          );
          ok = true;
          error = undefined;
          await stateWriter.flush();
          const data = persist ? await persistFlowResult(settings, value) : null;
          proposal = { type: "COMPLETED", ...(data ? { data } : {}) };
        } catch (caught) {
          ok = false;
          error = caught;
          await stateWriter.flush();
          const timedOut = caught instanceof TimeoutRunError;
          proposal = timedOut
            ? { type: "FAILED", name: "TimedOut", message: (caught as Error).message }
            : { type: "FAILED", message: failureMessage("Flow", caught) };
          if (!timedOut)
            runLogger.error(
              `Encountered exception during execution: ${caught instanceof Error ? (caught.stack ?? caught.message) : String(caught)}`,
            );
        }
        // The run's logs are stored before its final state: whoever waits for that state (`--watch`, a caller of
        // the API) then reads every line the flow wrote.
        await logWriter.flushRun(flowRun.id);
        current = await proposeFlowState(client, flowRun.id, proposal);
        if (!isTerminal(current.type) && proposal.type === "FAILED") {
          // RetryFailedFlows rejected Failed into AwaitingRetry: wait for its scheduled time, then run again.
          runLogger.info(
            `Received non-final state '${current.name ?? current.type}' when proposing final state 'Failed' and will attempt to run again...`,
          );
          const at = current.stateDetails?.scheduledTime;
          if (at) await currentClock().sleep(at.getTime() - currentClock().now());
          continue;
        }
        final = current;
        break;
      }
    }
  } catch (engineError) {
    // The API (or the engine) failed under the run, not the user's code: mark the run Crashed if the server
    // still answers, as Prefect does, then let the error through.
    const message = engineError instanceof Error ? engineError.message : String(engineError);
    runLogger.error(`Crash detected! Execution was interrupted by an unexpected exception: ${message}`);
    await stateWriter.flush();
    await logWriter.flushRun(flowRun.id);
    try {
      const crashed = await client.setFlowRunState(
        flowRun.id,
        { type: "CRASHED", message: `Execution was interrupted by an unexpected exception: ${message}` },
        { force: true },
      );
      if (crashed.state) await runHooks("Crashed", o.onCrashed, [def.subject, flowRun, crashed.state], runLogger);
    } catch {
      // The server is gone; its zombie detection will mark the run.
    }
    await logWriter.flush();
    untrack();
    throw engineError;
  }
  untrack();

  if (existing && !ranOnce) {
    runLogger.info(
      `Engine execution of flow run '${flowRun.id}' aborted by orchestrator: the run is in state ${formatState(final)}.`,
    );
    await stateWriter.close();
    await logWriter.flush();
    return { state: final, flowRun, ok: false, value: undefined, error: undefined };
  }
  const finishedLevel = final.type === "COMPLETED" ? "info" : "error";
  runLogger[finishedLevel](`Finished in state ${formatState(final)}`);
  const hooks =
    final.type === "COMPLETED"
      ? o.onCompletion
      : final.type === "FAILED"
        ? o.onFailure
        : final.type === "CANCELLED"
          ? o.onCancellation
          : final.type === "CRASHED"
            ? o.onCrashed
            : undefined;
  await runHooks(final.name ?? final.type, hooks, [def.subject, flowRun, final], runLogger);
  await stateWriter.close();
  await logWriter.flush();
  return { state: final, flowRun, ok: ok && final.type === "COMPLETED", value, error };
}
