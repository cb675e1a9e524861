// Running a task call: inside a flow run, the task run's states are decided here (Pending, Running, Retrying,
// AwaitingRetry, Completed, Cached, Failed/TimedOut), kept on a LocalTaskRun and recorded by the flow run's
// background StateWriter (task-run state events, as Prefect 3).
// Outside a flow the function simply runs. Caching and persisted results go through results.ts.
import { randomUUID } from "node:crypto";
import { v7 as uuid7 } from "uuid";
import type { State } from "../client/index.js";
import { CachePolicy, type CacheKeyContext } from "./cache-policy.js";
import { currentClock } from "./client-provider.js";
import {
  currentFlowContext,
  runInContext,
  type FlowRunContext,
  type TaskRunContext,
  type TaskRunInfo,
} from "./context.js";
import type { TaskDefinition } from "./definitions.js";
import { runHooks } from "./hooks.js";
import { installLogPrints } from "./log-prints.js";
import { LocalTaskRun } from "./local-task-run.js";
import { levelNumber, RunLogger } from "./logger.js";
import { parametersFromArgs } from "./parameters.js";
import { resultStoreAt, type ResultStore } from "./results.js";
import { retryDelayFor, retryDelayForPolicy, withJitter } from "./retries.js";
import { resolveRunName, taskRunName } from "./run-names.js";
import { failureMessage, formatState, makeState } from "./states.js";
import { callWithTimeout } from "./timeouts.js";
import { TimeoutRunError } from "../errors.js";

/** The outcome of a task call: its final state, and the value or the error. */
export interface TaskOutcome {
  readonly state: State;
  readonly ok: boolean;
  readonly value: unknown;
  readonly error: unknown;
}

function describeError(error: unknown): string {
  return error instanceof Error ? `${error.name}('${error.message}')` : String(error);
}

interface CachePlan {
  readonly store: ResultStore | null;
  readonly key: string | null;
  readonly expiration: Date | null;
  readonly refresh: boolean;
}

function planCache(
  def: TaskDefinition,
  flow: FlowRunContext,
  info: TaskRunInfo,
  parameters: Record<string, unknown>,
  logger: RunLogger,
): CachePlan {
  const o = def.options;
  const settings = flow.settings;
  const persist =
    o.persistResult ??
    (o.cachePolicy !== undefined || o.cacheKeyFn !== undefined ? true : settings.PREFECT_RESULTS_PERSIST_BY_DEFAULT);
  if (!persist) return { store: null, key: null, expiration: null, refresh: false };
  const store = resultStoreAt(settings.PREFECT_LOCAL_STORAGE_PATH);
  const policy = o.cacheKeyFn
    ? CachePolicy.fromFunction(
        o.cacheKeyFn as (ctx: CacheKeyContext, p: Readonly<Record<string, unknown>>) => string | null | undefined,
      )
    : (o.cachePolicy ?? CachePolicy.DEFAULT);
  let key: string | null = null;
  try {
    key = policy.computeKey(
      {
        taskName: def.name,
        taskKey: def.taskKey,
        taskSourceHash: def.sourceHash,
        flowRunId: info.flowRunId,
        taskRunId: info.id,
        flowParameters: flow.parameters,
      },
      parameters,
    );
  } catch (error) {
    logger.warning(
      `Error computing the cache key, the result will not be cached: ${error instanceof Error ? error.message : String(error)}`,
    );
  }
  const expiration =
    key !== null && o.cacheExpiration !== undefined ? new Date(Date.now() + o.cacheExpiration * 1000) : null;
  return { store, key, expiration, refresh: o.refreshCache ?? settings.PREFECT_TASKS_REFRESH_CACHE };
}

