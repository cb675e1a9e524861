// The two entry points: decide a proposed flow-run or task-run state against the current one, as Prefect's
// `set_flow_run_state` / `set_task_run_state` do, without I/O. The rules themselves live in rules-*.ts.

import { type GlobalTransform, type OrchestrationContext, type Rule, runPolicy } from "./engine.js";
import { GLOBAL_FLOW_TRANSFORMS, GLOBAL_TASK_TRANSFORMS } from "./global-transforms.js";
import {
  BACKGROUND_TASK_POLICY,
  CORE_FLOW_POLICY,
  CORE_TASK_POLICY,
  MINIMAL_FLOW_POLICY,
  MINIMAL_TASK_POLICY,
} from "./policies.js";
import { stateFromProposal } from "./states.js";
import type { OrchestrationInput, OrchestrationOutcome, RunSnapshot, RunUpdate } from "./types.js";

/**
 * Orchestrates a proposed flow-run state: Prefect's CoreFlowPolicy (MinimalFlowPolicy with `force`), then the
 * global bookkeeping. Pure: time comes from `input.now`, the new state's id from `input.newStateId`.
 * @example
 * const outcome = orchestrateFlowRun({ kind: "flow_run", run, initial, proposed: { type: "PENDING" }, force: false, now, newStateId });
 * if (outcome.stateToStore) store.insertState(run.id, outcome.stateToStore, outcome.runUpdate);
 */
export function orchestrateFlowRun(input: OrchestrationInput): OrchestrationOutcome {
  const rules = input.force ? MINIMAL_FLOW_POLICY : CORE_FLOW_POLICY;
  return orchestrate(input, rules, GLOBAL_FLOW_TRANSFORMS);
}

/**
 * Orchestrates a proposed task-run state: Prefect's CoreTaskPolicy (BackgroundTaskPolicy for deferred
 * proposals, MinimalTaskPolicy with `force`), then the global bookkeeping. Pure, as {@link orchestrateFlowRun}.
 */
export function orchestrateTaskRun(input: OrchestrationInput): OrchestrationOutcome {
  let rules: readonly Rule[] = CORE_TASK_POLICY;
  if (input.proposed.state_details?.deferred) rules = BACKGROUND_TASK_POLICY;
  else if (input.force) rules = MINIMAL_TASK_POLICY;
  return orchestrate(input, rules, GLOBAL_TASK_TRANSFORMS);
}

function orchestrate(
  input: OrchestrationInput,
  rules: readonly Rule[],
  transforms: readonly GlobalTransform[],
): OrchestrationOutcome {
  const run: RunSnapshot = { ...input.run, empirical_policy: { ...input.run.empirical_policy } };
  const ctx: OrchestrationContext = {
    input,
    now: input.now,
    initial: input.initial,
    proposed: stateFromProposal(input.newStateId, input.proposed, input.now),
    run,
    status: "ACCEPT",
    details: { type: "accept_details" },
    decidedBy: null,
  };
  runPolicy(ctx, rules, transforms);

  const stored = ctx.proposed;
  if (stored !== null) {
    // Prefect derives estimated_run_time on read; right after a transition it equals total_run_time.
    run.estimated_run_time = run.total_run_time;
  }
  const runUpdate: RunUpdate = diffRun(input.run, run);
  if (stored !== null) {
    runUpdate.state_type = stored.type;
    runUpdate.state_name = stored.name ?? null;
    runUpdate.state_id = stored.id;
  }
  return {
    status: ctx.status,
    stateToStore: stored,
    returnedState: stored ?? input.initial,
    details: ctx.details,
    runUpdate,
    decidedBy: ctx.decidedBy,
  };
}

const TRACKED_FIELDS = [
  "run_count",
  "flow_run_run_count",
  "start_time",
  "end_time",
  "total_run_time",
  "expected_start_time",
  "next_scheduled_start_time",
  "estimated_run_time",
] as const satisfies readonly (keyof RunSnapshot)[];

function diffRun(before: RunSnapshot, after: RunSnapshot): RunUpdate {
  const update: RunUpdate = {};
  for (const field of TRACKED_FIELDS) {
    if (after[field] !== before[field]) (update as Record<string, unknown>)[field] = after[field];
  }
  if (JSON.stringify(after.empirical_policy) !== JSON.stringify(before.empirical_policy)) {
    update.empirical_policy = after.empirical_policy;
  }
  return update;
}
