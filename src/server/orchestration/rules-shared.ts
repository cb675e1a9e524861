// Rules Prefect shares between flow-run and task-run policies (core_policy.py): duplicate transitions,
// the PENDING lock, scheduled-time copying and waiting, and rerun naming. Kind-specific rules live elsewhere.

import type { Rule } from "./engine.js";
import { detailsOf, nameOf } from "./states.js";
import { waitDelaySeconds } from "./time-math.js";

/** Same `transition_id` as the current state: the client is retrying a request that already succeeded. */
export const PreventDuplicateTransitions: Rule = {
  name: "PreventDuplicateTransitions",
  from: "all",
  to: "all",
  before(ctx, control) {
    if (ctx.initial === null || ctx.proposed === null) return;
    const current = detailsOf(ctx.initial).transition_id ?? null;
    const proposed = detailsOf(ctx.proposed).transition_id ?? null;
    if (current !== null && proposed !== null && current === proposed) {
      control.reject(null, "This run has already made this state transition.");
    }
  },
};

/**
 * The duplicate-submission lock: a run that is PENDING, RUNNING, CANCELLING or CANCELLED cannot go to PENDING,
 * so of two workers proposing PENDING only the first wins. PENDING to a differently named PENDING
 * (e.g. "Submitting") is allowed and keeps the scheduled time and concurrency lease.
 */
export const PreventPendingTransitions: Rule = {
  name: "PreventPendingTransitions",
  from: ["PENDING", "CANCELLING", "RUNNING", "CANCELLED"],
  to: ["PENDING"],
  before(ctx, control) {
    const initial = ctx.initial;
    const proposed = ctx.proposed;
    if (initial === null || proposed === null) return;
    const proposedName = nameOf(proposed);
    if (initial.type === "PENDING" && nameOf(initial) !== proposedName && proposedName !== "Pending") {
      ctx.proposed = {
        ...proposed,
        state_details: {
          ...detailsOf(proposed),
          scheduled_time: detailsOf(initial).scheduled_time ?? null,
          deployment_concurrency_lease_id: detailsOf(initial).deployment_concurrency_lease_id ?? null,
        },
      };
      return;
    }
    control.abort(`This run is in a ${initial.type} state and cannot transition to a PENDING state.`);
  },
};

/** SCHEDULED -> PENDING keeps the scheduled time unless the proposal brings its own. */
export const CopyScheduledTime: Rule = {
  name: "CopyScheduledTime",
  from: ["SCHEDULED"],
  to: ["PENDING"],
  before(ctx) {
    const proposed = ctx.proposed;
    if (ctx.initial === null || proposed === null) return;
    if (!detailsOf(proposed).scheduled_time) {
      ctx.proposed = {
        ...proposed,
        state_details: { ...detailsOf(proposed), scheduled_time: detailsOf(ctx.initial).scheduled_time ?? null },
      };
    }
  },
};

/** Entering RUNNING before the current state's scheduled time answers WAIT with the remaining seconds. */
export const WaitForScheduledTime: Rule = {
  name: "WaitForScheduledTime",
  from: ["SCHEDULED", "PENDING"],
  to: ["RUNNING"],
  before(ctx, control) {
    if (ctx.initial === null || ctx.proposed === null) return;
    const scheduledTime = detailsOf(ctx.initial).scheduled_time;
    if (!scheduledTime) return;
    const delay = waitDelaySeconds(scheduledTime, ctx.now);
    if (delay > 0) control.wait(delay, "Scheduled time is in the future");
  },
};

/** Background tasks: the task parameters id travels from SCHEDULED/PENDING into PENDING/RUNNING. */
export const CopyTaskParametersID: Rule = {
  name: "CopyTaskParametersID",
  from: ["SCHEDULED", "PENDING"],
  to: ["PENDING", "RUNNING"],
  before(ctx) {
    const proposed = ctx.proposed;
    if (ctx.initial === null || proposed === null) return;
    if (!detailsOf(proposed).task_parameters_id) {
      ctx.proposed = {
        ...proposed,
        state_details: {
          ...detailsOf(proposed),
          task_parameters_id: detailsOf(ctx.initial).task_parameters_id ?? null,
        },
      };
    }
  },
};

/** A run entering RUNNING again is named "Retrying" after AwaitingRetry, "Rerunning" otherwise. */
export const RenameReruns: Rule = {
  name: "RenameReruns",
  from: "all",
  to: ["RUNNING"],
  before(ctx, control) {
    if (ctx.initial === null || ctx.proposed === null) return;
    if (ctx.run.run_count > 0) control.rename(ctx.initial.name === "AwaitingRetry" ? "Retrying" : "Rerunning");
  },
};
