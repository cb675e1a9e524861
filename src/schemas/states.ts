// States and orchestration results: StateType, StateDetails, State, StateCreate, OrchestrationResult and
// the set_state request bodies. The transition rules themselves live in src/server/orchestration/.
import { z } from "zod";
import { DateTimeString, Uuid } from "./common.js";

/** The type of a run state, spelled as on the wire. */
export const StateType = {
  SCHEDULED: "SCHEDULED",
  PENDING: "PENDING",
  RUNNING: "RUNNING",
  COMPLETED: "COMPLETED",
  FAILED: "FAILED",
  CANCELLED: "CANCELLED",
  CRASHED: "CRASHED",
  PAUSED: "PAUSED",
  CANCELLING: "CANCELLING",
} as const;
/** One of the nine state types. */
export type StateType = (typeof StateType)[keyof typeof StateType];
/** Zod schema of {@link StateType}. */
export const StateTypeSchema = z.enum(StateType);

/** The terminal state types: a run in one of these has finished. */
export const TERMINAL_STATE_TYPES: readonly StateType[] = ["COMPLETED", "FAILED", "CANCELLED", "CRASHED"];

/** Extra information attached to a state (`StateDetails`). Every field is optional and defaulted. */
export const StateDetails = z.object({
  flow_run_id: Uuid.nullable().default(null),
  task_run_id: Uuid.nullable().default(null),
  /** For the "dummy" task run of a subflow: the child flow run id. */
  child_flow_run_id: Uuid.nullable().default(null),
  scheduled_time: DateTimeString.nullable().default(null),
  cache_key: z.string().nullable().default(null),
  cache_expiration: DateTimeString.nullable().default(null),
  deferred: z.boolean().nullable().default(false),
  untrackable_result: z.boolean().default(false),
  pause_timeout: DateTimeString.nullable().default(null),
  pause_reschedule: z.boolean().default(false),
  pause_key: z.string().nullable().default(null),
  run_input_keyset: z.record(z.string(), z.string()).nullable().default(null),
  refresh_cache: z.boolean().nullable().default(null),
  retriable: z.boolean().nullable().default(null),
  transition_id: Uuid.nullable().default(null),
  task_parameters_id: Uuid.nullable().default(null),
  traceparent: z.string().nullable().default(null),
  deployment_concurrency_lease_id: Uuid.nullable().default(null),
});
/** State details. */
export type StateDetails = z.infer<typeof StateDetails>;
/** State details as accepted on input (every field optional). */
export type StateDetailsInput = z.input<typeof StateDetails>;

/** A run state as returned by the API (`State`). */
export const State = z.object({
  id: Uuid,
  type: StateTypeSchema,
  name: z.string().nullable().default(null),
  /** Set by the server when the state is created; always present in server responses. */
  timestamp: DateTimeString.optional(),
  message: z.string().nullable().default(null),
  /** The state's data, e.g. a result record; any JSON value. */
  data: z.unknown().default(null),
  state_details: StateDetails.prefault({}),
});
/** A run state. */
export type State = z.infer<typeof State>;
/** A run state as accepted on input. */
export type StateInput = z.input<typeof State>;

/**
 * A proposed state (`StateCreate`, an action: unknown fields rejected).
 * Prefect additionally names an unnamed state after its type ("Completed", "Cancelling") and fills
 * `state_details.scheduled_time` with "now" for SCHEDULED; those depend on the clock and live in the server.
 */
export const StateCreate = z.strictObject({
  type: StateTypeSchema,
  name: z.string().nullable().default(null),
  message: z.string().nullable().default(null),
  data: z.unknown().default(null),
  state_details: StateDetails.prefault({}),
});
/** A proposed state. */
export type StateCreate = z.infer<typeof StateCreate>;
/** A proposed state as accepted on input. */
export type StateCreateInput = z.input<typeof StateCreate>;

