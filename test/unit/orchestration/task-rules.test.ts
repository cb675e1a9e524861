// Focused task-run rules: retries with delay lists and jitter, rerun naming, the parent flow's state,
// and leaving terminal states.

import { describe, expect, it } from "vitest";
import { FLOW_RUN_ID, TASK_RUN_ID, at, current, decide, taskRun } from "./fixtures.js";

const inRunningFlow = { flowRunState: current("RUNNING"), flowRunRunCount: 1 };

describe("RetryFailedTasks", () => {
  it("indexes a retry_delay list by attempt, repeating the last entry", () => {
    const delays = [1, 5, 30];
    const scheduled = (runCount: number) =>
      decide({
        kind: "task_run",
        run: taskRun({ run_count: runCount, empirical_policy: { retries: 5, retry_delay: delays } }),
        initial: current("RUNNING"),
        proposed: { type: "FAILED" },
        extra: inRunningFlow,
      }).stateToStore?.state_details.scheduled_time;
    expect(scheduled(1)).toBe(at(1).toISOString());
    expect(scheduled(2)).toBe(at(5).toISOString());
    expect(scheduled(4)).toBe(at(30).toISOString());
  });

  it("jitters with the injected random source, within (0, delay * (1 + factor)]", () => {
    const run = taskRun({ run_count: 1, empirical_policy: { retries: 1, retry_delay: 100, retry_jitter_factor: 0.5 } });
    const at0 = (random: () => number) =>
      Date.parse(
        decide({
          kind: "task_run",
          run,
          initial: current("RUNNING"),
          proposed: { type: "FAILED" },
          extra: { ...inRunningFlow, random },
        }).stateToStore?.state_details.scheduled_time ?? "",
      ) - at(0).getTime();
    const low = at0(() => 0);
    const high = at0(() => 0.999999);
    expect(low).toBeGreaterThan(0);
    expect(high).toBeLessThanOrEqual(150_000);
    expect(low).toBeLessThan(high);
    expect(at0(() => 0.5)).toBe(at0(() => 0.5));
  });

  it("accepts FAILED when the client marks it not retriable or retries are used up", () => {
    const run = taskRun({ run_count: 1, empirical_policy: { retries: 3 } });
    const notRetriable = decide({
      kind: "task_run",
      run,
      initial: current("RUNNING"),
      proposed: { type: "FAILED", state_details: { retriable: false } },
      extra: inRunningFlow,
    });
    expect(notRetriable.status).toBe("ACCEPT");
    const usedUp = decide({
      kind: "task_run",
      run: { ...run, run_count: 4 },
      initial: current("RUNNING"),
      proposed: { type: "FAILED" },
    });
    expect(usedUp.status).toBe("ACCEPT");
  });
});

describe("RenameReruns and flow retries", () => {
  it('names RUNNING after AwaitingRetry "Retrying", after anything else "Rerunning"', () => {
    const awaiting = { ...current("SCHEDULED"), name: "AwaitingRetry" };
    const retry = decide({
      kind: "task_run",
      run: taskRun({ run_count: 1 }),
      initial: awaiting,
      proposed: { type: "RUNNING" },
      extra: inRunningFlow,
    });
    expect(retry.stateToStore?.name).toBe("Retrying");
    expect(retry.runUpdate.run_count).toBe(2);
    const rerun = decide({
      kind: "task_run",
      run: taskRun({ run_count: 1 }),
      initial: current("PENDING"),
      proposed: { type: "RUNNING" },
      extra: inRunningFlow,
    });
    expect(rerun.stateToStore?.name).toBe("Rerunning");
    const first = decide({
      kind: "task_run",
      initial: current("PENDING"),
      proposed: { type: "RUNNING" },
      extra: inRunningFlow,
    });
    expect(first.stateToStore?.name).toBe("Running");
  });

  it("a terminal task run rerun by a flow retry resets run_count and is named Retrying", () => {
    const outcome = decide({
      kind: "task_run",
      run: taskRun({
        run_count: 3,
        flow_run_run_count: 1,
        end_time: at(-10).toISOString(),
        start_time: at(-100).toISOString(),
      }),
      initial: current("FAILED"),
      proposed: { type: "RUNNING" },
      extra: { flowRunState: current("RUNNING"), flowRunRunCount: 2 },
    });
    expect(outcome.status).toBe("ACCEPT");
    expect(outcome.stateToStore?.name).toBe("Retrying");
    expect(outcome.runUpdate).toMatchObject({ run_count: 1, flow_run_run_count: 2, end_time: null });
  });

  it("rejects leaving a persisted COMPLETED task state, even for COMPLETED", () => {
    const initial = current("COMPLETED", {}, { data: { storage_key: "k" } });
    const outcome = decide({ kind: "task_run", initial, proposed: { type: "COMPLETED" }, extra: inRunningFlow });
    expect(outcome.status).toBe("REJECT");
    expect(outcome.details).toMatchObject({ reason: "This run is already completed." });
  });
});

describe("PreventRunningTasksFromStoppedFlows", () => {
  it("turns RUNNING into a Paused NotReady state while the flow run is paused", () => {
    const flowState = current("PAUSED", { pause_timeout: at(600).toISOString(), pause_reschedule: true });
    const outcome = decide({
      kind: "task_run",
      initial: current("PENDING"),
      proposed: { type: "RUNNING" },
      extra: { flowRunState: flowState },
    });
    expect(outcome.status).toBe("REJECT");
    expect(outcome.stateToStore).toMatchObject({ type: "PAUSED", name: "NotReady" });
    expect(outcome.stateToStore?.state_details).toMatchObject({
      pause_timeout: at(600).toISOString(),
      pause_reschedule: true,
    });
    expect(outcome.details).toMatchObject({
      reason: `The flow is paused, new tasks can execute after resuming flow run: ${FLOW_RUN_ID}.`,
    });
  });

  it("aborts when the flow run is not running or has no state, and skips the check when unknown", () => {
    const done = decide({
      kind: "task_run",
      initial: current("PENDING"),
      proposed: { type: "RUNNING" },
      extra: { flowRunState: current("COMPLETED") },
    });
    expect(done.status).toBe("ABORT");
    expect(done.details).toMatchObject({ reason: "The enclosing flow must be running to begin task execution." });
    const none = decide({
      kind: "task_run",
      initial: current("PENDING"),
      proposed: { type: "RUNNING" },
      extra: { flowRunState: null },
    });
    expect(none.status).toBe("ABORT");
    const unknown = decide({ kind: "task_run", initial: current("PENDING"), proposed: { type: "RUNNING" } });
    expect(unknown.status).toBe("ACCEPT");
  });

  it("points task states at the task run and its flow run", () => {
    const outcome = decide({ kind: "task_run", initial: null, proposed: { type: "PENDING" } });
    expect(outcome.stateToStore?.state_details).toMatchObject({ task_run_id: TASK_RUN_ID, flow_run_id: FLOW_RUN_ID });
  });

  it("uses BackgroundTaskPolicy for deferred proposals: PENDING -> PENDING aborts", () => {
    const outcome = decide({
      kind: "task_run",
      initial: current("PENDING"),
      proposed: { type: "PENDING", state_details: { deferred: true } },
    });
    expect(outcome.status).toBe("ABORT");
    expect(outcome.decidedBy).toBe("PreventPendingTransitions");
  });
});
