// Prefect's computed run fields (`estimated_run_time`, `estimated_start_time_delta`), which it derives on read
// from the run row, the current state and the clock rather than storing them.

import type { RunSnapshot } from "./types.js";
import { isTerminal } from "./states.js";
import type { State } from "./wire.js";
import { secondsBetween } from "./time-math.js";

/**
 * Seconds the run has spent RUNNING as of `now`: `total_run_time`, plus the time in the current state when
 * that state is RUNNING.
 */
export function estimatedRunTime(run: Pick<RunSnapshot, "total_run_time">, current: State | null, now: Date): number {
  if (current?.type === "RUNNING" && current.timestamp) {
    const inState = secondsBetween(current.timestamp, now);
    if (Number.isFinite(inState)) return run.total_run_time + Math.max(0, inState);
  }
  return run.total_run_time;
}

/**
 * Seconds the run started (or, not started yet and not final, is running) behind its expected start; 0 when
 * on time or unknown.
 */
export function estimatedStartTimeDelta(
  run: Pick<RunSnapshot, "start_time" | "expected_start_time">,
  stateType: string | null | undefined,
  now: Date,
): number {
  const expected = run.expected_start_time;
  if (!expected) return 0;
  if (run.start_time) {
    const late = secondsBetween(expected, run.start_time);
    return late > 0 ? late : 0;
  }
  const waiting = secondsBetween(expected, now);
  return waiting > 0 && !isTerminal(stateType) ? waiting : 0;
}