/** Runs a task call inside a flow run (recording its run) or, outside flows, as a plain call. */
export async function runTask(def: TaskDefinition, args: readonly unknown[]): Promise<TaskOutcome> {
  const flow = currentFlowContext();
  if (!flow) return runDetached(def, args);
  const o = def.options;
  const settings = flow.settings;
  // Time-ordered, so the server's id and task-run indexes grow at their ends instead of at random pages.
  const id = uuid7();
  const parameters = parametersFromArgs(def.signature, args);
  const dynamic = flow.dynamicKeys.get(def.taskKey) ?? 0;
  flow.dynamicKeys.set(def.taskKey, dynamic + 1);
  const name = resolveRunName("taskRunName", o.taskRunName as never, parameters) ?? taskRunName(def.name, randomUUID());
  const flowRunId = flow.flowRun.id;
  const info: TaskRunInfo = {
    id,
    name,
    taskKey: def.taskKey,
    dynamicKey: String(dynamic),
    flowRunId,
    tags: o.tags ?? [],
    runCount: 0,
  };
  const level = levelNumber(settings.PREFECT_LOGGING_LEVEL);
  const logger = new RunLogger({
    name: "prefect.task_runs",
    label: `Task run '${name}'`,
    flowRunId,
    taskRunId: id,
    consoleLevel: level,
    apiLevel: level,
    writer: settings.PREFECT_LOGGING_TO_API_ENABLED ? flow.logWriter : null,
    maxMessageSize: settings.PREFECT_LOGGING_TO_API_MAX_LOG_SIZE,
  });
  const writer = flow.stateWriter;
  const retries = o.retries ?? settings.PREFECT_TASKS_DEFAULT_RETRIES;
  const retryDelay = o.retryDelaySeconds ?? settings.PREFECT_TASKS_DEFAULT_RETRY_DELAY_SECONDS;
  const cache = planCache(def, flow, info, parameters, logger);
  const details = { flowRunId, taskRunId: id, cacheKey: cache.key, cacheExpiration: cache.expiration };
  const create = {
    id,
    flowRunId,
    taskKey: def.taskKey,
    dynamicKey: info.dynamicKey,
    name,
    ...(cache.key !== null ? { cacheKey: cache.key } : {}),
    ...(cache.expiration ? { cacheExpiration: cache.expiration } : {}),
    ...(o.version !== undefined ? { taskVersion: o.version } : {}),
    empiricalPolicy: {
      retries,
      retryDelay: retryDelayForPolicy(retryDelay, retries),
      ...(o.retryJitterFactor !== undefined ? { retryJitterFactor: o.retryJitterFactor } : {}),
    },
    tags: [...info.tags],
    taskInputs: Object.fromEntries(Object.keys(parameters).map((k) => [k, []])),
  };
  const run = new LocalTaskRun(create, flow.flowRunRunCount);

  writer.record(run, makeState("PENDING", { details }));
  if (cache.store && cache.key !== null && !cache.refresh) {
    const record = await cache.store.read(cache.key);
    if (record) {
      // Pending, Running, then Completed/Cached, as Prefect's engine records a cache hit (it begins the run, then
      // finds the committed transaction), so a cached task run's history reads the same on either server.
      writer.record(run, makeState("RUNNING", { details }));
      const cached = makeState("COMPLETED", { name: "Cached", data: record.metadata, details });
      writer.record(run, cached);
      logger.info(`Finished in state ${formatState(cached)}`);
      return { state: cached, ok: true, value: record.result, error: undefined };
    }
  }

  const logPrints = o.logPrints ?? flow.logPrints;
  if (logPrints) installLogPrints();
  for (let attempt = 1; ; attempt++) {
    info.runCount = attempt;
    const running = makeState("RUNNING", { name: attempt > 1 ? "Retrying" : "Running", details });
    writer.record(run, running);
    await runHooks("Running", o.onRunning, [def.subject, info, running], logger);
    const controller = o.timeoutSeconds !== undefined ? new AbortController() : undefined;
    const ctx: TaskRunContext = {
      kind: "task",
      taskName: def.name,
      taskRun: info,
      parameters,
      logger,
      logPrints,
      flow,
      signal: controller?.signal,
    };
    try {
      const value = await runInContext(ctx, () =>
        callWithTimeout("Task", o.timeoutSeconds, controller, () => def.fn(...(args as never[]))),
      );
      const data = cache.store ? await cache.store.write(value, cache.key, cache.expiration) : null;
      const completed = makeState("COMPLETED", { data, details });
      writer.record(run, completed);
      logger.info(`Finished in state ${formatState(completed)}`);
      await runHooks("Completed", o.onCompletion, [def.subject, info, completed], logger);
      return { state: cache.store ? completed : { ...completed, data: value }, ok: true, value, error: undefined };
    } catch (error) {
      const retry = attempt <= retries && (o.retryCondition ? await o.retryCondition(error, attempt) : true);
      if (retry) {
        const delay = withJitter(retryDelayFor(retryDelay, attempt), o.retryJitterFactor);
        logger.error(
          `Task run failed with exception: ${describeError(error)} - Retry ${attempt}/${retries} will start ${delay > 0 ? `${Number(delay.toFixed(3))} second(s) from now` : "immediately"}`,
        );
        if (delay > 0) {
          const clock = currentClock();
          const scheduledTime = new Date(clock.now() + delay * 1000);
          writer.record(run, makeState("SCHEDULED", { name: "AwaitingRetry", details: { ...details, scheduledTime } }));
          await clock.sleep(delay * 1000);
        }
        continue;
      }
      const timedOut = error instanceof TimeoutRunError;
      // retriable: false tells the server's RetryFailedTasks rule that the engine already decided: no more retries.
      const failed = makeState("FAILED", {
        name: timedOut ? "TimedOut" : "Failed",
        message: timedOut ? (error as Error).message : failureMessage("Task", error),
        details: { ...details, retriable: false },
      });
      writer.record(run, failed);
      logger.error(
        `Task run failed with exception: ${describeError(error)} - ${retries > 0 ? "Retries are exhausted" : "No retries configured for this task."}`,
      );
      logger.error(`Finished in state ${formatState(failed)}`);
      await runHooks("Failed", o.onFailure, [def.subject, info, failed], logger);
      return { state: failed, ok: false, value: undefined, error };
    }
  }
}

/** A task called outside any flow: the function runs as is (no API calls), as the brief of prefect-ts asks. */
async function runDetached(def: TaskDefinition, args: readonly unknown[]): Promise<TaskOutcome> {
  try {
    const value = await def.fn(...(args as never[]));
    return { state: makeState("COMPLETED", { data: value }), ok: true, value, error: undefined };
  } catch (error) {
    return {
      state: makeState("FAILED", { message: failureMessage("Task", error) }),
      ok: false,
      value: undefined,
      error,
    };
  }
}
