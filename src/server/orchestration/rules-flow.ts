// Flow-run-only rules of Prefect's CoreFlowPolicy (core_policy.py): terminal states, cancelling, late
// marking, pausing and resuming, retries. Rules needing other tables (deployment concurrency) are left out.

import type { Rule } from "./engine.js";
import { pauseKeys, retrySettings, updatePolicy } from "./run-policy.js";
import {
  ALL_STATE_TYPES,
  TERMINAL_STATES,
  awaitingRetryState,
  detailsOf,
  hasPersistedResult,
  isTerminal,
  newState,
} from "./states.js";
import { addSeconds } from "./time-math.js";

/**
 * Terminal runs stay terminal: no CANCELLING/PAUSED/CRASHED, no leaving a COMPLETED state with a persisted
 * result for a non-final state, no rescheduling without a deployment. A legitimate rerun resets the pause
 * bookkeeping and records the retry type ("reschedule" for SCHEDULED).
 */
export const HandleFlowTerminalStateTransitions: Rule = {
  name: "HandleFlowTerminalStateTransitions",
  from: TERMINAL_STATES,
  to: "all",
  before(ctx, control) {
    const initial = ctx.initial;
    const proposed = ctx.proposed;
    if (initial === null || proposed === null) return;
    control.scratch["originalPolicy"] = ctx.run.empirical_policy;

    if (proposed.type === "CANCELLING" || proposed.type === "PAUSED" || proposed.type === "CRASHED") {
      control.abort(`Run is already in terminal state ${initial.type}.`);
      return;
    }
    if (
      initial.type === "COMPLETED" &&
      !isTerminal(proposed.type) &&
      hasPersistedResult(initial, ctx.input.persistedResult)
    ) {
      control.reject(null, "Run is already COMPLETED.");
      return;
    }
    if (proposed.type === "SCHEDULED" && !ctx.run.deployment_id) {
      control.abort("Cannot reschedule a run without an associated deployment.");
      return;
    }
    if (!isTerminal(proposed.type)) {
      updatePolicy(ctx.run, {
        resuming: false,
        pause_keys: [],
        retry_type: proposed.type === "SCHEDULED" ? "reschedule" : null,
      });
    }
  },
  cleanup(ctx, scratch) {
    ctx.run.empirical_policy = scratch["originalPolicy"] as Record<string, unknown>;
  },
};

/** A CANCELLING run may only become CANCELLED. */
export const EnforceCancellingToCancelledTransition: Rule = {
  name: "EnforceCancellingToCancelledTransition",
  from: ["CANCELLING"],
  to: [...ALL_STATE_TYPES.filter((type) => type !== "CANCELLED"), null],
  before(_ctx, control) {
    control.reject(null, "Cannot transition flows that are cancelling to a state other than Cancelled.");
  },
};

/**
 * Cancelling a run with no infrastructure to tear down (SCHEDULED without `infrastructure_pid`, a "Resuming"
 * run, or a suspended PAUSED run) goes straight to CANCELLED.
 */
export const BypassCancellingFlowRunsWithNoInfra: Rule = {
  name: "BypassCancellingFlowRunsWithNoInfra",
  from: ["SCHEDULED", "PAUSED"],
  to: ["CANCELLING"],
  before(ctx, control) {
    const initial = ctx.initial;
    if (initial === null || ctx.proposed === null) return;
    if ((initial.type === "SCHEDULED" && !ctx.run.infrastructure_pid) || initial.name === "Resuming") {
      control.reject(
        newState(ctx.input.newStateId, "CANCELLED", ctx.now),
        "Scheduled flow run has no infrastructure to terminate.",
      );
    } else if (initial.type === "PAUSED" && detailsOf(initial).pause_reschedule) {
      control.reject(
        newState(ctx.input.newStateId, "CANCELLED", ctx.now),
        "Suspended flow run has no infrastructure to terminate.",
      );
    }
  },
};

/** PENDING -> RUNNING keeps the deployment concurrency lease id (lease renewal itself needs the lease store). */
export const ValidateDeploymentConcurrencyAtRunning: Rule = {
  name: "ValidateDeploymentConcurrencyAtRunning",
  from: ["PENDING"],
  to: ["RUNNING"],
  before(ctx) {
    const proposed = ctx.proposed;
    if (ctx.initial === null || proposed === null) return;
    ctx.proposed = {
      ...proposed,
      state_details: {
        ...detailsOf(proposed),
        deployment_concurrency_lease_id: detailsOf(ctx.initial).deployment_concurrency_lease_id ?? null,
      },
    };
  },
};

