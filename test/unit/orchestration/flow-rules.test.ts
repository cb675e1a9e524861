// Focused flow-run rules: retries into AwaitingRetry, WAIT for scheduled time, duplicate transitions, force,
// the PENDING lock with named Pending states, terminal states, late marking, pausing and resuming.

import { describe, expect, it } from "vitest";
import { CURRENT_STATE_ID, FLOW_RUN_ID, NEW_STATE_ID, T0, at, current, decide, flowRun } from "./fixtures.js";

describe("RetryFailedFlows", () => {
  const run = flowRun({ run_count: 1, empirical_policy: { retries: 2, retry_delay: 10 } });

  it("rejects RUNNING -> FAILED into AwaitingRetry at now + retry_delay, keeping message and data", () => {
    const outcome = decide({
      run,
      initial: current("RUNNING"),
      proposed: { type: "FAILED", message: "boom", data: { type: "unpersisted" } },
    });
    expect(outcome.status).toBe("REJECT");
    expect(outcome.decidedBy).toBe("RetryFailedFlows");
    expect(outcome.details).toEqual({ type: "reject_details", reason: "Retrying" });
    const stored = outcome.stateToStore;
    expect(stored).toMatchObject({ id: NEW_STATE_ID, type: "SCHEDULED", name: "AwaitingRetry", message: "boom" });
    expect(stored?.data).toEqual({ type: "unpersisted" });
    expect(stored?.state_details.scheduled_time).toBe(at(10).toISOString());
    expect(stored?.state_details.flow_run_id).toBe(FLOW_RUN_ID);
    expect(outcome.returnedState).toBe(stored);
    expect(outcome.runUpdate).toMatchObject({
      state_type: "SCHEDULED",
      state_name: "AwaitingRetry",
      state_id: NEW_STATE_ID,
      next_scheduled_start_time: at(10).toISOString(),
      total_run_time: 60,
    });
    expect(outcome.runUpdate.empirical_policy).toMatchObject({
      retry_type: "in_process",
      resuming: false,
      pause_keys: [],
    });
  });

  it("retries while run_count <= retries and accepts FAILED after", () => {
    const last = decide({ run: { ...run, run_count: 2 }, initial: current("RUNNING"), proposed: { type: "FAILED" } });
    expect(last.status).toBe("REJECT");
    const over = decide({ run: { ...run, run_count: 3 }, initial: current("RUNNING"), proposed: { type: "FAILED" } });
    expect(over.status).toBe("ACCEPT");
    expect(over.stateToStore?.type).toBe("FAILED");
    expect(over.runUpdate.empirical_policy).toMatchObject({ retry_type: null });
  });

  it("accepts FAILED without retries configured, and reads the deprecated max_retries", () => {
    expect(decide({ initial: current("RUNNING"), proposed: { type: "FAILED" } }).status).toBe("ACCEPT");
    const legacy = flowRun({ run_count: 1, empirical_policy: { max_retries: 1, retry_delay_seconds: 5 } });
    const outcome = decide({ run: legacy, initial: current("RUNNING"), proposed: { type: "FAILED" } });
    expect(outcome.stateToStore?.state_details.scheduled_time).toBe(at(5).toISOString());
  });
});

describe("WaitForScheduledTime", () => {
  it("answers WAIT with whole seconds until a future scheduled time, storing nothing", () => {
    const initial = current("SCHEDULED", { scheduled_time: at(30.4).toISOString() });
    const outcome = decide({ initial, proposed: { type: "RUNNING" } });
    expect(outcome.status).toBe("WAIT");
    expect(outcome.decidedBy).toBe("WaitForScheduledTime");
    expect(outcome.details).toEqual({
      type: "wait_details",
      reason: "Scheduled time is in the future",
      delay_seconds: 30,
    });
    expect(outcome.stateToStore).toBeNull();
    expect(outcome.returnedState).toBe(initial);
    expect(outcome.runUpdate).toEqual({});
  });

  it("rounds the sub-second part as Prefect (half to even) and accepts when under half a second", () => {
    const delay = (seconds: number) =>
      decide({
        initial: current("SCHEDULED", { scheduled_time: at(seconds).toISOString() }),
        proposed: { type: "RUNNING" },
      });
    expect(delay(30.6).details).toMatchObject({ delay_seconds: 31 });
    expect(delay(0.5).status).toBe("ACCEPT");
    expect(delay(0.4).status).toBe("ACCEPT");
    expect(delay(-5).status).toBe("ACCEPT");
  });

  it("also waits from PENDING, whose scheduled time CopyScheduledTime carried over", () => {
    const pending = decide({
      initial: current("SCHEDULED", { scheduled_time: at(20).toISOString() }),
      proposed: { type: "PENDING" },
    });
    expect(pending.status).toBe("ACCEPT");
    expect(pending.stateToStore?.state_details.scheduled_time).toBe(at(20).toISOString());
    const running = decide({ initial: pending.stateToStore, proposed: { type: "RUNNING" }, now: at(5) });
    expect(running.details).toMatchObject({ type: "wait_details", delay_seconds: 15 });
  });
});

