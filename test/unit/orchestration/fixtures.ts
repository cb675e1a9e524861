// Builders for orchestration tests: runs, current states and proposals at fixed times, plus a tiny
// in-memory "store" that applies outcomes the way the server does.

import { StateCreate, type State, type StateCreateInput, type StateType } from "../../../src/schemas/index.js";
import {
  newState,
  orchestrateFlowRun,
  orchestrateTaskRun,
  type OrchestrationInput,
  type OrchestrationOutcome,
  type RunKind,
  type RunSnapshot,
} from "../../../src/server/orchestration/index.js";

export const T0 = new Date("2025-01-01T12:00:00.000Z");
export const FLOW_RUN_ID = "11111111-1111-4111-8111-111111111111";
export const TASK_RUN_ID = "22222222-2222-4222-8222-222222222222";
export const NEW_STATE_ID = "33333333-3333-4333-8333-333333333333";
export const CURRENT_STATE_ID = "44444444-4444-4444-8444-444444444444";

/** Seconds after T0. */
export function at(seconds: number): Date {
  return new Date(T0.getTime() + seconds * 1000);
}

export function flowRun(overrides: Partial<RunSnapshot> = {}): RunSnapshot {
  return {
    id: FLOW_RUN_ID,
    run_count: 0,
    start_time: null,
    end_time: null,
    total_run_time: 0,
    expected_start_time: null,
    next_scheduled_start_time: null,
    empirical_policy: {},
    deployment_id: "55555555-5555-4555-8555-555555555555",
    infrastructure_pid: null,
    parent_task_run_id: null,
    ...overrides,
  };
}

export function taskRun(overrides: Partial<RunSnapshot> = {}): RunSnapshot {
  return {
    id: TASK_RUN_ID,
    run_count: 0,
    flow_run_run_count: 0,
    start_time: null,
    end_time: null,
    total_run_time: 0,
    expected_start_time: null,
    next_scheduled_start_time: null,
    empirical_policy: {},
    flow_run_id: FLOW_RUN_ID,
    ...overrides,
  };
}

/** A current state of `type`, stamped a minute before T0 (SCHEDULED ones due then too). */
export function current(
  type: StateType,
  details: Partial<State["state_details"]> = {},
  extra: Partial<State> = {},
): State {
  const base = newState(CURRENT_STATE_ID, type, at(-60), { details });
  return { ...base, ...extra };
}

export function proposal(input: StateCreateInput): StateCreate {
  return StateCreate.parse(input);
}

export interface Call {
  kind?: RunKind;
  run?: RunSnapshot;
  initial: State | null;
  proposed: StateCreateInput;
  force?: boolean;
  now?: Date;
  extra?: Partial<OrchestrationInput>;
}

export function decide(call: Call): OrchestrationOutcome {
  const kind = call.kind ?? "flow_run";
  const input: OrchestrationInput = {
    kind,
    run: call.run ?? (kind === "flow_run" ? flowRun() : taskRun()),
    initial: call.initial,
    proposed: proposal(call.proposed),
    force: call.force ?? false,
    now: call.now ?? T0,
    newStateId: NEW_STATE_ID,
    ...call.extra,
  };
  return kind === "flow_run" ? orchestrateFlowRun(input) : orchestrateTaskRun(input);
}

/** Applies outcomes to a run and its current state, as the server's store would. */
export class FakeRun {
  state: State | null = null;
  private seq = 0;
  constructor(
    readonly kind: RunKind,
    public run: RunSnapshot,
  ) {}

  propose(proposed: StateCreateInput, now: Date, extra: Partial<OrchestrationInput> = {}): OrchestrationOutcome {
    this.seq += 1;
    const input: OrchestrationInput = {
      kind: this.kind,
      run: this.run,
      initial: this.state,
      proposed: proposal(proposed),
      force: false,
      now,
      newStateId: `00000000-0000-4000-8000-${String(this.seq).padStart(12, "0")}`,
      ...extra,
    };
    const outcome = this.kind === "flow_run" ? orchestrateFlowRun(input) : orchestrateTaskRun(input);
    this.run = { ...this.run, ...outcome.runUpdate };
    if (outcome.stateToStore) this.state = outcome.stateToStore;
    return outcome;
  }
}
