// One row per (from, to) pair for flow runs and for task runs, each citing the Prefect rule that decides it
// ("accept" when no rule objects). Baseline: a deployed flow run without infrastructure pid or retries,
// current states a minute old (SCHEDULED ones due), no persisted results, task runs inside a RUNNING flow run.

import { describe, expect, it } from "vitest";
import type { StateType } from "../../../src/schemas/index.js";
import { CURRENT_STATE_ID, NEW_STATE_ID, current, decide, flowRun, taskRun } from "./fixtures.js";

type Status = "ACCEPT" | "REJECT" | "ABORT" | "WAIT";
/** [from, to, expected status, Prefect rule, type stored instead when the rule substitutes a state]. */
type Row = [from: StateType | null, to: StateType, status: Status, rule: string, stored?: StateType];

const FLOW_ROWS: Row[] = [
  // from no state
  [null, "SCHEDULED", "ACCEPT", "accept"],
  [null, "PENDING", "ACCEPT", "accept"],
  [null, "RUNNING", "ACCEPT", "accept"],
  [null, "COMPLETED", "ACCEPT", "accept"],
  [null, "FAILED", "ACCEPT", "accept"],
  [null, "CANCELLED", "ACCEPT", "accept"],
  [null, "CRASHED", "ACCEPT", "accept"],
  [null, "PAUSED", "ABORT", "HandlePausingFlows"],
  [null, "CANCELLING", "ACCEPT", "accept"],
  // from SCHEDULED
  ["SCHEDULED", "SCHEDULED", "ACCEPT", "accept"],
  ["SCHEDULED", "PENDING", "ACCEPT", "accept"],
  ["SCHEDULED", "RUNNING", "ACCEPT", "accept"],
  ["SCHEDULED", "COMPLETED", "ACCEPT", "accept"],
  ["SCHEDULED", "FAILED", "ACCEPT", "accept"],
  ["SCHEDULED", "CANCELLED", "ACCEPT", "accept"],
  ["SCHEDULED", "CRASHED", "ACCEPT", "accept"],
  ["SCHEDULED", "PAUSED", "REJECT", "HandlePausingFlows"],
  ["SCHEDULED", "CANCELLING", "REJECT", "BypassCancellingFlowRunsWithNoInfra", "CANCELLED"],
  // from PENDING
  ["PENDING", "SCHEDULED", "ACCEPT", "accept"],
  ["PENDING", "PENDING", "ABORT", "PreventPendingTransitions"],
  ["PENDING", "RUNNING", "ACCEPT", "accept"],
  ["PENDING", "COMPLETED", "ACCEPT", "accept"],
  ["PENDING", "FAILED", "ACCEPT", "accept"],
  ["PENDING", "CANCELLED", "ACCEPT", "accept"],
  ["PENDING", "CRASHED", "ACCEPT", "accept"],
  ["PENDING", "PAUSED", "REJECT", "HandlePausingFlows"],
  ["PENDING", "CANCELLING", "ACCEPT", "accept"],
  // from RUNNING
  ["RUNNING", "SCHEDULED", "ACCEPT", "accept"],
  ["RUNNING", "PENDING", "ABORT", "PreventPendingTransitions"],
  ["RUNNING", "RUNNING", "ACCEPT", "accept"],
  ["RUNNING", "COMPLETED", "ACCEPT", "accept"],
  ["RUNNING", "FAILED", "ACCEPT", "accept"],
  ["RUNNING", "CANCELLED", "ACCEPT", "accept"],
  ["RUNNING", "CRASHED", "ACCEPT", "accept"],
  ["RUNNING", "PAUSED", "ACCEPT", "accept"],
  ["RUNNING", "CANCELLING", "ACCEPT", "accept"],
  // from COMPLETED
  ["COMPLETED", "SCHEDULED", "ACCEPT", "accept"],
  ["COMPLETED", "PENDING", "ACCEPT", "accept"],
  ["COMPLETED", "RUNNING", "ACCEPT", "accept"],
  ["COMPLETED", "COMPLETED", "ACCEPT", "accept"],
  ["COMPLETED", "FAILED", "ACCEPT", "accept"],
  ["COMPLETED", "CANCELLED", "ACCEPT", "accept"],
  ["COMPLETED", "CRASHED", "ABORT", "HandleFlowTerminalStateTransitions"],
  ["COMPLETED", "PAUSED", "ABORT", "HandleFlowTerminalStateTransitions"],
  ["COMPLETED", "CANCELLING", "ABORT", "HandleFlowTerminalStateTransitions"],
  // from FAILED
  ["FAILED", "SCHEDULED", "ACCEPT", "accept"],
  ["FAILED", "PENDING", "ACCEPT", "accept"],
  ["FAILED", "RUNNING", "ACCEPT", "accept"],
  ["FAILED", "COMPLETED", "ACCEPT", "accept"],
  ["FAILED", "FAILED", "ACCEPT", "accept"],
  ["FAILED", "CANCELLED", "ACCEPT", "accept"],
  ["FAILED", "CRASHED", "ABORT", "HandleFlowTerminalStateTransitions"],
  ["FAILED", "PAUSED", "ABORT", "HandleFlowTerminalStateTransitions"],
  ["FAILED", "CANCELLING", "ABORT", "HandleFlowTerminalStateTransitions"],
  // from CANCELLED
  ["CANCELLED", "SCHEDULED", "ACCEPT", "accept"],
  ["CANCELLED", "PENDING", "ABORT", "PreventPendingTransitions"],
  ["CANCELLED", "RUNNING", "ACCEPT", "accept"],
  ["CANCELLED", "COMPLETED", "ACCEPT", "accept"],
  ["CANCELLED", "FAILED", "ACCEPT", "accept"],
  ["CANCELLED", "CANCELLED", "ACCEPT", "accept"],
  ["CANCELLED", "CRASHED", "ABORT", "HandleFlowTerminalStateTransitions"],
  ["CANCELLED", "PAUSED", "ABORT", "HandleFlowTerminalStateTransitions"],
  ["CANCELLED", "CANCELLING", "ABORT", "HandleFlowTerminalStateTransitions"],
  // from CRASHED
  ["CRASHED", "SCHEDULED", "ACCEPT", "accept"],
  ["CRASHED", "PENDING", "ACCEPT", "accept"],
  ["CRASHED", "RUNNING", "ACCEPT", "accept"],
  ["CRASHED", "COMPLETED", "ACCEPT", "accept"],
  ["CRASHED", "FAILED", "ACCEPT", "accept"],
  ["CRASHED", "CANCELLED", "ACCEPT", "accept"],
  ["CRASHED", "CRASHED", "ABORT", "HandleFlowTerminalStateTransitions"],
  ["CRASHED", "PAUSED", "ABORT", "HandleFlowTerminalStateTransitions"],
  ["CRASHED", "CANCELLING", "ABORT", "HandleFlowTerminalStateTransitions"],
  // from PAUSED
  ["PAUSED", "SCHEDULED", "ACCEPT", "accept"],
  ["PAUSED", "PENDING", "REJECT", "HandleResumingPausedFlows"],
  ["PAUSED", "RUNNING", "ACCEPT", "accept"],
  ["PAUSED", "COMPLETED", "ACCEPT", "accept"],
  ["PAUSED", "FAILED", "ACCEPT", "accept"],
  ["PAUSED", "CANCELLED", "ACCEPT", "accept"],
  ["PAUSED", "CRASHED", "ACCEPT", "accept"],
  ["PAUSED", "PAUSED", "REJECT", "HandlePausingFlows"],
  ["PAUSED", "CANCELLING", "REJECT", "HandleResumingPausedFlows"],
  // from CANCELLING
  ["CANCELLING", "SCHEDULED", "REJECT", "EnforceCancellingToCancelledTransition"],
  ["CANCELLING", "PENDING", "REJECT", "EnforceCancellingToCancelledTransition"],
  ["CANCELLING", "RUNNING", "REJECT", "EnforceCancellingToCancelledTransition"],
  ["CANCELLING", "COMPLETED", "REJECT", "EnforceCancellingToCancelledTransition"],
  ["CANCELLING", "FAILED", "REJECT", "EnforceCancellingToCancelledTransition"],
  ["CANCELLING", "CANCELLED", "ACCEPT", "accept"],
  ["CANCELLING", "CRASHED", "REJECT", "EnforceCancellingToCancelledTransition"],
  ["CANCELLING", "PAUSED", "REJECT", "EnforceCancellingToCancelledTransition"],
  ["CANCELLING", "CANCELLING", "REJECT", "EnforceCancellingToCancelledTransition"],
];