describe("PreventDuplicateTransitions and force", () => {
  const transitionId = "66666666-6666-4666-8666-666666666666";

  it("rejects a proposal repeating the current state's transition_id, answering the current state", () => {
    const initial = current("RUNNING", { transition_id: transitionId });
    const outcome = decide({
      initial,
      proposed: { type: "COMPLETED", state_details: { transition_id: transitionId } },
    });
    expect(outcome.status).toBe("REJECT");
    expect(outcome.decidedBy).toBe("PreventDuplicateTransitions");
    expect(outcome.details).toEqual({
      type: "reject_details",
      reason: "This run has already made this state transition.",
    });
    expect(outcome.stateToStore).toBeNull();
    expect(outcome.returnedState?.id).toBe(CURRENT_STATE_ID);
  });

  it("keeps transition_id on the stored state, and accepts a different one", () => {
    const initial = current("RUNNING", { transition_id: transitionId });
    const other = "77777777-7777-4777-8777-777777777777";
    const outcome = decide({ initial, proposed: { type: "COMPLETED", state_details: { transition_id: other } } });
    expect(outcome.status).toBe("ACCEPT");
    expect(outcome.stateToStore?.state_details.transition_id).toBe(other);
  });

  it("force skips the core rules but keeps the bookkeeping", () => {
    const initial = current("RUNNING", { transition_id: transitionId });
    const dup = decide({
      initial,
      proposed: { type: "COMPLETED", state_details: { transition_id: transitionId } },
      force: true,
    });
    expect(dup.status).toBe("ACCEPT");
    const back = decide({
      run: flowRun({ start_time: at(-60).toISOString() }),
      initial,
      proposed: { type: "PENDING" },
      force: true,
    });
    expect(back.status).toBe("ACCEPT");
    expect(back.runUpdate).toMatchObject({ state_type: "PENDING", total_run_time: 60 });
    expect(decide({ initial: current("COMPLETED"), proposed: { type: "CRASHED" }, force: true }).status).toBe("ACCEPT");
  });

  it("force still bypasses CANCELLING for a run without infrastructure (MinimalFlowPolicy)", () => {
    const outcome = decide({ initial: current("SCHEDULED"), proposed: { type: "CANCELLING" }, force: true });
    expect(outcome.status).toBe("REJECT");
    expect(outcome.stateToStore).toMatchObject({ type: "CANCELLED", name: "Cancelled" });
    const withInfra = decide({
      run: flowRun({ infrastructure_pid: "host:1234" }),
      initial: current("SCHEDULED"),
      proposed: { type: "CANCELLING" },
    });
    expect(withInfra.status).toBe("ACCEPT");
  });
});

describe("PreventPendingTransitions: the claim lock", () => {
  it("lets one claimant move SCHEDULED -> PENDING -> Submitting and stops a second PENDING", () => {
    const claimed = decide({ initial: current("SCHEDULED"), proposed: { type: "PENDING" } });
    expect(claimed.status).toBe("ACCEPT");
    const submitting = decide({ initial: claimed.stateToStore, proposed: { type: "PENDING", name: "Submitting" } });
    expect(submitting.status).toBe("ACCEPT");
    expect(submitting.stateToStore).toMatchObject({ type: "PENDING", name: "Submitting" });
    expect(submitting.stateToStore?.state_details.scheduled_time).toBe(at(-60).toISOString());

    const second = decide({ initial: submitting.stateToStore, proposed: { type: "PENDING" } });
    expect(second.status).toBe("ABORT");
    expect(second.details).toEqual({
      type: "abort_details",
      reason: "This run is in a PENDING state and cannot transition to a PENDING state.",
    });
    expect(decide({ initial: submitting.stateToStore, proposed: { type: "PENDING", name: "Submitting" } }).status).toBe(
      "ABORT",
    );
  });

  it("aborts PENDING for a RUNNING run with Prefect's message", () => {
    const outcome = decide({ initial: current("RUNNING"), proposed: { type: "PENDING" } });
    expect(outcome.details).toMatchObject({
      reason: "This run is in a RUNNING state and cannot transition to a PENDING state.",
    });
  });
});

