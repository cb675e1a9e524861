// Local State objects (the client's camelCase State model) for states the engine decides itself, and how states
// print in logs ("Completed()", "Failed('...')"). Proposing states to the API lives in flow-engine.ts / state-writer.ts.
import { v7 as uuid7 } from "uuid";
import type { State, StateInput } from "../client/index.js";
import type { StateType } from "../schemas/index.js";
import { nextStateTimestamp } from "./state-clock.js";

/** State details the engine sets; the rest keep Prefect's defaults. */
export interface LocalStateDetails {
  flowRunId?: string | null;
  taskRunId?: string | null;
  childFlowRunId?: string | null;
  scheduledTime?: Date | null;
  cacheKey?: string | null;
  cacheExpiration?: Date | null;
  retriable?: boolean | null;
  untrackableResult?: boolean;
}

const DEFAULT_NAMES: Record<StateType, string> = {
  SCHEDULED: "Scheduled",
  PENDING: "Pending",
  RUNNING: "Running",
  COMPLETED: "Completed",
  FAILED: "Failed",
  CANCELLED: "Cancelled",
  CRASHED: "Crashed",
  PAUSED: "Paused",
  CANCELLING: "Cancelling",
};

/**
 * Builds a State the engine decided locally (task runs), timestamped by the state clock: to the microsecond and
 * after every earlier state of this process; ids increase too.
 */
export function makeState(
  type: StateType,
  options: { name?: string; message?: string | null; data?: unknown; details?: LocalStateDetails } = {},
): State {
  const d = options.details ?? {};
  return {
    // UUIDv7 (monotonic within the millisecond): one process's states sort in the order they happened.
    id: uuid7(),
    type,
    name: options.name ?? DEFAULT_NAMES[type],
    timestamp: nextStateTimestamp(),
    message: options.message ?? null,
    data: options.data ?? null,
    stateDetails: {
      flowRunId: d.flowRunId ?? null,
      taskRunId: d.taskRunId ?? null,
      childFlowRunId: d.childFlowRunId ?? null,
      scheduledTime: d.scheduledTime ?? null,
      cacheKey: d.cacheKey ?? null,
      cacheExpiration: d.cacheExpiration ?? null,
      deferred: false,
      untrackableResult: d.untrackableResult ?? false,
      pauseTimeout: null,
      pauseReschedule: false,
      pauseKey: null,
      runInputKeyset: null,
      refreshCache: null,
      retriable: d.retriable ?? null,
      transitionId: null,
      taskParametersId: null,
      traceparent: null,
      deploymentConcurrencyLeaseId: null,
    },
  } as State;
}

/** The proposal for a locally built state: type, name, message, data and the details the engine set. */
export function toStateInput(state: State): StateInput {
  const d = state.stateDetails;
  const details: Record<string, unknown> = {};
  if (d) {
    for (const [key, value] of Object.entries(d)) {
      // Send only what the engine set: defaults (null, false) stay implicit, except an explicit `retriable: false`.
      if (value === null || value === undefined || (value === false && key !== "retriable")) continue;
      details[key] = value;
    }
  }
  return {
    type: state.type,
    name: state.name ?? undefined,
    message: state.message ?? undefined,
    data: state.data ?? undefined,
    stateDetails: details,
  } as StateInput;
}

/** A state as Prefect prints it: `Completed()`, `Failed('Task run encountered an exception Error: boom')`. */
export function formatState(state: Pick<State, "name" | "type" | "message">): string {
  const name = state.name ?? DEFAULT_NAMES[state.type];
  return state.message ? `${name}('${state.message}')` : `${name}()`;
}

/** True for COMPLETED, FAILED, CANCELLED and CRASHED. */
export function isTerminal(type: StateType): boolean {
  return type === "COMPLETED" || type === "FAILED" || type === "CANCELLED" || type === "CRASHED";
}

/** The message of a failed state, as Prefect writes it. */
export function failureMessage(kind: "Flow" | "Task", error: unknown): string {
  if (error instanceof Error) return `${kind} run encountered an exception: ${error.name}: ${error.message}`;
  return `${kind} run encountered an exception: ${String(error)}`;
}