/** Only a SCHEDULED run can be marked "Late". */
export const EnsureOnlyScheduledFlowsMarkedLate: Rule = {
  name: "EnsureOnlyScheduledFlowsMarkedLate",
  from: "all",
  to: ["SCHEDULED"],
  before(ctx, control) {
    if (ctx.initial === null || ctx.proposed === null) return;
    if (ctx.proposed.name === "Late" && ctx.initial.type !== "SCHEDULED") {
      control.reject(null, "Only scheduled flows can be marked late.");
    }
  },
};

/** Only a RUNNING flow can pause or suspend, each pause key fires once, and suspending needs a deployment. */
export const HandlePausingFlows: Rule = {
  name: "HandlePausingFlows",
  from: "all",
  to: ["PAUSED"],
  before(ctx, control) {
    const proposed = ctx.proposed;
    if (proposed === null) return;
    const verb = proposed.name === "Suspended" ? "suspend" : "pause";
    if (ctx.initial === null) {
      control.abort(`Cannot ${verb} flows with no state.`);
      return;
    }
    if (ctx.initial.type !== "RUNNING") {
      control.reject(null, `Cannot ${verb} flows that are not currently running.`);
      return;
    }
    // Prefect defaults a missing key to a fresh uuid; the caller's fresh state id serves the same purpose.
    const key = detailsOf(proposed).pause_key ?? ctx.input.newStateId;
    control.scratch["key"] = key;
    if (pauseKeys(ctx.run).includes(key)) {
      control.reject(null, `This ${verb} has already fired.`);
      return;
    }
    if (detailsOf(proposed).pause_reschedule) {
      if (ctx.run.parent_task_run_id) {
        control.abort(`Cannot ${verb} subflows.`);
        return;
      }
      if (!ctx.run.deployment_id) control.abort(`Cannot ${verb} flows without a deployment.`);
    }
  },
  after(ctx, scratch) {
    const keys = pauseKeys(ctx.run);
    const key = scratch["key"];
    if (typeof key === "string" && !keys.includes(key)) keys.push(key);
    updatePolicy(ctx.run, { pause_keys: keys });
  },
};

/** A PAUSED run may only resume into RUNNING, SCHEDULED or a final state, and not after its pause timed out. */
export const HandleResumingPausedFlows: Rule = {
  name: "HandleResumingPausedFlows",
  from: ["PAUSED"],
  to: "all",
  before(ctx, control) {
    const initial = ctx.initial;
    const proposed = ctx.proposed;
    if (initial === null || proposed === null) return;
    if (!(proposed.type === "RUNNING" || proposed.type === "SCHEDULED" || isTerminal(proposed.type))) {
      control.reject(null, `This run cannot transition to the ${proposed.type} state from the ${initial.type} state.`);
      return;
    }
    const verb = proposed.name === "Suspended" ? "suspend" : "pause";
    const displayName = (proposed.name || proposed.type).toLowerCase();
    if (detailsOf(initial).pause_reschedule && !ctx.run.deployment_id) {
      control.reject(null, `Cannot reschedule a ${displayName} flow run without a deployment.`);
      return;
    }
    const pauseTimeout = detailsOf(initial).pause_timeout;
    if (pauseTimeout && Date.parse(pauseTimeout) < ctx.now.getTime()) {
      const failed = newState(ctx.input.newStateId, "FAILED", ctx.now, {
        message: `The flow was ${displayName} and never resumed.`,
      });
      control.reject(failed, `The flow run ${verb} has timed out and can no longer resume.`);
    }
  },
  after(ctx) {
    updatePolicy(ctx.run, { resuming: true });
  },
};

/**
 * RUNNING -> FAILED while `run_count <= retries` is rejected into AwaitingRetry, due `retry_delay` seconds
 * from now, carrying the failure's message and data. Past the limit the failure is accepted.
 */
export const RetryFailedFlows: Rule = {
  name: "RetryFailedFlows",
  from: ["RUNNING"],
  to: ["FAILED"],
  before(ctx, control) {
    const proposed = ctx.proposed;
    if (ctx.initial === null || proposed === null) return;
    const { retries, retryDelay } = retrySettings(ctx.run);
    if (retries === null || ctx.run.run_count > retries) {
      // Cleared so that a later infrastructure-level retry (e.g. from the UI) starts fresh.
      updatePolicy(ctx.run, { retry_type: null });
      return;
    }
    const delay = typeof retryDelay === "number" ? retryDelay : 0;
    updatePolicy(ctx.run, { resuming: false, pause_keys: [], retry_type: "in_process" });
    const retryState = awaitingRetryState(ctx.input.newStateId, ctx.now, addSeconds(ctx.now, delay), proposed);
    control.reject(retryState, "Retrying");
  },
};
