// The contract between the server's routes and the orchestration rules: what goes in (a run snapshot,
// its current state, a proposal, the time) and what comes out (a status, the state to store, run fields).

import type { State, StateCreate } from "./wire.js";

/** Which kind of run is being orchestrated. */
export type RunKind = "flow_run" | "task_run";

/** The run row as the store has it, with wire field names. */
export interface RunSnapshot {
  id: string;
  run_count: number;
  /** Task runs only: the parent flow run's `run_count` when this task run last entered RUNNING. */
  flow_run_run_count?: number;
  start_time: string | null;
  end_time: string | null;
  /** Seconds spent in RUNNING states so far. */
  total_run_time: number;
  expected_start_time: string | null;
  next_scheduled_start_time: string | null;
  estimated_run_time?: number;
  /** `FlowRunPolicy` or `TaskRunPolicy` on the wire. */
  empirical_policy: Record<string, unknown>;
  deployment_id?: string | null;
  infrastructure_pid?: string | null;
  flow_run_id?: string | null;
  parent_task_run_id?: string | null;
}

/** Everything a state transition is decided on. The functions read no clock and do no I/O. */
export interface OrchestrationInput {
  kind: RunKind;
  run: RunSnapshot;
  /** The run's current state, null for a run without one. */
  initial: State | null;
  /** The parsed wire `StateCreate` (defaults applied). */
  proposed: StateCreate;
  /** `force=true` runs Prefect's minimal policy instead of the core one; global bookkeeping always runs. */
  force: boolean;
  now: Date;
  /** The id to give the stored state (the caller generates uuids). Also the default pause key. */
  newStateId: string;
  /**
   * Task runs: the parent flow run's current state. `undefined` means unknown (the check is skipped);
   * `null` with `run.flow_run_id` set means the flow run has no state (task cannot start).
   */
  flowRunState?: State | null;
  /** Task runs: the parent flow run's `run_count`, used to name flow-retry reruns and track attempts. */
  flowRunRunCount?: number;
  /**
   * Whether the current COMPLETED state has a persisted result. Defaults to Prefect's test on the state's
   * `data`: present and not `{type: "unpersisted"}`.
   */
  persistedResult?: boolean;
  /** Uniform random number in [0, 1) for task retry jitter. @default Math.random */
  random?: () => number;
}

/** The `details` of an `OrchestrationResult`, as on the wire. */
export type OrchestrationDetails =
  | { type: "accept_details" }
  | { type: "reject_details"; reason: string }
  | { type: "abort_details"; reason: string }
  | { type: "wait_details"; reason: string; delay_seconds: number };

/** Fields to write on the run together with the stored state. */
export type RunUpdate = Partial<RunSnapshot> & { state_type?: string; state_name?: string | null; state_id?: string };

/** What the rules decided. */
export interface OrchestrationOutcome {
  status: "ACCEPT" | "REJECT" | "ABORT" | "WAIT";
  /** The state to insert as the run's new current state (null = store nothing). */
  stateToStore: State | null;
  /** The state the API answers with: the stored state, or the current one when nothing is stored. */
  returnedState: State | null;
  details: OrchestrationDetails;
  /** Only the run fields that changed (empty when nothing changes). */
  runUpdate: RunUpdate;
  /** The Prefect rule that rejected, aborted or delayed the transition; null on ACCEPT. */
  decidedBy: string | null;
}