/** The outcome of a set_state call. */
export const SetStateStatus = {
  ACCEPT: "ACCEPT",
  REJECT: "REJECT",
  ABORT: "ABORT",
  WAIT: "WAIT",
} as const;
/** One of ACCEPT, REJECT, ABORT, WAIT. */
export type SetStateStatus = (typeof SetStateStatus)[keyof typeof SetStateStatus];
/** Zod schema of {@link SetStateStatus}. */
export const SetStateStatusSchema = z.enum(SetStateStatus);

/** Details of an accepted transition. */
export const StateAcceptDetails = z.object({
  type: z.literal("accept_details").default("accept_details"),
});
/** Details of an accepted transition. */
export type StateAcceptDetails = z.infer<typeof StateAcceptDetails>;

/** Details of a rejected transition: the server returns the run's current (or a replacement) state. */
export const StateRejectDetails = z.object({
  type: z.literal("reject_details").default("reject_details"),
  reason: z.string().nullable().default(null),
});
/** Details of a rejected transition. */
export type StateRejectDetails = z.infer<typeof StateRejectDetails>;

/** Details of an aborted transition: the proposal made no sense for the run (e.g. it was deleted). */
export const StateAbortDetails = z.object({
  type: z.literal("abort_details").default("abort_details"),
  reason: z.string().nullable().default(null),
});
/** Details of an aborted transition. */
export type StateAbortDetails = z.infer<typeof StateAbortDetails>;

/** Details of a transition the client must retry after `delay_seconds`. */
export const StateWaitDetails = z.object({
  type: z.literal("wait_details").default("wait_details"),
  delay_seconds: z.int(),
  reason: z.string().nullable().default(null),
});
/** Details of a delayed transition. */
export type StateWaitDetails = z.infer<typeof StateWaitDetails>;

/**
 * One of the four details variants, told apart by `type`. A plain union (not discriminated) because
 * `type` has a default on the wire models; the order follows the OpenAPI `anyOf`.
 */
export const OrchestrationDetails = z.union([
  StateAcceptDetails,
  StateWaitDetails,
  StateRejectDetails,
  StateAbortDetails,
]);
/** Orchestration details. */
export type OrchestrationDetails = z.infer<typeof OrchestrationDetails>;

/** The response of `POST /flow_runs/{id}/set_state` and `POST /task_runs/{id}/set_state`. */
export const OrchestrationResult = z.object({
  state: State.nullable(),
  status: SetStateStatusSchema,
  details: OrchestrationDetails,
});
/** An orchestration result. */
export type OrchestrationResult = z.infer<typeof OrchestrationResult>;
/** An orchestration result as accepted on input (what the server builds before serialising). */
export type OrchestrationResultInput = z.input<typeof OrchestrationResult>;

/**
 * Body of `POST /flow_runs/{id}/set_state` (OpenAPI `Body_set_flow_run_state_flow_runs__id__set_state_post`).
 * `force: true` skips the orchestration rules. An explicit `null` for `force` means the default, as FastAPI does.
 */
export const SetFlowRunStateRequest = z.object({
  state: StateCreate,
  force: z
    .boolean()
    .nullish()
    .transform((v) => v ?? false),
});
/** A set_state request for a flow run. */
export type SetFlowRunStateRequest = z.infer<typeof SetFlowRunStateRequest>;
/** A set_state request for a flow run, as sent. */
export type SetFlowRunStateRequestInput = z.input<typeof SetFlowRunStateRequest>;

/** Body of `POST /task_runs/{id}/set_state` (OpenAPI `Body_set_task_run_state_task_runs__id__set_state_post`). */
export const SetTaskRunStateRequest = z.object({
  state: StateCreate,
  force: z
    .boolean()
    .nullish()
    .transform((v) => v ?? false),
});
/** A set_state request for a task run. */
export type SetTaskRunStateRequest = z.infer<typeof SetTaskRunStateRequest>;
/** A set_state request for a task run, as sent. */
export type SetTaskRunStateRequestInput = z.input<typeof SetTaskRunStateRequest>;
