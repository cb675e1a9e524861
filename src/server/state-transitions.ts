// Applying a proposed state to a flow or task run: snapshot the row, ask the orchestration rules, then store
// the decided state and the run fields they changed. The only code that writes a run's state columns.
import type { FlowRunCreate, OrchestrationResult, State, StateCreate, TaskRunCreate } from "../schemas/index.js";
import {
  orchestrateFlowRun,
  orchestrateTaskRun,
  type OrchestrationOutcome,
  type RunSnapshot,
} from "./orchestration/index.js";
import { emitFlowRunStateEvent } from "./events/flow-run-state-events.js";
import { newId } from "./store/ids.js";
import { applyRunUpdate, snapshotOf } from "./store/run-columns.js";
import type { Store } from "./store/store.js";

/** Which table a transition targets. */
export type RunKind = "flow_run" | "task_run";

function toResult(outcome: OrchestrationOutcome): OrchestrationResult {
  return {
    status: outcome.status,
    state: (outcome.returnedState as State | null) ?? null,
    details: outcome.details,
  } as OrchestrationResult;
}

/** Fills the run ids Prefect stamps on every stored state. */
function withRunIds(state: State, kind: RunKind, runId: string, flowRunId: string | null): State {
  const details = { ...(state.state_details ?? {}) } as State["state_details"];
  if (kind === "flow_run") details.flow_run_id ??= runId;
  else {
    details.task_run_id ??= runId;
    details.flow_run_id ??= flowRunId;
  }
  return { ...state, state_details: details };
}

/** A run that does not exist yet, as the orchestration sees it. */
function freshSnapshot(id: string, policy: Record<string, unknown>, extra: Partial<RunSnapshot>): RunSnapshot {
  return {
    id,
    run_count: 0,
    start_time: null,
    end_time: null,
    total_run_time: 0,
    expected_start_time: null,
    next_scheduled_start_time: null,
    empirical_policy: policy,
    ...extra,
  };
}

/**
 * Creates a flow run; a given `input.state` is forced through the orchestration first (as Prefect's create
 * does) so the row is inserted with its state columns in place. Must run inside `store.write`.
 * @returns the run id and whether it is new (false: the idempotency key matched an existing run).
 */
export function createFlowRun(
  store: Store,
  input: FlowRunCreate,
  name: string,
  now: Date,
): { id: string; created: boolean } {
  const id = newId(now.getTime());
  let outcome: OrchestrationOutcome | undefined;
  if (input.state !== null) {
    outcome = orchestrateFlowRun({
      kind: "flow_run",
      run: freshSnapshot(id, input.empirical_policy, {
        deployment_id: input.deployment_id,
        infrastructure_pid: null,
        parent_task_run_id: input.parent_task_run_id,
      }),
      initial: null,
      proposed: input.state,
      force: true,
      now,
      newStateId: newId(now.getTime()),
    });
  }
  const inserted = store.flowRuns.insert(input, { id, name, now, ...(outcome ? { run: outcome.runUpdate } : {}) });
  if (inserted.created && outcome?.stateToStore) {
    const state = withRunIds(outcome.stateToStore as State, "flow_run", id, null);
    store.flowRunStates.insert(id, state, now);
    emitFlowRunStateEvent(store, id, null, state, now);
    if (input.parent_task_run_id) mirrorToParentTaskRun(store, id, input.parent_task_run_id, state, now);
  }
  return inserted;
}

/**
 * Creates a task run (client id allowed); a given `input.state` is forced through the orchestration first,
 * as for flow runs. Must run inside `store.write`.
 * @returns the run id and whether it is new (false: a run with that identity key existed).
 */
export function createTaskRun(
  store: Store,
  input: TaskRunCreate,
  name: string,
  now: Date,
): { id: string; created: boolean } {
  const id = input.id?.toLowerCase() ?? newId(now.getTime());
  let outcome: OrchestrationOutcome | undefined;
  if (input.state !== null && store.taskRuns.existing(input) === undefined) {
    const parent = input.flow_run_id === null ? undefined : store.flowRuns.row(input.flow_run_id);
    const flowRunState =
      parent === undefined
        ? undefined
        : typeof parent.state_id === "string"
          ? (store.flowRunStates.read(parent.state_id) ?? null)
          : null;
    outcome = orchestrateTaskRun({
      kind: "task_run",
      run: freshSnapshot(id, input.empirical_policy, { flow_run_id: input.flow_run_id, flow_run_run_count: 0 }),
      initial: null,
      proposed: input.state,
      force: true,
      now,
      newStateId: newId(now.getTime()),
      ...(flowRunState === undefined ? {} : { flowRunState }),
      ...(typeof parent?.run_count === "number" ? { flowRunRunCount: parent.run_count } : {}),
    });
  }
  const inserted = store.taskRuns.insert(input, { id, name, now, ...(outcome ? { run: outcome.runUpdate } : {}) });
  if (inserted.created && outcome?.stateToStore) {
    store.taskRunStates.insert(id, withRunIds(outcome.stateToStore as State, "task_run", id, input.flow_run_id), now);
  }
  return inserted;
}

