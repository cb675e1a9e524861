// Global bookkeeping across a whole run (start/end times, run counts, run time, scheduled times) and the
// exported helpers (state names, terminal types, estimated times).

import { describe, expect, it } from "vitest";
import {
  TERMINAL_STATES,
  defaultStateName,
  estimatedRunTime,
  estimatedStartTimeDelta,
  isTerminal,
} from "../../../src/server/orchestration/index.js";
import { FLOW_RUN_ID, FakeRun, NEW_STATE_ID, T0, at, current, decide, flowRun, taskRun } from "./fixtures.js";

describe("timing across RUNNING -> FAILED -> AwaitingRetry -> RUNNING -> COMPLETED", () => {
  it("flow run: start_time once, run_count per attempt, total_run_time summed, end_time at the end", () => {
    const fake = new FakeRun("flow_run", flowRun({ empirical_policy: { retries: 1, retry_delay: 5 } }));
    expect(fake.propose({ type: "PENDING" }, at(0)).status).toBe("ACCEPT");
    expect(fake.run.expected_start_time).toBe(at(0).toISOString());
    fake.propose({ type: "RUNNING" }, at(2));
    expect(fake.run).toMatchObject({ start_time: at(2).toISOString(), run_count: 1, estimated_run_time: 0 });

    const failed = fake.propose({ type: "FAILED", message: "first try" }, at(12));
    expect(failed.status).toBe("REJECT");
    expect(fake.state).toMatchObject({ type: "SCHEDULED", name: "AwaitingRetry" });
    expect(fake.run).toMatchObject({
      total_run_time: 10,
      next_scheduled_start_time: at(17).toISOString(),
      end_time: null,
    });

    const early = fake.propose({ type: "RUNNING" }, at(14));
    expect(early.details).toMatchObject({ type: "wait_details", delay_seconds: 3 });
    const retry = fake.propose({ type: "RUNNING" }, at(17));
    expect(retry.status).toBe("ACCEPT");
    expect(fake.state?.name).toBe("Running");
    expect(fake.run).toMatchObject({ run_count: 2, start_time: at(2).toISOString(), next_scheduled_start_time: null });

    fake.propose({ type: "COMPLETED" }, at(20.5));
    expect(fake.run).toMatchObject({
      total_run_time: 13.5,
      end_time: at(20.5).toISOString(),
      run_count: 2,
      expected_start_time: at(0).toISOString(),
    });
  });

  it("task run: the retry attempt is named Retrying", () => {
    const fake = new FakeRun("task_run", taskRun({ empirical_policy: { retries: 1, retry_delay: 0 } }));
    const extra = { flowRunState: current("RUNNING"), flowRunRunCount: 1 };
    fake.propose({ type: "PENDING" }, at(0), extra);
    fake.propose({ type: "RUNNING" }, at(1), extra);
    expect(fake.propose({ type: "FAILED" }, at(3), extra).status).toBe("REJECT");
    fake.propose({ type: "RUNNING" }, at(4), extra);
    expect(fake.state?.name).toBe("Retrying");
    fake.propose({ type: "COMPLETED" }, at(6), extra);
    expect(fake.run).toMatchObject({
      run_count: 2,
      total_run_time: 4,
      start_time: at(1).toISOString(),
      end_time: at(6).toISOString(),
    });
  });

  it("end_time is cleared when a run leaves a terminal state", () => {
    const run = flowRun({ start_time: at(-100).toISOString(), end_time: at(-60).toISOString() });
    const outcome = decide({ run, initial: current("FAILED"), proposed: { type: "SCHEDULED" } });
    expect(outcome.runUpdate.end_time).toBeNull();
  });

  it("end_time stays unset for a run that never started", () => {
    const outcome = decide({ initial: current("SCHEDULED"), proposed: { type: "CANCELLED" } });
    expect(outcome.runUpdate.end_time).toBeUndefined();
  });
});

describe("stored state", () => {
  it("gets the new id, now, the default name, and the run's ids", () => {
    const outcome = decide({ initial: null, proposed: { type: "SCHEDULED" } });
    expect(outcome.stateToStore).toMatchObject({
      id: NEW_STATE_ID,
      type: "SCHEDULED",
      name: "Scheduled",
      timestamp: T0.toISOString(),
      message: null,
    });
    // Prefect schedules an unscheduled SCHEDULED state for now.
    expect(outcome.stateToStore?.state_details).toMatchObject({
      flow_run_id: FLOW_RUN_ID,
      scheduled_time: T0.toISOString(),
    });
    expect(outcome.runUpdate).toMatchObject({
      expected_start_time: T0.toISOString(),
      next_scheduled_start_time: T0.toISOString(),
      state_name: "Scheduled",
      state_id: NEW_STATE_ID,
    });
  });

  it("points a subflow's states at its parent task run", () => {
    const parent = "88888888-8888-4888-8888-888888888888";
    const outcome = decide({
      run: flowRun({ parent_task_run_id: parent }),
      initial: null,
      proposed: { type: "RUNNING" },
    });
    expect(outcome.stateToStore?.state_details).toMatchObject({ flow_run_id: FLOW_RUN_ID, task_run_id: parent });
  });

  it("does not mutate its input", () => {
    const run = flowRun({ run_count: 1, empirical_policy: { retries: 1 } });
    const snapshot = structuredClone(run);
    decide({ run, initial: current("RUNNING"), proposed: { type: "FAILED" } });
    expect(run).toEqual(snapshot);
  });
});

describe("helpers", () => {
  it("names and classifies state types as Prefect does", () => {
    expect(defaultStateName("RUNNING")).toBe("Running");
    expect(defaultStateName("CANCELLING")).toBe("Cancelling");
    expect(TERMINAL_STATES).toEqual(["COMPLETED", "FAILED", "CANCELLED", "CRASHED"]);
    expect(isTerminal("CRASHED")).toBe(true);
    expect(isTerminal("PAUSED")).toBe(false);
    expect(isTerminal(null)).toBe(false);
  });

  it("estimates run time and start delay from the clock passed in", () => {
    const running = { ...current("RUNNING"), timestamp: at(-30).toISOString() };
    expect(estimatedRunTime({ total_run_time: 5 }, running, T0)).toBe(35);
    expect(estimatedRunTime({ total_run_time: 5 }, current("COMPLETED"), T0)).toBe(5);
    const expected = at(-20).toISOString();
    expect(
      estimatedStartTimeDelta({ expected_start_time: expected, start_time: at(-5).toISOString() }, "RUNNING", T0),
    ).toBe(15);
    expect(estimatedStartTimeDelta({ expected_start_time: expected, start_time: null }, "SCHEDULED", T0)).toBe(20);
    expect(estimatedStartTimeDelta({ expected_start_time: expected, start_time: null }, "CANCELLED", T0)).toBe(0);
  });
});