describe("HandleFlowTerminalStateTransitions", () => {
  it("rejects leaving a COMPLETED state with a persisted result for a non-final state", () => {
    const initial = current("COMPLETED", {}, { data: { storage_key: "/tmp/result.json" } });
    const outcome = decide({ initial, proposed: { type: "RUNNING" } });
    expect(outcome.status).toBe("REJECT");
    expect(outcome.details).toEqual({ type: "reject_details", reason: "Run is already COMPLETED." });
    expect(decide({ initial, proposed: { type: "FAILED" } }).status).toBe("ACCEPT");
    expect(
      decide({ initial: current("COMPLETED"), proposed: { type: "RUNNING" }, extra: { persistedResult: true } }).status,
    ).toBe("REJECT");
  });

  it("aborts rescheduling a run without a deployment", () => {
    const outcome = decide({
      run: flowRun({ deployment_id: null }),
      initial: current("FAILED"),
      proposed: { type: "SCHEDULED" },
    });
    expect(outcome.status).toBe("ABORT");
    expect(outcome.details).toMatchObject({ reason: "Cannot reschedule a run without an associated deployment." });
  });

  it("aborts terminal -> CANCELLING with the terminal type named", () => {
    const outcome = decide({ initial: current("FAILED"), proposed: { type: "CANCELLING" } });
    expect(outcome.details).toMatchObject({ reason: "Run is already in terminal state FAILED." });
  });

  it("a rerun resets pause bookkeeping and marks a reschedule; a rejected one restores the policy", () => {
    const run = flowRun({ empirical_policy: { retries: 0, pause_keys: ["k"], resuming: true } });
    const rescheduled = decide({ run, initial: current("FAILED"), proposed: { type: "SCHEDULED" } });
    expect(rescheduled.runUpdate.empirical_policy).toMatchObject({
      pause_keys: [],
      resuming: false,
      retry_type: "reschedule",
    });
    const late = decide({ run, initial: current("FAILED"), proposed: { type: "SCHEDULED", name: "Late" } });
    expect(late.decidedBy).toBe("EnsureOnlyScheduledFlowsMarkedLate");
    expect(late.runUpdate.empirical_policy).toBeUndefined();
  });
});

describe("late, pause and resume", () => {
  it("only marks SCHEDULED runs Late", () => {
    expect(decide({ initial: current("SCHEDULED"), proposed: { type: "SCHEDULED", name: "Late" } }).status).toBe(
      "ACCEPT",
    );
    const outcome = decide({ initial: current("RUNNING"), proposed: { type: "SCHEDULED", name: "Late" } });
    expect(outcome.details).toEqual({ type: "reject_details", reason: "Only scheduled flows can be marked late." });
  });

  it("records a pause key once and rejects the same pause again", () => {
    const first = decide({
      initial: current("RUNNING"),
      proposed: { type: "PAUSED", state_details: { pause_key: "p1" } },
    });
    expect(first.status).toBe("ACCEPT");
    expect(first.runUpdate.empirical_policy).toMatchObject({ pause_keys: ["p1"] });
    const again = decide({
      run: flowRun({ empirical_policy: { pause_keys: ["p1"] } }),
      initial: current("RUNNING"),
      proposed: { type: "PAUSED", state_details: { pause_key: "p1" } },
    });
    expect(again.details).toEqual({ type: "reject_details", reason: "This pause has already fired." });
  });

  it("refuses to suspend a flow without a deployment", () => {
    const outcome = decide({
      run: flowRun({ deployment_id: null }),
      initial: current("RUNNING"),
      proposed: { type: "PAUSED", name: "Suspended", state_details: { pause_reschedule: true } },
    });
    expect(outcome.status).toBe("ABORT");
    expect(outcome.details).toMatchObject({ reason: "Cannot suspend flows without a deployment." });
  });

  it("fails a resume after the pause timed out, and marks a valid resume", () => {
    const paused = current("PAUSED", { pause_timeout: at(-1).toISOString() });
    const late = decide({ initial: paused, proposed: { type: "RUNNING" } });
    expect(late.status).toBe("REJECT");
    expect(late.stateToStore).toMatchObject({ type: "FAILED", message: "The flow was running and never resumed." });
    expect(late.details).toMatchObject({ reason: "The flow run pause has timed out and can no longer resume." });

    const onTime = decide({
      initial: current("PAUSED", { pause_timeout: at(60).toISOString() }),
      proposed: { type: "RUNNING" },
    });
    expect(onTime.status).toBe("ACCEPT");
    expect(onTime.runUpdate.empirical_policy).toMatchObject({ resuming: true });
    expect(onTime.stateToStore?.timestamp).toBe(T0.toISOString());
  });

  it("cancels a suspended run directly", () => {
    const outcome = decide({
      initial: current("PAUSED", { pause_reschedule: true }),
      proposed: { type: "CANCELLING" },
    });
    expect(outcome.stateToStore?.type).toBe("CANCELLED");
    expect(outcome.details).toMatchObject({ reason: "Suspended flow run has no infrastructure to terminate." });
  });
});