const TASK_ROWS: Row[] = [
  // from no state
  [null, "SCHEDULED", "ACCEPT", "accept"],
  [null, "PENDING", "ACCEPT", "accept"],
  [null, "RUNNING", "ACCEPT", "accept"],
  [null, "COMPLETED", "ACCEPT", "accept"],
  [null, "FAILED", "ACCEPT", "accept"],
  [null, "CANCELLED", "ACCEPT", "accept"],
  [null, "CRASHED", "ACCEPT", "accept"],
  [null, "PAUSED", "ACCEPT", "accept"],
  [null, "CANCELLING", "ACCEPT", "accept"],
  // from SCHEDULED
  ["SCHEDULED", "SCHEDULED", "ACCEPT", "accept"],
  ["SCHEDULED", "PENDING", "ACCEPT", "accept"],
  ["SCHEDULED", "RUNNING", "ACCEPT", "accept"],
  ["SCHEDULED", "COMPLETED", "ACCEPT", "accept"],
  ["SCHEDULED", "FAILED", "ACCEPT", "accept"],
  ["SCHEDULED", "CANCELLED", "ACCEPT", "accept"],
  ["SCHEDULED", "CRASHED", "ACCEPT", "accept"],
  ["SCHEDULED", "PAUSED", "ACCEPT", "accept"],
  ["SCHEDULED", "CANCELLING", "ACCEPT", "accept"],
  // from PENDING
  ["PENDING", "SCHEDULED", "ACCEPT", "accept"],
  ["PENDING", "PENDING", "ACCEPT", "accept"],
  ["PENDING", "RUNNING", "ACCEPT", "accept"],
  ["PENDING", "COMPLETED", "ACCEPT", "accept"],
  ["PENDING", "FAILED", "ACCEPT", "accept"],
  ["PENDING", "CANCELLED", "ACCEPT", "accept"],
  ["PENDING", "CRASHED", "ACCEPT", "accept"],
  ["PENDING", "PAUSED", "ACCEPT", "accept"],
  ["PENDING", "CANCELLING", "ACCEPT", "accept"],
  // from RUNNING
  ["RUNNING", "SCHEDULED", "ACCEPT", "accept"],
  ["RUNNING", "PENDING", "ACCEPT", "accept"],
  ["RUNNING", "RUNNING", "ACCEPT", "accept"],
  ["RUNNING", "COMPLETED", "ACCEPT", "accept"],
  ["RUNNING", "FAILED", "ACCEPT", "accept"],
  ["RUNNING", "CANCELLED", "ACCEPT", "accept"],
  ["RUNNING", "CRASHED", "ACCEPT", "accept"],
  ["RUNNING", "PAUSED", "ACCEPT", "accept"],
  ["RUNNING", "CANCELLING", "ACCEPT", "accept"],
  // from COMPLETED
  ["COMPLETED", "SCHEDULED", "ACCEPT", "accept"],
  ["COMPLETED", "PENDING", "ACCEPT", "accept"],
  ["COMPLETED", "RUNNING", "ACCEPT", "accept"],
  ["COMPLETED", "COMPLETED", "ACCEPT", "accept"],
  ["COMPLETED", "FAILED", "ACCEPT", "accept"],
  ["COMPLETED", "CANCELLED", "ACCEPT", "accept"],
  ["COMPLETED", "CRASHED", "ABORT", "HandleTaskTerminalStateTransitions"],
  ["COMPLETED", "PAUSED", "ABORT", "HandleTaskTerminalStateTransitions"],
  ["COMPLETED", "CANCELLING", "ABORT", "HandleTaskTerminalStateTransitions"],
  // from FAILED
  ["FAILED", "SCHEDULED", "ACCEPT", "accept"],
  ["FAILED", "PENDING", "ACCEPT", "accept"],
  ["FAILED", "RUNNING", "ACCEPT", "accept"],
  ["FAILED", "COMPLETED", "ACCEPT", "accept"],
  ["FAILED", "FAILED", "ACCEPT", "accept"],
  ["FAILED", "CANCELLED", "ACCEPT", "accept"],
  ["FAILED", "CRASHED", "ABORT", "HandleTaskTerminalStateTransitions"],
  ["FAILED", "PAUSED", "ABORT", "HandleTaskTerminalStateTransitions"],
  ["FAILED", "CANCELLING", "ABORT", "HandleTaskTerminalStateTransitions"],
  // from CANCELLED
  ["CANCELLED", "SCHEDULED", "ACCEPT", "accept"],
  ["CANCELLED", "PENDING", "ACCEPT", "accept"],
  ["CANCELLED", "RUNNING", "ACCEPT", "accept"],
  ["CANCELLED", "COMPLETED", "ACCEPT", "accept"],
  ["CANCELLED", "FAILED", "ACCEPT", "accept"],
  ["CANCELLED", "CANCELLED", "ACCEPT", "accept"],
  ["CANCELLED", "CRASHED", "ABORT", "HandleTaskTerminalStateTransitions"],
  ["CANCELLED", "PAUSED", "ABORT", "HandleTaskTerminalStateTransitions"],
  ["CANCELLED", "CANCELLING", "ABORT", "HandleTaskTerminalStateTransitions"],
  // from CRASHED
  ["CRASHED", "SCHEDULED", "ACCEPT", "accept"],
  ["CRASHED", "PENDING", "ACCEPT", "accept"],
  ["CRASHED", "RUNNING", "ACCEPT", "accept"],
  ["CRASHED", "COMPLETED", "ACCEPT", "accept"],
  ["CRASHED", "FAILED", "ACCEPT", "accept"],
  ["CRASHED", "CANCELLED", "ACCEPT", "accept"],
  ["CRASHED", "CRASHED", "ABORT", "HandleTaskTerminalStateTransitions"],
  ["CRASHED", "PAUSED", "ABORT", "HandleTaskTerminalStateTransitions"],
  ["CRASHED", "CANCELLING", "ABORT", "HandleTaskTerminalStateTransitions"],
  // from PAUSED
  ["PAUSED", "SCHEDULED", "ACCEPT", "accept"],
  ["PAUSED", "PENDING", "ACCEPT", "accept"],
  ["PAUSED", "RUNNING", "ACCEPT", "accept"],
  ["PAUSED", "COMPLETED", "ACCEPT", "accept"],
  ["PAUSED", "FAILED", "ACCEPT", "accept"],
  ["PAUSED", "CANCELLED", "ACCEPT", "accept"],
  ["PAUSED", "CRASHED", "ACCEPT", "accept"],
  ["PAUSED", "PAUSED", "ACCEPT", "accept"],
  ["PAUSED", "CANCELLING", "ACCEPT", "accept"],
  // from CANCELLING
  ["CANCELLING", "SCHEDULED", "ACCEPT", "accept"],
  ["CANCELLING", "PENDING", "ACCEPT", "accept"],
  ["CANCELLING", "RUNNING", "ACCEPT", "accept"],
  ["CANCELLING", "COMPLETED", "ACCEPT", "accept"],
  ["CANCELLING", "FAILED", "ACCEPT", "accept"],
  ["CANCELLING", "CANCELLED", "ACCEPT", "accept"],
  ["CANCELLING", "CRASHED", "ACCEPT", "accept"],
  ["CANCELLING", "PAUSED", "ACCEPT", "accept"],
  ["CANCELLING", "CANCELLING", "ACCEPT", "accept"],
];

