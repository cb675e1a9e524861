// Task-run-only rules of Prefect's CoreTaskPolicy (core_policy.py): terminal states, the parent flow's state,
// retries with delays and jitter, and flow-attempt tracking. Cache and tag-concurrency rules are left out.

import type { Rule } from "./engine.js";
import { retrySettings } from "./run-policy.js";
import { TERMINAL_STATES, awaitingRetryState, detailsOf, hasPersistedResult, isTerminal, newState } from "./states.js";
import { addSeconds, clampedPoissonInterval } from "./time-math.js";

/**
 * Terminal task runs stay terminal: no CANCELLING/PAUSED/CRASHED, no leaving a COMPLETED state with a persisted
 * result. Going back to a non-final state resets `run_count` (so retries start over on a flow retry), and a
 * RUNNING proposal during a flow retry is named "Retrying".
 */
export const HandleTaskTerminalStateTransitions: Rule = {
  name: "HandleTaskTerminalStateTransitions",
  from: TERMINAL_STATES,
  to: "all",
  before(ctx, control) {
    const initial = ctx.initial;
    const proposed = ctx.proposed;
    if (initial === null || proposed === null) return;
    control.scratch["originalRunCount"] = ctx.run.run_count;

    if (proposed.type === "CANCELLING" || proposed.type === "PAUSED" || proposed.type === "CRASHED") {
      control.abort(`Run is already ${initial.type}.`);
      return;
    }
    if (initial.type === "COMPLETED" && hasPersistedResult(initial, ctx.input.persistedResult)) {
      control.reject(null, "This run is already completed.");
      return;
    }
    if (!isTerminal(proposed.type)) ctx.run.run_count = 0;

    const flowRunCount = ctx.input.flowRunRunCount;
    if (proposed.type === "RUNNING" && ctx.run.flow_run_id != null && flowRunCount !== undefined) {
      if ((ctx.run.flow_run_run_count ?? 0) < flowRunCount) control.rename("Retrying");
    }
  },
  cleanup(ctx, scratch) {
    ctx.run.run_count = scratch["originalRunCount"] as number;
  },
};

/**
 * A task can only start inside a RUNNING flow run: a PAUSED flow turns the proposal into a Paused "NotReady"
 * state, any other flow state (or none) aborts. Skipped when the flow run's state is unknown.
 */
export const PreventRunningTasksFromStoppedFlows: Rule = {
  name: "PreventRunningTasksFromStoppedFlows",
  from: "all",
  to: ["RUNNING"],
  before(ctx, control) {
    const flowState = ctx.input.flowRunState;
    if (flowState === undefined) return;
    if (flowState === null) {
      if (ctx.run.flow_run_id) control.abort("The enclosing flow must be running to begin task execution.");
      return;
    }
    if (flowState.type === "PAUSED") {
      const paused = newState(ctx.input.newStateId, "PAUSED", ctx.now, {
        name: "NotReady",
        details: {
          pause_timeout: detailsOf(flowState).pause_timeout ?? null,
          pause_reschedule: detailsOf(flowState).pause_reschedule ?? false,
        },
      });
      const flowRunId = ctx.run.flow_run_id ?? detailsOf(flowState).flow_run_id ?? "";
      control.reject(paused, `The flow is paused, new tasks can execute after resuming flow run: ${flowRunId}.`);
    } else if (flowState.type !== "RUNNING") {
      control.abort("The enclosing flow must be running to begin task execution.");
    }
  },
};

/** The base retry delay for attempt `runCount`: a number, or a list indexed by attempt (last entry repeats). */
export function baseRetryDelay(delay: number | readonly number[] | null, runCount: number): number {
  if (delay === null) return 0;
  if (typeof delay === "number") return delay;
  if (delay.length === 0) return 0;
  // Python indexing: run_count 0 gives index -1, the last entry.
  let index = Math.min(runCount - 1, delay.length - 1);
  if (index < 0) index += delay.length;
  return delay[Math.max(0, index)] ?? 0;
}

/**
 * RUNNING -> FAILED while `run_count <= retries` (and the proposal is not marked `retriable: false`) is
 * rejected into AwaitingRetry after `retry_delay`, jittered by `retry_jitter_factor` with `input.random`.
 */
export const RetryFailedTasks: Rule = {
  name: "RetryFailedTasks",
  from: ["RUNNING"],
  to: ["FAILED"],
  before(ctx, control) {
    const proposed = ctx.proposed;
    if (ctx.initial === null || proposed === null) return;
    const { retries, retryDelay, retryJitterFactor } = retrySettings(ctx.run);
    const base = baseRetryDelay(retryDelay, ctx.run.run_count);
    const delay = retryJitterFactor
      ? clampedPoissonInterval(base, retryJitterFactor, ctx.input.random ?? Math.random)
      : base;
    // Set by the client from a task's retry_condition_fn.
    if (detailsOf(proposed).retriable === false) return;
    if (retries !== null && ctx.run.run_count <= retries) {
      const retryState = awaitingRetryState(ctx.input.newStateId, ctx.now, addSeconds(ctx.now, delay), proposed);
      control.reject(retryState, "Retrying");
    }
  },
};

/** On entering RUNNING, records which attempt of the parent flow run this task run belongs to. */
export const UpdateFlowRunTrackerOnTasks: Rule = {
  name: "UpdateFlowRunTrackerOnTasks",
  from: "all",
  to: ["RUNNING"],
  after(ctx) {
    const flowRunCount = ctx.input.flowRunRunCount;
    if (ctx.run.flow_run_id != null && flowRunCount !== undefined) ctx.run.flow_run_run_count = flowRunCount;
  },
};