/**
 * Orchestrates `proposed` for run `runId` and stores the outcome; must run inside `store.write` so the
 * read, the state insert and the run update form one transaction. Returns undefined for an unknown run.
 */
export function setRunState(
  store: Store,
  kind: RunKind,
  runId: string,
  proposed: StateCreate,
  force: boolean,
  now: Date,
): OrchestrationResult | undefined {
  return kind === "flow_run"
    ? setFlowRunState(store, runId, proposed, force, now)
    : setTaskRunState(store, runId, proposed, force, now);
}

function setFlowRunState(store: Store, runId: string, proposed: StateCreate, force: boolean, now: Date) {
  const row = store.flowRuns.row(runId);
  if (row === undefined) return undefined;
  const initial = typeof row.state_id === "string" ? (store.flowRunStates.read(row.state_id) ?? null) : null;
  const outcome = orchestrateFlowRun({
    kind: "flow_run",
    run: snapshotOf(row),
    initial,
    proposed,
    force,
    now,
    newStateId: newId(now.getTime()),
  });
  if (outcome.stateToStore !== null) {
    const state = withRunIds(outcome.stateToStore as State, "flow_run", runId, null);
    store.flowRunStates.insert(runId, state, now);
    outcome.returnedState = outcome.returnedState === outcome.stateToStore ? state : outcome.returnedState;
  }
  if (outcome.stateToStore !== null || Object.keys(outcome.runUpdate).length > 0) {
    applyRunUpdate(store.conn, "flow_run", runId, outcome.runUpdate, now);
  }
  if (outcome.stateToStore !== null) {
    emitFlowRunStateEvent(store, runId, initial, outcome.returnedState as State, now);
    if (typeof row.parent_task_run_id === "string")
      mirrorToParentTaskRun(store, runId, row.parent_task_run_id, outcome.returnedState as State, now);
  }
  return toResult(outcome);
}

/**
 * Prefect's `UpdateSubflowParentTask`: every state a subflow run enters is forced, as a fresh copy naming the
 * subflow as `child_flow_run_id`, onto its tracking task run in the parent flow run. Clients therefore never
 * record that task run's later states themselves (Prefect's SDK does not; doing both shows each state twice).
 */
function mirrorToParentTaskRun(
  store: Store,
  flowRunId: string,
  parentTaskRunId: string,
  state: State,
  now: Date,
): void {
  const copy: StateCreate = {
    type: state.type,
    name: state.name,
    message: state.message,
    data: state.data,
    state_details: { ...state.state_details, child_flow_run_id: flowRunId },
  } as StateCreate;
  setTaskRunState(store, parentTaskRunId, copy, true, now);
}

function setTaskRunState(store: Store, runId: string, proposed: StateCreate, force: boolean, now: Date) {
  const row = store.taskRuns.row(runId);
  if (row === undefined) return undefined;
  const initial = typeof row.state_id === "string" ? (store.taskRunStates.read(row.state_id) ?? null) : null;
  const flowRunId = typeof row.flow_run_id === "string" ? row.flow_run_id : null;
  let flowRunState: State | null | undefined;
  let flowRunRunCount: number | undefined;
  if (flowRunId !== null) {
    const flowRun = store.flowRuns.row(flowRunId);
    flowRunState = typeof flowRun?.state_id === "string" ? (store.flowRunStates.read(flowRun.state_id) ?? null) : null;
    flowRunRunCount = typeof flowRun?.run_count === "number" ? flowRun.run_count : undefined;
  }
  const outcome = orchestrateTaskRun({
    kind: "task_run",
    run: snapshotOf(row),
    initial,
    proposed,
    force,
    now,
    newStateId: newId(now.getTime()),
    ...(flowRunState === undefined ? {} : { flowRunState }),
    ...(flowRunRunCount === undefined ? {} : { flowRunRunCount }),
  });
  if (outcome.stateToStore !== null) {
    const state = withRunIds(outcome.stateToStore as State, "task_run", runId, flowRunId);
    store.taskRunStates.insert(runId, state, now);
    outcome.returnedState = outcome.returnedState === outcome.stateToStore ? state : outcome.returnedState;
  }
  if (outcome.stateToStore !== null || Object.keys(outcome.runUpdate).length > 0) {
    applyRunUpdate(store.conn, "task_run", runId, outcome.runUpdate, now);
  }
  return toResult(outcome);
}