// Prefect's CoreTaskPolicy has no PreventPendingTransitions nor PreventDuplicateTransitions: a task run's
// PENDING -> PENDING is accepted.

function check(row: Row, outcome: ReturnType<typeof decide>): void {
  const [from, to, status, rule, stored] = row;
  expect(outcome.status).toBe(status);
  expect(outcome.decidedBy).toBe(rule === "accept" ? null : rule);
  if (status === "ACCEPT") {
    expect(outcome.stateToStore?.type).toBe(to);
    expect(outcome.stateToStore?.id).toBe(NEW_STATE_ID);
    expect(outcome.returnedState).toBe(outcome.stateToStore);
    expect(outcome.runUpdate.state_type).toBe(to);
    expect(outcome.details).toEqual({ type: "accept_details" });
  } else if (stored) {
    expect(outcome.stateToStore?.type).toBe(stored);
    expect(outcome.returnedState).toBe(outcome.stateToStore);
    expect(outcome.runUpdate.state_type).toBe(stored);
  } else {
    expect(outcome.stateToStore).toBeNull();
    expect(outcome.returnedState?.id ?? null).toBe(from === null ? null : CURRENT_STATE_ID);
    expect(outcome.runUpdate.state_type).toBeUndefined();
    expect(outcome.details).toHaveProperty("reason");
  }
}

