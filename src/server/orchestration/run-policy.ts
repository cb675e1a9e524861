// Typed reads and copy-on-write updates of a run's `empirical_policy` (FlowRunPolicy / TaskRunPolicy wire),
// including Prefect's fallback from the deprecated `max_retries` / `retry_delay_seconds` fields.

import type { RunSnapshot } from "./types.js";

/** The retry settings of a run, as Prefect's policy models validate them. */
export interface RetrySettings {
  retries: number | null;
  /** Seconds; task runs may give a list indexed by attempt. */
  retryDelay: number | readonly number[] | null;
  retryJitterFactor: number | null;
}

function numberOrNull(value: unknown): number | null {
  return typeof value === "number" && Number.isFinite(value) ? value : null;
}

/** Reads `retries`, `retry_delay` and `retry_jitter_factor`, falling back to the deprecated fields. */
export function retrySettings(run: RunSnapshot): RetrySettings {
  const policy = run.empirical_policy;
  let retries = numberOrNull(policy["retries"]);
  const maxRetries = numberOrNull(policy["max_retries"]);
  // Prefect's populate_deprecated_fields: a non-zero max_retries stands in for a missing retries.
  if (retries === null && maxRetries !== null && maxRetries !== 0) retries = maxRetries;

  const rawDelay = policy["retry_delay"];
  let retryDelay: RetrySettings["retryDelay"] = Array.isArray(rawDelay)
    ? rawDelay.filter((entry): entry is number => typeof entry === "number")
    : numberOrNull(rawDelay);
  const legacyDelay = numberOrNull(policy["retry_delay_seconds"]);
  if (retryDelay === null && legacyDelay !== null && legacyDelay !== 0) retryDelay = legacyDelay;

  return { retries, retryDelay, retryJitterFactor: numberOrNull(policy["retry_jitter_factor"]) };
}

/** The pause keys a flow run has observed. */
export function pauseKeys(run: RunSnapshot): string[] {
  const keys = run.empirical_policy["pause_keys"];
  return Array.isArray(keys) ? keys.filter((key): key is string => typeof key === "string") : [];
}

/** Whether a flow run is resuming from a pause. */
export function isResuming(run: RunSnapshot): boolean {
  return run.empirical_policy["resuming"] === true;
}

/** Replaces the run's policy with a copy carrying `changes` (never mutates the caller's object). */
export function updatePolicy(run: RunSnapshot, changes: Record<string, unknown>): void {
  run.empirical_policy = { ...run.empirical_policy, ...changes };
}
