// State vocabulary and state construction for orchestration: terminal types, default names, and the
// factories for the states a rule may substitute (AwaitingRetry, Cancelled, ...). The rules live elsewhere.

import type { State, StateCreate, StateDetails, StateType } from "./wire.js";

/** Every state type, in Prefect's order. */
export const ALL_STATE_TYPES: readonly StateType[] = [
  "SCHEDULED",
  "PENDING",
  "RUNNING",
  "COMPLETED",
  "FAILED",
  "CANCELLED",
  "CRASHED",
  "PAUSED",
  "CANCELLING",
];

/** The terminal (final) state types, as Prefect's `TERMINAL_STATES`. */
export const TERMINAL_STATES: readonly StateType[] = ["COMPLETED", "FAILED", "CANCELLED", "CRASHED"];

/** Whether a state type is terminal (COMPLETED, FAILED, CANCELLED, CRASHED); `null`/`undefined` is not. */
export function isTerminal(type: string | null | undefined): boolean {
  return type != null && (TERMINAL_STATES as readonly string[]).includes(type);
}

/**
 * The name Prefect gives a state proposed without one: each `_`-separated word of the type, capitalized.
 * @example defaultStateName("RUNNING") // "Running"
 */
export function defaultStateName(type: string): string {
  return type
    .split("_")
    .map((word) => word.charAt(0).toUpperCase() + word.slice(1).toLowerCase())
    .join(" ");
}

/** A `StateDetails` with every field at Prefect's default, as the API serializes it. */
export function emptyStateDetails(): Required<StateDetails> {
  return {
    flow_run_id: null,
    task_run_id: null,
    child_flow_run_id: null,
    scheduled_time: null,
    cache_key: null,
    cache_expiration: null,
    deferred: false,
    untrackable_result: false,
    pause_timeout: null,
    pause_reschedule: false,
    pause_key: null,
    run_input_keyset: null,
    refresh_cache: null,
    retriable: null,
    transition_id: null,
    task_parameters_id: null,
    traceparent: null,
    deployment_concurrency_lease_id: null,
  };
}

/** Options for {@link newState}. */
export interface NewStateOptions {
  name?: string | null;
  message?: string | null;
  data?: unknown;
  details?: Partial<StateDetails>;
}

/**
 * Builds a full wire `State` stamped at `now`, the way Prefect's `State` model validates one: a missing name
 * becomes {@link defaultStateName}, and a SCHEDULED state without `scheduled_time` is scheduled for `now`.
 */
export function newState(id: string, type: StateType, now: Date, options: NewStateOptions = {}): State {
  const details: Required<StateDetails> = { ...emptyStateDetails(), ...stripUndefined(options.details ?? {}) };
  if (type === "SCHEDULED" && !details.scheduled_time) details.scheduled_time = now.toISOString();
  return {
    id,
    type,
    name: options.name ?? defaultStateName(type),
    timestamp: now.toISOString(),
    message: options.message ?? null,
    data: options.data ?? null,
    state_details: details,
  };
}

/** The proposed `StateCreate` as the state it would be stored as (id, timestamp, defaults applied). */
export function stateFromProposal(id: string, proposed: StateCreate, now: Date): State {
  return newState(id, proposed.type, now, {
    name: proposed.name,
    message: proposed.message,
    data: proposed.data,
    details: proposed.state_details,
  });
}

/** Prefect's `AwaitingRetry`: a SCHEDULED state named "AwaitingRetry", due at `scheduledTime`. */
export function awaitingRetryState(id: string, now: Date, scheduledTime: Date, from: State): State {
  return newState(id, "SCHEDULED", now, {
    name: "AwaitingRetry",
    message: from.message ?? null,
    data: from.data ?? null,
    details: { scheduled_time: scheduledTime.toISOString() },
  });
}

/** The details of a state, never undefined (a hand-built state may omit them). */
export function detailsOf(state: State | StateCreate | null | undefined): StateDetails {
  return state?.state_details ?? emptyStateDetails();
}

/** The name of a state as Prefect sees it once validated (the default name when none was given). */
export function nameOf(state: State): string {
  return state.name ?? defaultStateName(state.type);
}

/** Prefect's test for "this COMPLETED state has a persisted result": data present and not unpersisted. */
export function hasPersistedResult(state: State, persistedResult: boolean | undefined): boolean {
  if (persistedResult !== undefined) return persistedResult;
  const data = state.data;
  if (data === null || data === undefined || data === false || data === 0 || data === "") return false;
  if (typeof data === "object" && !Array.isArray(data)) {
    if (Object.keys(data).length === 0) return false;
    return (data as Record<string, unknown>)["type"] !== "unpersisted";
  }
  return !(Array.isArray(data) && data.length === 0);
}

function stripUndefined<T extends object>(value: T): Partial<T> {
  const out: Partial<T> = {};
  for (const [key, entry] of Object.entries(value)) {
    if (entry !== undefined) (out as Record<string, unknown>)[key] = entry;
  }
  return out;
}