describe("flow run transitions (CoreFlowPolicy + GlobalFlowPolicy)", () => {
  it("has one row per (from, to) pair", () => {
    expect(new Set(FLOW_ROWS.map(([from, to]) => `${from}->${to}`)).size).toBe(90);
  });
  it.each(FLOW_ROWS)("%s -> %s: %s (%s)", (...row) => {
    const [from, to] = row;
    const outcome = decide({
      kind: "flow_run",
      run: flowRun({ run_count: from === null ? 0 : 1 }),
      initial: from === null ? null : current(from),
      proposed: { type: to },
    });
    check(row, outcome);
  });
});

describe("task run transitions (CoreTaskPolicy + GlobalTaskPolicy)", () => {
  it("has one row per (from, to) pair", () => {
    expect(new Set(TASK_ROWS.map(([from, to]) => `${from}->${to}`)).size).toBe(90);
  });
  it.each(TASK_ROWS)("%s -> %s: %s (%s)", (...row) => {
    const [from, to] = row;
    const outcome = decide({
      kind: "task_run",
      run: taskRun({ run_count: from === null ? 0 : 1 }),
      initial: from === null ? null : current(from),
      proposed: { type: to },
      extra: { flowRunState: current("RUNNING"), flowRunRunCount: 1 },
    });
    check(row, outcome);
  });
});
