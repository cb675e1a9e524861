// Prefect's global policy (global_policy.py): bookkeeping on every transition that stores a state, forced
// or not: state columns on the run, start/end times, run time, run counts, state details.

import type { GlobalTransform } from "./engine.js";
import { isResuming, updatePolicy } from "./run-policy.js";
import { detailsOf, isTerminal } from "./states.js";
import { secondsBetween } from "./time-math.js";

/** The first time a run enters RUNNING. */
const SetStartTime: GlobalTransform = {
  name: "SetStartTime",
  before(ctx, proposed) {
    if (proposed.type === "RUNNING" && ctx.run.start_time == null) ctx.run.start_time = proposed.timestamp ?? null;
  },
};

/** Entering a final state sets `end_time` (once, and only after a start); leaving one clears it. */
const SetEndTime: GlobalTransform = {
  name: "SetEndTime",
  before(ctx, proposed) {
    if (ctx.initial && isTerminal(ctx.initial.type) && !isTerminal(proposed.type)) ctx.run.end_time = null;
    if (isTerminal(proposed.type) && ctx.run.start_time && !ctx.run.end_time) {
      ctx.run.end_time = proposed.timestamp ?? null;
    }
  },
};

/** Leaving RUNNING adds the seconds spent in it to `total_run_time`. */
const IncrementRunTime: GlobalTransform = {
  name: "IncrementRunTime",
  before(ctx, proposed) {
    if (ctx.initial?.type !== "RUNNING") return;
    const seconds = secondsBetween(ctx.initial.timestamp, proposed.timestamp);
    if (Number.isFinite(seconds)) ctx.run.total_run_time += seconds;
  },
};

/** The first state sets `expected_start_time`: its scheduled time when SCHEDULED, else its timestamp. */
const SetExpectedStartTime: GlobalTransform = {
  name: "SetExpectedStartTime",
  before(ctx, proposed) {
    if (ctx.run.expected_start_time) return;
    ctx.run.expected_start_time =
      proposed.type === "SCHEDULED" ? (detailsOf(proposed).scheduled_time ?? null) : (proposed.timestamp ?? null);
  },
};

/** `next_scheduled_start_time` follows SCHEDULED states: cleared on leaving one, set on entering one. */
const SetNextScheduledStartTime: GlobalTransform = {
  name: "SetNextScheduledStartTime",
  before(ctx, proposed) {
    if (ctx.initial?.type === "SCHEDULED") ctx.run.next_scheduled_start_time = null;
    if (proposed.type === "SCHEDULED") ctx.run.next_scheduled_start_time = detailsOf(proposed).scheduled_time ?? null;
  },
};

/** Points the state at its run: `flow_run_id` (and `task_run_id` for task runs). */
const UpdateStateDetails: GlobalTransform = {
  name: "UpdateStateDetails",
  before(ctx, proposed) {
    const details = { ...detailsOf(proposed) };
    if (ctx.input.kind === "flow_run") {
      details.flow_run_id = ctx.run.id;
    } else {
      details.flow_run_id = ctx.run.flow_run_id ?? null;
      details.task_run_id = ctx.run.id;
    }
    ctx.proposed = { ...proposed, state_details: details };
  },
};

/** A subflow's states point at the parent task run that tracks it. */
const UpdateSubflowStateDetails: GlobalTransform = {
  name: "UpdateSubflowStateDetails",
  before(ctx, proposed) {
    if (ctx.run.parent_task_run_id == null) return;
    ctx.proposed = { ...proposed, state_details: { ...detailsOf(proposed), task_run_id: ctx.run.parent_task_run_id } };
  },
};

/** Entering RUNNING counts an attempt, except when a flow resumes from a pause. */
const IncrementFlowRunCount: GlobalTransform = {
  name: "IncrementFlowRunCount",
  before(ctx, proposed) {
    if (proposed.type === "RUNNING" && !isResuming(ctx.run)) ctx.run.run_count += 1;
  },
};

/** Entering RUNNING or a final state ends the "resuming" phase of a flow run. */
const RemoveResumingIndicator: GlobalTransform = {
  name: "RemoveResumingIndicator",
  before(ctx, proposed) {
    if ((proposed.type === "RUNNING" || isTerminal(proposed.type)) && isResuming(ctx.run)) {
      updatePolicy(ctx.run, { resuming: false });
    }
  },
};

/** Entering RUNNING counts a task attempt. */
const IncrementTaskRunCount: GlobalTransform = {
  name: "IncrementTaskRunCount",
  before(ctx, proposed) {
    if (proposed.type === "RUNNING") ctx.run.run_count += 1;
  },
};

// SetRunStateType / SetRunStateName / SetRunStateTimestamp are applied from the stored state in orchestrate.ts.
const COMMON: readonly GlobalTransform[] = [
  SetStartTime,
  SetEndTime,
  IncrementRunTime,
  SetExpectedStartTime,
  SetNextScheduledStartTime,
  UpdateStateDetails,
];

/** Prefect's GlobalFlowPolicy (UpdateSubflowParentTask, a write to another run, is left to the server). */
export const GLOBAL_FLOW_TRANSFORMS: readonly GlobalTransform[] = [
  ...COMMON,
  UpdateSubflowStateDetails,
  IncrementFlowRunCount,
  RemoveResumingIndicator,
];

/** Prefect's GlobalTaskPolicy. */
export const GLOBAL_TASK_TRANSFORMS: readonly GlobalTransform[] = [...COMMON, IncrementTaskRunCount];
